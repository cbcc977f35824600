package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.AttachmentLinks;
import dev.chat.api.rest.AttachmentUploadRequest;
import dev.chat.api.rest.AttachmentUploadSlot;
import dev.chat.api.rest.AttachmentView;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.TestUser;
import dev.chat.it.support.Uploads;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files in rooms, on a real S3-compatible store (S3Proxy with signature checks): both ways up
 * (presigned PUT, multipart through the server), what the checks refuse, messages that carry
 * files live and in history, downloads for members only, and a deleted message's files gone from
 * the store. On both runtimes: the S3 client, multipart parsing and the EJBs are packaged apart.
 */
class AttachmentsIT extends AliceAndBobInAGroup {

    private HttpResponse<String> requestSlot(TestUser user, String name, String type, long size) {
        return api.post("attachments/uploads", new AttachmentUploadRequest(room, name, type, size), user.accessToken());
    }

    private AttachmentView uploadPresigned(TestUser user, String name, String type, byte[] content) {
        HttpResponse<String> slotResponse = requestSlot(user, name, type, content.length);
        assertThat(slotResponse.statusCode()).as(slotResponse.body()).isEqualTo(201);
        AttachmentUploadSlot slot = ApiClient.read(slotResponse, AttachmentUploadSlot.class);
        HttpResponse<String> put = Uploads.put(slot, content);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        HttpResponse<String> complete = api.post("attachments/" + slot.attachmentId() + "/complete", null, user.accessToken());
        assertThat(complete.statusCode()).as(complete.body()).isEqualTo(200);
        return ApiClient.read(complete, AttachmentView.class);
    }

    private AttachmentView uploadDirect(TestUser user, String name, String type, byte[] content) {
        HttpResponse<String> response = Uploads.multipart(base, user.accessToken(), room, name, type, content);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ApiClient.read(response, AttachmentView.class);
    }

    private AttachmentLinks links(TestUser user, String attachmentId) {
        HttpResponse<String> response = api.get("attachments/" + attachmentId, user.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, AttachmentLinks.class);
    }

    private static void assertRefused(HttpResponse<String> response, int status, ErrorCode code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(ApiClient.read(response, ApiError.class).code()).isEqualTo(code);
    }

    @Test
    void aPhotoUploadedToThePresignedUrlReachesTheOtherMemberLiveAndInHistoryWithoutItsExif() throws Exception {
        byte[] photo = Uploads.photoWithExif(640, 480);
        AttachmentView uploaded = uploadPresigned(alice, "holiday.jpg", "image/jpeg", photo);
        assertThat(uploaded.mimeType()).isEqualTo("image/jpeg");
        assertThat(uploaded.width()).isEqualTo(640);
        assertThat(uploaded.height()).isEqualTo(480);
        assertThat(uploaded.thumbnail()).isTrue();
        assertThat(uploaded.size()).isLessThan(photo.length); // the EXIF block went

        try (ChatClient bobSession = bob.connect(base); ChatClient aliceSession = alice.connect(base)) {
            aliceSession.send(new SendMessage(room, "look!", "c-photo", null, List.of(uploaded.attachmentId())));
            MessageDelivered delivered = bobSession.await(MessageDelivered.class);
            assertThat(delivered.attachments()).containsExactly(uploaded);
            assertThat(delivered.content()).isEqualTo("look!");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<MessageView> history = ApiClient.readList(api.get("rooms/" + room + "/messages", bob.accessToken()), MessageView.class);
            assertThat(history).singleElement().satisfies(message -> assertThat(message.attachments()).containsExactly(uploaded));
        });

