package dev.chat.it;

import dev.chat.api.rest.MessageView;
import dev.chat.api.rest.SendMessageRequest;
import dev.chat.api.rest.SentMessageView;
import dev.chat.crypto.control.DataKeyStore;
import dev.chat.crypto.control.DataKeys;
import dev.chat.crypto.control.MasterKeys;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.ClusterNodes;
import dev.chat.it.support.OwnNode;
import dev.chat.it.support.TestEnvironment;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A master key rotation as docs/privacy.md tells an operator to do it: a node configured with a new
 * master key beside the old one re-wraps every data key with the new one in the background, old
 * content stays readable throughout, and once nothing is wrapped by the old key a node without it
 * reads everything. Three node starts: heavy. Afterwards the test wraps the data keys with the
 * suite's master key again, as the suite's other nodes have only that one.
 */
@OwnNode("nodes whose master keys change from one to the next")
@Tag("heavy")
class KeyRotationIT {
    private static final String OLD_KEYS = System.getProperty("it.crypto.master-keys", "1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    @Test
    void aNewMasterKeyRewrapsEveryDataKeyAndOldContentStaysReadableWithoutTheOldKey() throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String newKey = "2:" + Base64.getEncoder().encodeToString(random);
        String name = "chat-rotation-" + Long.toHexString(System.nanoTime());
        try {
            rotate(newKey, name);
        } finally {
            wrapAllAgain(MasterKeys.of(newKey + "," + OLD_KEYS, null, new char[0], 1));
        }
    }

    private void rotate(String newKey, String name) throws Exception {
        List<String> sent = new ArrayList<>();
        TestUser alice;
        TestUser bob;
        String room;
        try (ClusterNodes before = ClusterNodes.start(1, name + "-a", "-Dchat.crypto.enabled=true")) {
            ApiClient api = new ApiClient(before.node(0).base());
            alice = TestUser.register(api, "alice");
            bob = TestUser.register(api, "bob");
            room = alice.createGroup(api, "rotation", bob).id();
            sent.add(send(api, alice, room, "sealed under the first master key"));
            assertThat(masterVersionsOf(alice.id())).containsExactly(1);
        }

        try (ClusterNodes rotating = ClusterNodes.start(1, name + "-b", "-Dchat.crypto.enabled=true",
                "-Dchat.crypto.master-keys=" + newKey + "," + OLD_KEYS, "-Dchat.crypto.rewrap-interval-ms=500")) {
            ApiClient api = new ApiClient(rotating.node(0).base());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keysWrappedByOtherThan(2)).isZero());
            assertThat(masterVersionsOf(alice.id())).containsExactly(2);
            assertThat(read(api, bob, room, sent.get(0))).isEqualTo("sealed under the first master key");
            sent.add(send(api, bob, room, "sealed after the rotation"));
            assertThat(masterVersionsOf(bob.id())).containsExactly(2);
        }

        try (ClusterNodes after = ClusterNodes.start(1, name + "-c", "-Dchat.crypto.enabled=true", "-Dchat.crypto.master-keys=" + newKey)) {
            ApiClient api = new ApiClient(after.node(0).base());
            assertThat(read(api, alice, room, sent.get(0))).isEqualTo("sealed under the first master key");
            assertThat(read(api, alice, room, sent.get(1))).isEqualTo("sealed after the rotation");
        }
    }

    /** Every data key wrapped by the active master key of {@code masters} (the suite's), whichever of them wraps it now. */
    private static void wrapAllAgain(MasterKeys masters) throws Exception {
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement("SELECT user_id, version, master_version, wrapped_key FROM user_data_keys"
                     + " WHERE master_version <> ?");
             PreparedStatement update = db.prepareStatement("UPDATE user_data_keys SET master_version = ?, wrapped_key = ?"
                     + " WHERE user_id = ? AND version = ?")) {
            query.setInt(1, masters.activeVersion());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    var wrapped = new DataKeyStore.Wrapped(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4));
                    var again = DataKeys.wrap(masters, wrapped.userId(), wrapped.version(), DataKeys.unwrap(masters, wrapped).getEncoded());
                    update.setInt(1, again.masterVersion());
                    update.setString(2, again.wrapped());
                    update.setString(3, again.userId());
                    update.setInt(4, again.version());
                    update.executeUpdate();
                }
            }
        }
        assertThat(keysWrappedByOtherThan(masters.activeVersion())).isZero();
    }

    private static int keysWrappedByOtherThan(int masterVersion) throws Exception {
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM user_data_keys WHERE master_version <> ?")) {
            query.setInt(1, masterVersion);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String send(ApiClient api, TestUser sender, String room, String content) {
        HttpResponse<String> response = api.post("rooms/" + room + "/messages", new SendMessageRequest(content, null, null), sender.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String messageId = ApiClient.read(response, SentMessageView.class).messageId();
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("rooms/" + room + "/messages/" + messageId, sender.accessToken()).statusCode() == 200);
        return messageId;
    }

    private static String read(ApiClient api, TestUser reader, String room, String messageId) {
        HttpResponse<String> response = api.get("rooms/" + room + "/messages/" + messageId, reader.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.read(response, MessageView.class).content();
    }

    private static List<Integer> masterVersionsOf(String userId) throws Exception {
        try (Connection db = TestEnvironment.openDatabase();
             PreparedStatement query = db.prepareStatement("SELECT master_version FROM user_data_keys WHERE user_id = ?")) {
            query.setString(1, userId);
            List<Integer> versions = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    versions.add(rows.getInt(1));
                }
            }
            return versions;
        }
    }
}
