package dev.chat.it.support;

import dev.chat.api.rest.ExportView;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's export (docs/privacy.md, "Export") as its user gets it: waited for, downloaded, unzipped. */
public final class Exports {
    private Exports() {
    }

    /** The export once it is ready (30 s at most; never failed or expired on the way). */
    public static ExportView awaitReady(ApiClient api, String token, String exportId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            ExportView export = ApiClient.read(api.get("users/me/export/" + exportId, token), ExportView.class);
            if (export.status().equals("ready")) {
                return export;
            }
            assertThat(export.status()).isIn("pending", "building");
            assertThat(System.nanoTime()).as("export ready within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** {@code GET /users/me/export/{id}/download}, the body as bytes. */
    public static HttpResponse<byte[]> download(URI base, String token, String exportId) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/v1/users/me/export/" + exportId + "/download"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The entries of a ZIP by name. */
    public static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
