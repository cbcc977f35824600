package dev.chat.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bytes the kernel holds for one local TCP connection, from {@code /proc/net/tcp} and {@code tcp6}: what the
 * server's socket has yet to send ({@code tx_queue} of the server's end) and what the client's
 * socket received but its program did not read ({@code rx_queue} of the client's end). Linux only.
 */
public record SocketQueues(long serverSendQueue, long clientReceiveQueue) {

    public static SocketQueues of(int serverPort, int clientPort) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) { // the node may listen on an IPv6 address
            List<String> rows = Files.readAllLines(Path.of(table));
            lines.addAll(rows.subList(1, rows.size()));
        }
        long send = -1;
        long receive = -1;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            int local = port(fields[1]);
            int remote = port(fields[2]);
            String[] queues = fields[4].split(":");
            if (local == serverPort && remote == clientPort) {
                send = Long.parseLong(queues[0], 16);
            } else if (local == clientPort && remote == serverPort) {
                receive = Long.parseLong(queues[1], 16);
            }
        }
        if (send < 0 || receive < 0) {
            throw new IOException(String.format(Locale.ROOT, "no local connection :%d <-> :%d in /proc/net/tcp or tcp6", serverPort, clientPort));
        }
        return new SocketQueues(send, receive);
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }
}
