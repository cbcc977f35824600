package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.MessageEdited;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.AttachmentLinks;
import dev.chat.api.rest.AttachmentUploadRequest;
import dev.chat.api.rest.AttachmentView;
import dev.chat.api.rest.ExportView;
import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.RoomView;
import dev.chat.crypto.control.DataKeyStore;
import dev.chat.crypto.control.DataKeys;
import dev.chat.crypto.control.MasterKeys;
import dev.chat.crypto.control.Sealed;
import dev.chat.crypto.control.SealedStream;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.ClusterNodes;
import dev.chat.it.support.Exports;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import dev.chat.it.support.Uploads;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Encryption at rest as an operator switches it on: messages and edits are sealed before Kafka and
 * stay sealed in every topic and in PostgreSQL, every reader (live frames, history, the room list)
 * sees the text, search says it is off, and an erased account's data key is gone, so the sealed
 * copies Kafka keeps open no more. Files pass through the server and are stored sealed (file,
 * preview, export), opened for those who may read them. The test holds the master key, as an operator would, to prove
 * what it reads in Kafka is the message sealed under the author's data key.
 */
@OwnNode("a node that seals content; the suite's shared node only reads sealed content")
class EncryptionAtRestIT {
    private static final String MASTER_KEYS = System.getProperty("it.crypto.master-keys",
            "1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    private static final byte[] JPEG_START = {(byte) 0xFF, (byte) 0xD8};

    private static ClusterNodes node;
    private static URI base;
    private static ApiClient api;

    @BeforeAll
    static void startANodeThatSeals() throws Exception {
        node = ClusterNodes.start(1, "chat-sealed-" + Long.toHexString(System.nanoTime()), "-Dchat.crypto.enabled=true");
        base = node.node(0).base();
        api = new ApiClient(base);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void contentIsSealedInKafkaAndPostgresReadableByMembersAndShreddedWithTheAccount() throws Exception {
        TestUser alice = TestUser.register(api, "alice");
        TestUser bob = TestUser.register(api, "bob");
        String room = alice.createGroup(api, "sealed", bob).id();
        String messageId;
        try (ChatClient aliceSession = alice.connect(base); ChatClient bobSession = bob.connect(base)) {
            aliceSession.send(new SendMessage(room, "tangerine dreams for @" + bob.username(), "sealed-1", null));
            messageId = aliceSession.await(Ack.class, ack -> ack.clientMsgId().equals("sealed-1")).messageId();
            MessageDelivered delivered = bobSession.await(MessageDelivered.class, m -> m.messageId().equals(messageId));
            assertThat(delivered.content()).isEqualTo("tangerine dreams for @" + bob.username());
            assertThat(delivered.mentions()).as("mentions are found in the opened text").containsExactly(bob.id());
            aliceSession.send(new EditMessage(room, messageId, "tangerine dreams, edited"));
            assertThat(bobSession.await(MessageEdited.class, e -> e.messageId().equals(messageId)).content())
                    .isEqualTo("tangerine dreams, edited");
        }

        // every reader sees the text
        MessageView inHistory = ApiClient.read(api.get("rooms/" + room + "/messages/" + messageId, bob.accessToken()), MessageView.class);
        assertThat(inHistory.content()).isEqualTo("tangerine dreams, edited");
        RoomView inList = ApiClient.read(api.get("rooms/" + room, bob.accessToken()), RoomView.class);
        assertThat(inList.lastMessage().content()).isEqualTo("tangerine dreams, edited");

        // PostgreSQL holds it sealed only, and nothing to search
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement(
                     "SELECT content, content_sealed, search_vector = ''::tsvector FROM messages WHERE message_id = ?")) {
            query.setString(1, messageId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isNull();
                assertThat(row.getString(2)).isNotBlank().doesNotContain("tangerine");
                assertThat(row.getBoolean(3)).as("empty search vector").isTrue();
            }
        }
        var search = api.get("search/messages?q=tangerine", bob.accessToken());
        assertThat(search.statusCode()).isEqualTo(501);
        assertThat(ApiClient.read(search, ApiError.class).code()).isEqualTo(ErrorCode.NOT_OFFERED);

        // Kafka holds it sealed, under alice's data key: the operator's master key opens that key, the key opens the events
        List<JsonObject> events = eventsOf(room, "chat.messages", 2);
        events.addAll(eventsOf(room, "chat.messages.stored", 2));
        assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain("tangerine"));
        DataKeyStore.Wrapped wrapped = dataKeyOf(alice.id()).orElseThrow();
        var dataKey = DataKeys.unwrap(MasterKeys.of(MASTER_KEYS, null, new char[0], 0), wrapped);
        List<String> opened = events.stream().map(event -> event.getJsonObject("payload"))
                .map(payload -> new String(Sealed.open(dataKey, "msg|" + messageId, payload.getString("sealedContent")), StandardCharsets.UTF_8))
                .distinct().toList();
        assertThat(opened).containsExactlyInAnyOrder("tangerine dreams for @" + bob.username(), "tangerine dreams, edited");

        // erased: her data key is gone at once, so what Kafka keeps of her opens no more
        assertThat(api.delete("users/me", alice.accessToken()).statusCode()).isEqualTo(204);
        assertThat(dataKeyOf(alice.id())).isEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                ApiClient.read(api.get("rooms/" + room + "/messages/" + messageId, bob.accessToken()), MessageView.class).deleted()).isTrue());
    }

    @Test
    void filesAndExportsAreStoredSealedAndOpenForThoseWhoMayReadThem() throws Exception {
        TestUser carol = TestUser.register(api, "carol");
        TestUser dave = TestUser.register(api, "dave");
        String room = carol.createGroup(api, "sealed files", dave).id();

        // no presigned upload: the store would keep the file as the client sent it
        var slot = api.post("attachments/uploads", new AttachmentUploadRequest(room, "notes.txt", "text/plain", 100L), carol.accessToken());
        assertThat(slot.statusCode()).as(slot.body()).isEqualTo(501);
        assertThat(ApiClient.read(slot, ApiError.class).code()).isEqualTo(ErrorCode.NOT_OFFERED);

        byte[] notes = "carol's sealed notes, one more line\n".repeat(3000).getBytes(StandardCharsets.UTF_8); // two segments
        AttachmentView text = uploaded(Uploads.multipart(base, carol.accessToken(), room, "notes.txt", "text/plain", notes));
        AttachmentView photo = uploaded(Uploads.multipart(base, carol.accessToken(), room, "photo.jpg", "image/jpeg",
                Uploads.photoWithExif(64, 48)));

        // the store holds the file and the preview sealed under carol's data key, bound to the attachment
        var dataKey = DataKeys.unwrap(MasterKeys.of(MASTER_KEYS, null, new char[0], 0), dataKeyOf(carol.id()).orElseThrow());
        byte[] storedText = Files.readAllBytes(Uploads.storedFile(room, text.attachmentId()));
        assertThat(Uploads.contains(storedText, "carol's sealed notes")).isFalse();
        try (var opened = SealedStream.opening(new ByteArrayInputStream(storedText), version -> dataKey,
                "attachment|" + text.attachmentId() + "|file")) {
            assertThat(opened.readAllBytes()).isEqualTo(notes);
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(Uploads.storedFile(room, photo.attachmentId())), 2)).isNotEqualTo(JPEG_START);
        assertThat(Arrays.copyOf(Files.readAllBytes(Uploads.storedFile(room, photo.attachmentId() + ".preview.jpg")), 2))
                .isNotEqualTo(JPEG_START);

        // a member downloads them as they were uploaded (the photo stripped of its EXIF as always)
        try (ChatClient carolSession = carol.connect(base)) {
            carolSession.send(new SendMessage(room, "files", "sealed-files", null, List.of(text.attachmentId(), photo.attachmentId())));
            carolSession.await(Ack.class, ack -> ack.clientMsgId().equals("sealed-files"));
        }
        AttachmentLinks textLinks = ApiClient.read(api.get("attachments/" + text.attachmentId(), dave.accessToken()), AttachmentLinks.class);
        var textDownload = Uploads.download(textLinks.url());
        assertThat(textDownload.statusCode()).isEqualTo(200);
        assertThat(textDownload.body()).isEqualTo(notes);
        AttachmentLinks photoLinks = ApiClient.read(api.get("attachments/" + photo.attachmentId(), dave.accessToken()), AttachmentLinks.class);
        byte[] photoBytes = Uploads.download(photoLinks.url()).body();
        assertThat(photoBytes).startsWith(JPEG_START).hasSize((int) photo.size());
        assertThat(Uploads.contains(photoBytes, Uploads.SECRET)).isFalse();
        assertThat(Uploads.download(photoLinks.previewUrl()).body()).startsWith(JPEG_START);

        // her export: the ZIP is sealed in the store, plain in her download
        ExportView export = ApiClient.read(api.post("users/me/export", null, carol.accessToken()), ExportView.class);
        ExportView ready = Exports.awaitReady(api, carol.accessToken(), export.exportId());
        var download = Exports.download(base, carol.accessToken(), export.exportId());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat((long) download.body().length).isEqualTo(ready.sizeBytes());
        assertThat(Exports.unzip(download.body())).containsEntry("attachments/" + text.attachmentId() + "/notes.txt", notes);
        try (var stored = Files.list(Path.of(System.getenv("CHAT_STACK_DIR"), "s3", "data", "chat-attachments", "exports", carol.id()))) {
            List<Path> files = stored.toList();
            assertThat(files).hasSize(1);
            byte[] sealedExport = Files.readAllBytes(files.get(0));
            assertThat(Arrays.copyOf(sealedExport, 2)).as("not a ZIP").isNotEqualTo(new byte[]{'P', 'K'});
            assertThat(Uploads.contains(sealedExport, "notes.txt")).as("not even the names").isFalse();
        }
    }

    private static AttachmentView uploaded(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return ApiClient.read(response, AttachmentView.class);
    }

    private static java.util.Optional<DataKeyStore.Wrapped> dataKeyOf(String userId) throws Exception {
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement(
                     "SELECT version, master_version, wrapped_key FROM user_data_keys WHERE user_id = ? ORDER BY version DESC")) {
            query.setString(1, userId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? java.util.Optional.of(new DataKeyStore.Wrapped(userId, row.getInt(1), row.getInt(2), row.getString(3)))
                        : java.util.Optional.empty();
            }
        }
    }

    /** The message events of a room on a topic (key = roomId), read from its start. */
    private static List<JsonObject> eventsOf(String roomId, String topic, int expected) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "sealed-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            List<JsonObject> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (roomId.equals(record.key())) {
                        JsonObject event = Json.createReader(new StringReader(record.value())).readObject();
                        if (event.getString("eventType").startsWith("chat.message.sent") || event.getString("eventType").startsWith("chat.message.edited")) {
                            found.add(event);
                        }
                    }
                });
            }
            assertThat(found).as("message events of room " + roomId + " on " + topic).hasSizeGreaterThanOrEqualTo(expected);
            return found;
        }
    }
}
