package dev.chat.it;

import dev.chat.api.codec.ChatJson;
import dev.chat.api.event.EventType;
import dev.chat.api.frame.FrameType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The references users read stay true to the code: README shows every frame with an example that
 * the codec decodes as that frame, the protocol page names every event type, and the
 * configuration page lists every setting the code reads.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern EXAMPLE_ROW = Pattern.compile("^\\| `([A-Z_]+)` \\| `(\\{.*?})`", Pattern.MULTILINE);
    private static final Pattern CONFIG_KEY = Pattern.compile("@ConfigProperty\\(name = \"([^\"]+)\"");

    @Test
    void readmeShowsEveryFrameWithAnExampleThatDecodesAsThatFrame() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int clientTable = readme.indexOf("Client → server:");
        int serverTable = readme.indexOf("Server → client:");
        assertThat(clientTable).isPositive().isLessThan(serverTable);
        List<FrameType> documented = new ArrayList<>();
        documented.addAll(examples(readme.substring(clientTable, serverTable), true));
        documented.addAll(examples(readme.substring(serverTable), false));
        assertThat(documented).containsExactlyInAnyOrder(FrameType.values());
    }

    private static List<FrameType> examples(String table, boolean sentByClient) {
        Matcher rows = EXAMPLE_ROW.matcher(table);
        List<FrameType> documented = new ArrayList<>();
        while (rows.find()) {
            if (!sentByClient && rows.group(1).equals(ChatJson.BATCH)) {
                // not a frame of its own: the envelope of several, each of which must decode
                assertThat(ChatJson.instance().decodeServerFrames(rows.group(2))).as(rows.group(2)).hasSizeGreaterThan(1);
                continue;
            }
            FrameType type = FrameType.ofWireName(rows.group(1), sentByClient).orElseThrow(
                    () -> new AssertionError("README names a frame " + rows.group(1) + " that does not exist in that direction"));
            String example = rows.group(2);
            Record decoded = sentByClient ? (Record) ChatJson.instance().decodeClientFrame(example)
                    : (Record) ChatJson.instance().decodeServerFrame(example);
            assertThat(FrameType.of(decoded)).as(example).isEqualTo(type);
            documented.add(type);
        }
        return documented;
    }

    @Test
    void protocolPageNamesEveryEventType() throws IOException {
        String protocol = Files.readString(ROOT.resolve("docs/protocol.md"));
        for (EventType type : EventType.values()) {
            assertThat(protocol).as(type.wireName()).contains("`" + type.wireName() + "`");
        }
    }

    @Test
    void configurationPageListsEverySettingTheCodeReads() throws IOException {
        String configuration = Files.readString(ROOT.resolve("docs/configuration.md"));
        List<String> keys = new ArrayList<>();
        for (String module : List.of("chat-ejb", "chat-web")) {
            try (Stream<Path> sources = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher key = CONFIG_KEY.matcher(Files.readString(source));
                    while (key.find()) {
                        keys.add(key.group(1));
                    }
                }
            }
        }
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(configuration).as(key).contains("`" + key + "`"));
    }
}
