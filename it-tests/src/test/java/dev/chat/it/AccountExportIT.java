package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Reaction;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.AttachmentView;
import dev.chat.api.rest.ExportView;
import dev.chat.it.support.AliceAndBobInAGroup;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.Exports;
import dev.chat.it.support.Uploads;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user takes their data away (docs/privacy.md, "Export"): asked for through the API, built in the
 * background into the object store, downloaded as a ZIP by that user only; the test reads the ZIP.
 */
class AccountExportIT extends AliceAndBobInAGroup {

    @Test
    void aUserDownloadsEverythingAboutThemAsAZipAndNobodyElseCan() throws Exception {
        byte[] notes = "alice's own notes\n".getBytes(StandardCharsets.UTF_8);
        var uploaded = Uploads.multipart(base, alice.accessToken(), room, "notes.txt", "text/plain", notes);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String attachmentId = ApiClient.read(uploaded, AttachmentView.class).attachmentId();
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "exported words of alice", "export-1", null));
            aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals("export-1"));
            bobSession.send(new SendMessage(room, "bob's words are not hers", "export-2", null));
            String bobs = aliceSession.await(MessageDelivered.class, m -> "bob's words are not hers".equals(m.content()))
                    .messageId();
            aliceSession.send(new React(room, bobs, "🎉"));
            aliceSession.await(Reaction.class, r -> r.messageId().equals(bobs));
        }

        var asked = api.post("users/me/export", null, alice.accessToken());
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        ExportView export = ApiClient.read(asked, ExportView.class);
        assertThat(asked.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith(export.exportId()));
        // nobody else sees it
        assertThat(api.get("users/me/export/" + export.exportId(), bob.accessToken()).statusCode()).isEqualTo(404);
        assertThat(api.get("users/me/export/" + export.exportId() + "/download", bob.accessToken()).statusCode()).isEqualTo(404);
        assertThat(api.get("users/me/export/" + export.exportId(), null).statusCode()).isEqualTo(401);

        ExportView ready = Exports.awaitReady(api, alice.accessToken(), export.exportId());
        assertThat(ready.expiresAt()).isAfter(ready.readyAt());
        HttpResponse<byte[]> download = Exports.download(base, alice.accessToken(), export.exportId());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(value -> assertThat(value).startsWith("attachment"));
        assertThat((long) download.body().length).isEqualTo(ready.sizeBytes());

        Map<String, byte[]> entries = Exports.unzip(download.body());
        assertThat(entries).containsKeys("README.txt", "profile.json", "memberships.json", "messages.json", "reactions.json",
                "notification-settings.json", "push-subscriptions.json", "attachments.json");
        JsonObject profile = json(entries.get("profile.json")).asJsonObject();
        assertThat(profile.getString("id")).isEqualTo(alice.id());
        assertThat(profile.getString("username")).isEqualTo(alice.username());
        JsonArray messages = json(entries.get("messages.json")).asJsonArray();
        assertThat(messages).hasSize(1);
        assertThat(messages.getJsonObject(0).getString("content")).isEqualTo("exported words of alice");
        assertThat(json(entries.get("memberships.json")).asJsonArray().getJsonObject(0).getString("roomId")).isEqualTo(room);
        assertThat(json(entries.get("reactions.json")).asJsonArray().getJsonObject(0).getString("emoji")).isEqualTo("🎉");
        assertThat(json(entries.get("attachments.json")).asJsonArray().getJsonObject(0).getString("id")).isEqualTo(attachmentId);
        assertThat(entries.get("attachments/" + attachmentId + "/notes.txt")).isEqualTo(notes);
        assertThat(new String(entries.get("messages.json"), StandardCharsets.UTF_8)).doesNotContain("bob's words");

        // a second request while none is being built makes a new one; downloading one not ready yet is a conflict
        ExportView again = ApiClient.read(api.post("users/me/export", null, alice.accessToken()), ExportView.class);
        var early = api.get("users/me/export/" + again.exportId() + "/download", alice.accessToken());
        if (early.statusCode() != 200) {
            assertThat(early.statusCode()).isEqualTo(409);
            assertThat(ApiClient.read(early, ApiError.class).code()).isEqualTo(ErrorCode.CONFLICT);
        }
        assertThat(ApiClient.readList(api.get("users/me/export", alice.accessToken()), ExportView.class))
                .extracting(ExportView::exportId).contains(export.exportId(), again.exportId());
    }

    private static jakarta.json.JsonValue json(byte[] content) {
        return Json.createReader(new StringReader(new String(content, StandardCharsets.UTF_8))).readValue();
    }
}
