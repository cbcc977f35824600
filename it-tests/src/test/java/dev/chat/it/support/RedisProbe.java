package dev.chat.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Looks at Redis directly (plain RESP over a socket), to check what the application keeps there. */
public final class RedisProbe {
    private RedisProbe() {
    }

    public static boolean exists(String key) {
        return Long.parseLong(command("EXISTS", key).substring(1)) == 1;
    }

    /** The key's remaining time to live in milliseconds (-1: none, -2: no such key). */
    public static long pttl(String key) {
        return Long.parseLong(command("PTTL", key).substring(1));
    }

    /** Sends one command and returns the first line of the reply (":1", "+OK", "$-1" …). */
    private static String command(String... parts) {
        URI address = TestEnvironment.redisAddress();
        try (Socket socket = new Socket(address.getHost(), address.getPort())) {
            StringBuilder request = new StringBuilder("*" + parts.length + "\r\n");
            for (String part : parts) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new IllegalStateException("Redis at " + address + " not reachable", e);
        }
    }
}
