package dev.chat.it.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One region's servers for the region tests (docs/regions.md): a stack of its own
 * ({@code server-config/bin/stack}, its own folder under {@code target/regions/} and free ports),
 * and, once every region's Kafka runs, MirrorMaker 2 copying the other regions' chat topics into
 * this region's Kafka ({@code <region>.chat.messages}, …). Closing stops what it started.
 */
public final class RegionStack implements AutoCloseable {
    /** Topics of the tests' own that MirrorMaker 2 copies too: records no node reads. */
    public static final String TEST_TOPICS = "region-test\\..*";

    /** The operator token of the region nodes ({@code chat.admin.token}): a promotion is an operator's call. */
    public static final String ADMIN_TOKEN = "region-test-operator";

    private final String name;
    private final Map<String, String> environment = new HashMap<>();
    private final int kafkaPort = ClusterNodes.freePort();
    private final int dbPort = ClusterNodes.freePort();
    private final int redisPort = ClusterNodes.freePort();

    private RegionStack(String name, String services) {
        this.name = name;
        Path repo = Path.of(System.getProperty("chat.repo.dir", "..")).toAbsolutePath().normalize();
        environment.put("CHAT_REGION", name);
        environment.put("CHAT_STACK_DIR", repo.resolve("it-tests/target/regions/" + name).toString());
        environment.put("CHAT_STACK_SERVICES", services);
        environment.put("CHAT_STACK_FRESH", "true");
        environment.put("CHAT_KAFKA_PORT", String.valueOf(kafkaPort));
        environment.put("CHAT_KAFKA_CONTROLLER_PORT", String.valueOf(ClusterNodes.freePort()));
        environment.put("CHAT_KAFKA_HEAP", "384m");
        environment.put("CHAT_DB_PORT", String.valueOf(dbPort));
        environment.put("CHAT_DB_FSYNC", "off");
        environment.put("CHAT_REDIS_PORT", String.valueOf(redisPort));
    }

    /**
     * What a node of this region needs on top of the test settings (names as in {@code stack env}):
     * this region's Kafka, PostgreSQL and Redis, its name, regions on. The object store, the mail
     * server and the JWT keys stay the test stack's, shared by the regions.
     */
    public Map<String, String> nodeEnvironment() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers(),
                "CHAT_DB_HOST", "127.0.0.1",
                "CHAT_DB_PORT", String.valueOf(dbPort),
                "CHAT_REDIS_ADDRESS", "redis://127.0.0.1:" + redisPort,
                "CHAT_REGION", name,
                "CHAT_REGION_MIRRORED", "true",
                "CHAT_ADMIN_TOKEN", ADMIN_TOKEN);
    }

    /** This region's database (name and account as the test stack's: the stacks read the same settings). */
    public Connection openDatabase() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/" + setting("CHAT_DB_NAME", "chat"),
                setting("CHAT_DB_USER", "chat"), setting("CHAT_DB_PASSWORD", "chat"));
    }

    private static String setting(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    /** Starts the region's {@code services} (e.g. {@code "kafka"}), from empty. */
    public static RegionStack start(String name, String services) {
        var region = new RegionStack(name, services);
        StackControl.run(region.environment, "start");
        return region;
    }

    /** The regions this region's MirrorMaker 2 copies from (for {@link #startAgain}). */
    private List<RegionStack> mirrored = List.of();

    /** Starts MirrorMaker 2 into this region from {@code sources}' Kafka (their Kafka must run). */
    public void mirrorFrom(List<RegionStack> sources) {
        mirrored = List.copyOf(sources);
        var mirror = new HashMap<>(environment);
        mirror.put("CHAT_MIRROR_EXTRA_TOPICS", TEST_TOPICS);
        mirror.put("CHAT_MIRROR_FROM", sources.stream().map(source -> source.name + "=" + source.kafkaBootstrapServers())
                .collect(Collectors.joining(",")));
        StackControl.run(mirror, "start", "mirror");
    }

    /** Stops MirrorMaker 2 into this region: what the other regions write stays there until it runs again. */
    public void stopMirror() {
        StackControl.run(environment, "stop", "mirror");
    }

    /** The region is lost: every server of it stops (its data stays, for {@link #startAgain}). */
    public void stop() {
        StackControl.run(environment, "stop");
    }

    /** The region comes back after {@link #stop}: its servers with their data as they were, then its MirrorMaker 2. */
    public void startAgain() {
        StackControl.run(environment, "start", environment.get("CHAT_STACK_SERVICES"));
        mirrorFrom(mirrored);
    }

    public String name() {
        return name;
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    @Override
    public void close() {
        StackControl.run(environment, "stop");
    }
}
