package dev.chat.it;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so the deployers' files are checked for what can go stale
 * without one: the compose file parses and wires every chat node with the settings the code
 * reads, and every file the Dockerfiles copy is one the build produces or the repository holds.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SETTINGS = List.of("KAFKA_BOOTSTRAP_SERVERS", "CHAT_DB_HOST", "CHAT_DB_PORT",
            "CHAT_DB_NAME", "CHAT_DB_USER", "CHAT_DB_PASSWORD", "CHAT_REDIS_ADDRESS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "CHAT_AUTH_SIGNING_KEY_LOCATION", "CHAT_NODE_ID");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheStackAndTwoHealthCheckedNodesWiredByTheSameSettings() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsKeys("kafka", "postgres", "redis", "minio", "chat-node-1", "chat-node-2", "chat-server");
        for (String node : List.of("chat-node-1", "chat-node-2", "chat-server")) {
            Map<String, Object> service = services.get(node);
            assertThat(service).as(node).containsKeys("healthcheck", "depends_on", "build");
            assertThat((Map<String, Object>) service.get("environment")).as(node).containsKeys(SETTINGS.toArray(String[]::new));
        }
        assertThat(services.values()).allSatisfy(service -> assertThat(service).containsKey("healthcheck"));
    }

    @Test
    void dockerfilesCopyOnlyWhatTheBuildProducesOrTheRepositoryHolds() throws IOException {
        for (String dockerfile : List.of("docker/micro/Dockerfile", "docker/server/Dockerfile")) {
            Matcher copy = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) ").matcher(Files.readString(ROOT.resolve(dockerfile)));
            int copies = 0;
            while (copy.find()) {
                copies++;
                assertThat(ROOT.resolve(copy.group(1))).as(dockerfile + " copies " + copy.group(1)).exists();
            }
            assertThat(copies).as(dockerfile).isGreaterThanOrEqualTo(3);
        }
    }
}
