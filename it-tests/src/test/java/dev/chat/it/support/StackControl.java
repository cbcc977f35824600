package dev.chat.it.support;

import java.io.IOException;
import java.nio.file.Path;
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
        Path repo = Path.of(System.getProperty("chat.repo.dir", "..")).toAbsolutePath().normalize();
        try {
            Process process = new ProcessBuilder(repo.resolve("server-config/bin/stack").toString(), command, service)
                    .inheritIO().start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) { // the trace viewer is fetched (131 MB) the first time
                process.destroyForcibly();
                throw new AssertionError("stack " + command + " " + service + " did not finish within 300 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("stack " + command + " " + service + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            throw new AssertionError("could not run stack " + command + " " + service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
