package dev.chat.it.support;

import dev.chat.api.rest.AttachmentUploadSlot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * What a client does with files: a multipart upload through the server, a PUT to a presigned
 * URL, a download by link; and the files themselves (a photo as a phone takes it, with EXIF).
 */
public final class Uploads {
    /** Stands for what EXIF gives away (a position, a name): it must never come back from a download. */
    public static final String SECRET = "GPS 48.8584N 2.2945E owner Alice";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Uploads() {
    }

    /** A JPEG of {@code width}×{@code height} with an EXIF block that holds {@link #SECRET}. */
    public static byte[] photoWithExif(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.ORANGE);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jpeg = out.toByteArray();
        byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
        byte[] tiff = ByteBuffer.allocate(8 + 2 + 4 + secret.length).put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8)
                .putShort((short) 0).putInt(0).put(secret).array();
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.length;
        return ByteBuffer.allocate(jpeg.length + 2 + length).put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) length)
                .put(exif).put(tiff).put(jpeg, 2, jpeg.length - 2).array();
    }

    /** {@code POST /api/v1/attachments} as {@code multipart/form-data}: the room and the file. */
    public static HttpResponse<String> multipart(URI base, String token, String roomId, String fileName, String type, byte[] content) {
        String boundary = "----chat-test-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"roomId\"\r\n\r\n" + roomId + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/attachments")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The file PUT to its slot's presigned URL, with the headers the slot asks for; the store's answer. */
    public static HttpResponse<String> put(AttachmentUploadSlot slot, byte[] content) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(slot.uploadUrl())).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        slot.headers().forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CORS preflight a browser on {@code origin} sends before it PUTs to a presigned URL (Chromium: header names in lower case). */
    public static HttpResponse<String> preflight(String url, String origin) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "PUT").header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET a download link, as a browser's {@code <img src>} would: no token. */
    public static HttpResponse<byte[]> download(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Where the development store (S3Proxy over a folder) keeps an attachment's bytes. */
    public static Path storedFile(String roomId, String attachmentId) {
        return Path.of(System.getenv("CHAT_STACK_DIR"), "s3", "data", "chat-attachments", "rooms", roomId, attachmentId);
    }

    public static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
