package dev.chat.it.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client that opens its session and then stops reading, as a phone on a dead network
 * does: a plain socket with a small receive buffer, so that the server's frames back up in the
 * server rather than in this process. {@link #drain} reads afterwards what did arrive, up to the
 * server's close frame.
 */
public final class StalledClient implements AutoCloseable {
    /**
     * What the server sent before it closed: the number of text frames and their payload bytes
     * (what the socket buffers and the container still held for the stalled client), its close
     * frame (null if it closed the connection without one), and whether it ended the connection at all.
     */
    public record Drained(int textFrames, long textBytes, Integer closeCode, String closeReason, boolean ended) {
    }

    private final Socket socket;

    private StalledClient(Socket socket) {
        this.socket = socket;
    }

    public static StalledClient connect(URI base, String token) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String handshake = "GET /ws/chat HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(handshake.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHeaders(socket.getInputStream());
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
        return new StalledClient(socket);
    }

    /** Reads everything the server sent, frame by frame, until its close frame or the end of the stream. */
    public Drained drain(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        var in = new DataInputStream(socket.getInputStream());
        int texts = 0;
        long bytes = 0;
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length); // server frames are not masked
                int opcode = first & 0x0F;
                boolean lastFragment = (first & 0x80) != 0;
                if (opcode == 0x1 || opcode == 0x0) {
                    bytes += payload.length;
                }
                if ((opcode == 0x1 || opcode == 0x0) && lastFragment) { // a whole text message has arrived
                    texts++;
                } else if (opcode == 0x8) {
                    Integer code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : null;
                    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return new Drained(texts, bytes, code, reason, true);
                }
            }
        } catch (EOFException | java.net.SocketException closed) {
            return new Drained(texts, bytes, null, null, true);
        } catch (SocketTimeoutException stillOpen) {
            return new Drained(texts, bytes, null, null, false);
        }
    }

    /** This end's port, to find the connection in the kernel's tables ({@link SocketQueues}). */
    public int localPort() {
        return socket.getLocalPort();
    }

    public int serverPort() {
        return socket.getPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHeaders(InputStream in) throws IOException {
        var headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed during the handshake: " + headers);
            }
            headers.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }
}
