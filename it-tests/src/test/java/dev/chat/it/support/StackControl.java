package dev.chat.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts one server of the test stack, data kept ({@code server-config/bin/stack stop kafka}),
 * for the outage tests. The stack's folder and ports come from the environment Maven gives the tests.
 */
public final class StackControl {
    private StackControl() {
    }

    public static void stop(String service) {
        run("stop", service);
    }

    public static void start(String service) {
        run("start", service);
    }

    private static void run(String command, String service) {
        run(Map.of(), command, service);
    }

    /**
     * {@code server-config/bin/stack} with {@code arguments}, the environment Maven gives the tests
     * overridden by {@code environment} (another stack: its folder, ports, region).
     */
    public static void run(Map<String, String> environment, String... arguments) {
        Path repo = Path.of(System.getProperty("chat.repo.dir", "..")).toAbsolutePath().normalize();
        String command = String.join(" ", arguments);
        try {
            List<String> line = new ArrayList<>(List.of(repo.resolve("server-config/bin/stack").toString()));
            line.addAll(List.of(arguments));
            var builder = new ProcessBuilder(line).inheritIO();
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) { // the trace viewer is fetched (131 MB) the first time
                process.destroyForcibly();
                throw new AssertionError("stack " + command + " did not finish within 300 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("stack " + command + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            throw new AssertionError("could not run stack " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
