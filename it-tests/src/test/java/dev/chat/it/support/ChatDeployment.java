package dev.chat.it.support;

import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/**
 * What the suite deploys, exactly as the build produced it: the self-contained WAR on Payara
 * Micro, the EAR on Payara Server ({@code -Dchat.deployment=ear}). The same tests run on both.
 */
public final class ChatDeployment {
    private ChatDeployment() {
    }

    /**
     * For a test that runs inside the application: on a WAR Arquillian adds the test class itself;
     * an EAR is no class container, so the class goes into the EJB module, which every web module
     * (Arquillian's test runner among them) can see.
     */
    public static Archive<?> forRuntimeWith(Class<?> inContainerTest) {
        Archive<?> archive = forRuntime();
        if (archive instanceof EnterpriseArchive ear) {
            ear.getAsType(JavaArchive.class, "chat-ejb.jar").addClass(inContainerTest);
        }
        return archive;
    }

    public static Archive<?> forRuntime() {
        if ("ear".equals(System.getProperty("chat.deployment"))) {
            return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, built("chat.ear", "../chat-ear/target/chat.ear"));
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, built("chat.war", "../chat-web/target/chat-web.war"));
    }

    private static File built(String property, String fallback) {
        File archive = new File(System.getProperty(property, fallback));
        if (!archive.isFile()) {
            throw new IllegalStateException("Not built: " + archive.getAbsolutePath());
        }
        return archive;
    }
}