        AttachmentLinks links = links(bob, uploaded.attachmentId());
        assertThat(links.roomId()).isEqualTo(room);
        HttpResponse<byte[]> file = Uploads.download(links.url());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(Uploads.contains(file.body(), Uploads.SECRET)).as("EXIF in the download").isFalse();
        assertThat(file.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("image/jpeg"));
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition ->
                assertThat(disposition).startsWith("inline;").contains("filename=\"holiday.jpg\""));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(file.body()));
        assertThat(image.getWidth()).isEqualTo(640);
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(Uploads.download(links.previewUrl()).body()));
        assertThat(preview.getWidth()).isEqualTo(320);
        assertThat(Files.exists(Uploads.storedFile(room, uploaded.attachmentId()))).isTrue();
    }

    @Test
    void theStoreLetsTheChatsPageUploadFromABrowserAndNoOtherPage() {
        AttachmentUploadSlot slot = ApiClient.read(requestSlot(alice, "a.txt", "text/plain", 5), AttachmentUploadSlot.class);

        HttpResponse<String> chatPage = Uploads.preflight(slot.uploadUrl(), "http://localhost:8080");
        assertThat(chatPage.statusCode()).as(chatPage.body()).isEqualTo(200);
        assertThat(chatPage.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");
        assertThat(Uploads.preflight(slot.uploadUrl(), "https://evil.example").statusCode()).isEqualTo(403);
    }

    @Test
    void aSmallFileSentThroughTheServerTravelsWithAMessageSentOverHttp() {
        byte[] notes = "meeting notes\nline two\n".getBytes(StandardCharsets.UTF_8);
        AttachmentView uploaded = uploadDirect(alice, "notes.txt", "text/plain", notes);
        assertThat(uploaded.mimeType()).isEqualTo("text/plain");
        assertThat(uploaded.thumbnail()).isNull();

        HttpResponse<String> sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("", null, List.of(uploaded.attachmentId())),
                alice.accessToken(), "Idempotency-Key", "notes-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        String messageId = ApiClient.read(sent, SentMessageView.class).messageId();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> one = api.get("rooms/" + room + "/messages/" + messageId, bob.accessToken());
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(ApiClient.read(one, MessageView.class).attachments()).containsExactly(uploaded);
        });
        HttpResponse<byte[]> file = Uploads.download(links(bob, uploaded.attachmentId()).url());
        assertThat(file.body()).isEqualTo(notes);
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(disposition -> assertThat(disposition).startsWith("attachment;"));
    }

    @Test
    void contentThatIsNotWhatItClaimsIsRefusedAndNotKept() {
        byte[] script = "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8);
        assertRefused(Uploads.multipart(base, alice.accessToken(), room, "cat.png", "image/png", script), 415, ErrorCode.UNSUPPORTED_TYPE);

        HttpResponse<String> slotResponse = requestSlot(alice, "cat.png", "image/png", script.length);
        AttachmentUploadSlot slot = ApiClient.read(slotResponse, AttachmentUploadSlot.class);
        assertThat(Uploads.put(slot, script).statusCode()).isEqualTo(200); // the store takes any bytes: the server checks them
        assertRefused(api.post("attachments/" + slot.attachmentId() + "/complete", null, alice.accessToken()), 415, ErrorCode.UNSUPPORTED_TYPE);
        assertThat(Files.exists(Uploads.storedFile(room, slot.attachmentId()))).as("refused upload still stored").isFalse();
        assertRefused(api.get("attachments/" + slot.attachmentId(), alice.accessToken()), 404, ErrorCode.NOT_FOUND);
    }

    @Test
    void sizeTypeAndQuotaLimitsAreCheckedBeforeAnythingIsStored() {
        assertRefused(requestSlot(alice, "big.pdf", "application/pdf", 3 * 1024 * 1024), 413, ErrorCode.TOO_LARGE);
        assertRefused(requestSlot(alice, "tool.exe", "application/x-msdownload", 100), 415, ErrorCode.UNSUPPORTED_TYPE);
        byte[] overDirect = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(overDirect, (byte) 'a');
        assertRefused(Uploads.multipart(base, alice.accessToken(), room, "long.txt", "text/plain", overDirect), 413, ErrorCode.TOO_LARGE);

        // the quota (4 MiB in the tests) counts what was promised to uploads in progress
        assertThat(requestSlot(alice, "a.pdf", "application/pdf", 2 * 1024 * 1024).statusCode()).isEqualTo(201);
        assertThat(requestSlot(alice, "b.pdf", "application/pdf", 2 * 1024 * 1024).statusCode()).isEqualTo(201);
        assertRefused(requestSlot(alice, "c.pdf", "application/pdf", 1), 413, ErrorCode.QUOTA_EXCEEDED);
        assertThat(requestSlot(bob, "c.pdf", "application/pdf", 1).statusCode()).as("another user's quota").isEqualTo(201);
    }

    @Test
    void onlyMembersDownloadAndOnlyTheirOwnUnsentUploadsCanBeSent() {
        TestUser carol = TestUser.register(api, "carol");
        AttachmentView uploaded = uploadDirect(alice, "plan.txt", "text/plain", "the plan".getBytes(StandardCharsets.UTF_8));

        assertRefused(api.get("attachments/" + uploaded.attachmentId(), bob.accessToken()), 404, ErrorCode.NOT_FOUND); // not sent yet: alice's alone
        try (ChatClient bobSession = bob.connect(base)) {
            bobSession.send(new SendMessage(room, "mine now", "c-steal", null, List.of(uploaded.attachmentId())));
            assertThat(bobSession.await(ErrorFrame.class).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        }
        HttpResponse<String> sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("the plan", null, List.of(uploaded.attachmentId())),
                alice.accessToken(), "Idempotency-Key", "plan-1");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("attachments/" + uploaded.attachmentId(), bob.accessToken()).statusCode() == 200);

        assertRefused(api.get("attachments/" + uploaded.attachmentId(), carol.accessToken()), 403, ErrorCode.NOT_A_MEMBER);
        String bobsLink = links(bob, uploaded.attachmentId()).url();
        HttpResponse<byte[]> forged = Uploads.download(bobsLink.replace("user=" + bob.id(), "user=" + carol.id()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(Uploads.download(bobsLink.replaceAll("sig=[^&]+", "sig=forged")).statusCode()).isEqualTo(403);
    }

    @Test
    void deletingAMessageRemovesItsFilesFromTheStore() {
        AttachmentView uploaded = uploadDirect(alice, "drop.txt", "text/plain", "temporary".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> sent = api.post("rooms/" + room + "/messages", new SendMessageRequest("", null, List.of(uploaded.attachmentId())),
                alice.accessToken(), "Idempotency-Key", "drop-1");
        String messageId = ApiClient.read(sent, SentMessageView.class).messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("rooms/" + room + "/messages/" + messageId, alice.accessToken()).statusCode() == 200);
        String link = links(bob, uploaded.attachmentId()).url();
        assertThat(Files.exists(Uploads.storedFile(room, uploaded.attachmentId()))).isTrue();

        HttpResponse<String> deleted = api.delete("rooms/" + room + "/messages/" + messageId, alice.accessToken());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.exists(Uploads.storedFile(room, uploaded.attachmentId()))).as("object in the store").isFalse());
        assertThat(Uploads.download(link).statusCode()).isEqualTo(404);
        MessageView tombstone = ApiClient.read(api.get("rooms/" + room + "/messages/" + messageId, bob.accessToken()), MessageView.class);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.attachments()).isNull();
    }
}
