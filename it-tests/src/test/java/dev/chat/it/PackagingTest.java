package dev.chat.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archives keep the packaging rules that make SmallRye Reactive Messaging work on Payara
 * (provider and Kafka connector classes inside chat-ejb, never as jars of their own; server APIs
 * not bundled), and the EAR holds both modules with the web module at "/".
 */
class PackagingTest {
    private static final String EXTENSION_CLASS =
            "io/smallrye/reactive/messaging/providers/extension/ReactiveMessagingExtension.class";

    @Test
    void microWarIsSelfContainedWithSmallRyeInItsOwnClasses() throws IOException {
        List<String> entries = entries(Path.of(System.getProperty("chat.war")));

        assertThat(entries).contains("WEB-INF/beans.xml", "WEB-INF/payara-web.xml")
                .anyMatch(name -> name.matches("WEB-INF/lib/chat-ejb-.*\\.jar"))
                .anyMatch(name -> name.matches("WEB-INF/lib/chat-api-.*\\.jar"))
                .anyMatch(name -> name.matches("WEB-INF/lib/kafka-clients-.*\\.jar"))
                .noneMatch(name -> name.matches("WEB-INF/lib/smallrye-reactive-messaging-(provider|kafka|otel)-\\d.*\\.jar"))
                .noneMatch(name -> name.matches("WEB-INF/lib/jakarta\\.(enterprise\\.cdi|annotation)-api.*\\.jar"))
                // traces: the Zipkin exporter plugs into Payara's OpenTelemetry SDK, which is not packaged again
                .anyMatch(name -> name.matches("WEB-INF/lib/opentelemetry-exporter-zipkin-1\\.29\\..*\\.jar"))
                .noneMatch(name -> name.matches("WEB-INF/lib/opentelemetry-sdk.*\\.jar"));
    }

    @Test
    void skinnyWarCarriesNoLibraries() throws IOException {
        List<String> entries = entries(Path.of(System.getProperty("chat.skinny-war")));

        assertThat(entries).contains("WEB-INF/beans.xml").noneMatch(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"));
    }

    @Test
    void earHoldsEjbAndWebModuleAtRootWithSharedLibraries() throws IOException {
        Path ear = Path.of(System.getProperty("chat.ear"));
        List<String> entries = entries(ear);

        assertThat(entries).contains("chat-ejb.jar", "chat-web.war", "META-INF/application.xml")
                .anyMatch(name -> name.matches("lib/chat-api-.*\\.jar"))
                .anyMatch(name -> name.matches("lib/kafka-clients-.*\\.jar"))
                .anyMatch(name -> name.matches("lib/flyway-core-.*\\.jar"))
                .noneMatch(name -> name.matches("lib/smallrye-reactive-messaging-(provider|kafka|otel)-\\d.*\\.jar"))
                .anyMatch(name -> name.matches("lib/opentelemetry-exporter-zipkin-1\\.29\\..*\\.jar"))
                .noneMatch(name -> name.matches("lib/opentelemetry-sdk.*\\.jar"));
        String applicationXml = read(ear, "META-INF/application.xml");
        assertThat(applicationXml).contains("<ejb>chat-ejb.jar</ejb>", "<web-uri>chat-web.war</web-uri>",
                "<context-root>/</context-root>", "<library-directory>lib</library-directory>");
        assertThat(entriesOfNested(ear, "chat-ejb.jar")).as("the EJB module").contains(EXTENSION_CLASS, "META-INF/beans.xml",
                "META-INF/microprofile-config.properties", "db/migration/V1__messages.sql");
    }

    @Test
    void ejbModuleCarriesSmallRyeAsItsOwnBeanClasses() throws IOException {
        List<String> war = entries(Path.of(System.getProperty("chat.war")));
        String ejbJar = war.stream().filter(name -> name.matches("WEB-INF/lib/chat-ejb-.*\\.jar")).findFirst().orElseThrow();

        assertThat(entriesOfNested(Path.of(System.getProperty("chat.war")), ejbJar)).contains(EXTENSION_CLASS, "META-INF/beans.xml");
    }

    private static List<String> entriesOfNested(Path archive, String nested) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile());
             var inner = new ZipInputStream(zip.getInputStream(zip.getEntry(nested)))) {
            List<String> names = new java.util.ArrayList<>();
            for (ZipEntry entry; (entry = inner.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
            return names;
        }
    }

    private static List<String> entries(Path archive) throws IOException {
        assertThat(archive).as("built archive").isRegularFile();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }

    private static String read(Path archive, String entry) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
