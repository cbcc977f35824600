package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.AttachmentLinks;
import dev.chat.api.rest.AttachmentUploadRequest;
import dev.chat.api.rest.AttachmentUploadSlot;
import dev.chat.api.rest.AttachmentView;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.NodeReadiness;
import dev.chat.it.support.StackControl;
import dev.chat.it.support.Uploads;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens to files over time and when the store fails (Payara Micro only: nothing here
 * depends on the packaging). The tests run with short settings (it-tests/pom.xml): presigned and
 * download links valid 3 s, uploads no message took swept after 15 s, a sweep every second.
 */
class AttachmentLifecycleIT extends AliceAndBobInAGroup {

    private AttachmentView uploadDirect(String name, String text) {
        HttpResponse<String> response = Uploads.multipart(base, alice.accessToken(), room, name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ApiClient.read(response, AttachmentView.class);
    }

    @Test
    void anUploadNoMessageTookIsSweptFromTheStoreAndTheTable() {
        double removedBefore = NodeMetrics.value(base, "chat_attachments_removed_total");
        AttachmentView orphan = uploadDirect("orphan.txt", "never sent");
        assertThat(Files.exists(Uploads.storedFile(room, orphan.attachmentId()))).isTrue();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(Files.exists(Uploads.storedFile(room, orphan.attachmentId()))).as("object in the store").isFalse();
            assertThat(api.get("attachments/" + orphan.attachmentId(), alice.accessToken()).statusCode()).isEqualTo(404);
        });
        assertThat(NodeMetrics.value(base, "chat_attachments_removed_total")).isGreaterThan(removedBefore);
    }

    @Test
    void deletingARoomRemovesItsFilesFromTheStore() {
        AttachmentView shared = uploadDirect("minutes.txt", "minutes of the last meeting");
        HttpResponse<String> sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("", null, List.of(shared.attachmentId())),
                alice.accessToken(), "Idempotency-Key", "minutes-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("attachments/" + shared.attachmentId(), bob.accessToken()).statusCode() == 200);

        HttpResponse<String> deleted = api.delete("rooms/" + room, alice.accessToken());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Files.exists(Uploads.storedFile(room, shared.attachmentId()))).as("object in the store").isFalse());
        assertThat(api.get("attachments/" + shared.attachmentId(), alice.accessToken()).statusCode()).isEqualTo(404);
    }

    @Test
    void expiredLinksAreRefusedByTheStoreAndByTheServer() throws Exception {
        byte[] content = "late".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> slotResponse = api.post("attachments/uploads", new AttachmentUploadRequest(room, "late.txt", "text/plain", (long) content.length),
                alice.accessToken());
        AttachmentUploadSlot slot = ApiClient.read(slotResponse, AttachmentUploadSlot.class);
        AttachmentView uploaded = uploadDirect("soon.txt", "soon");
        AttachmentLinks links = ApiClient.read(api.get("attachments/" + uploaded.attachmentId(), alice.accessToken()), AttachmentLinks.class);
        assertThat(Uploads.download(links.url()).statusCode()).isEqualTo(200);

        Thread.sleep(4_500); // past both links' 3 s

        HttpResponse<String> latePut = Uploads.put(slot, content);
        assertThat(latePut.statusCode()).as("the store checks the presigned URL's expiry: " + latePut.body()).isEqualTo(403);
        assertThat(Uploads.download(links.url()).statusCode()).isEqualTo(403);
        HttpResponse<String> complete = api.post("attachments/" + slot.attachmentId() + "/complete", null, alice.accessToken());
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(409); // nothing arrived
    }

    @Test
    void whileTheStoreIsDownUploadsAnswer503AndTheNodeStaysReadyThenAllWorksAgain() throws Exception {
        StackControl.stop("s3");
        try {
            HttpResponse<String> refused = Uploads.multipart(base, alice.accessToken(), room, "down.txt", "text/plain",
                    "store down".getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            ApiError error = ApiClient.read(refused, ApiError.class);
            assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(error.message()).contains("attachment store");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var readiness = NodeReadiness.readiness(base);
                assertThat(readiness.statusCode()).as("chat goes on without the store").isEqualTo(200);
                assertThat(NodeReadiness.checkData(readiness, "attachment-store", "reachable")).isEqualTo("false");
            });
        } finally {
            StackControl.start("s3");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(NodeReadiness.checkData(NodeReadiness.readiness(base), "attachment-store", "reachable")).isEqualTo("true"));
        assertThat(uploadDirect("back.txt", "store back").mimeType()).isEqualTo("text/plain");
    }
}
