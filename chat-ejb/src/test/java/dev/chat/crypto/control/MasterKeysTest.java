package dev.chat.crypto.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeysTest {
    private static final String ONE = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theHighestVersionIsActiveUnlessOneIsNamed() {
        assertThat(MasterKeys.of("1:" + ONE + ",3:" + ONE, null, new char[0], 0).activeVersion()).isEqualTo(3);
        assertThat(MasterKeys.of("1:" + ONE + ",3:" + ONE, null, new char[0], 1).activeVersion()).isEqualTo(1);
        assertThat(MasterKeys.of("", null, new char[0], 0).isEmpty()).isTrue();
    }

    @Test
    void malformedListsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> MasterKeys.of("x:" + ONE, null, new char[0], 0)).hasMessageContaining("positive number");
        assertThatThrownBy(() -> MasterKeys.of("1:" + Base64.getEncoder().encodeToString(new byte[16]), null, new char[0], 0))
                .hasMessageContaining("256");
        assertThatThrownBy(() -> MasterKeys.of("1:" + ONE + ",1:" + ONE, null, new char[0], 0)).hasMessageContaining("twice");
        assertThatThrownBy(() -> MasterKeys.of("1:" + ONE, null, new char[0], 2)).hasMessageContaining("names no configured");
        assertThatThrownBy(() -> MasterKeys.of(ONE, null, new char[0], 0)).hasMessageContaining("<version>:");
    }

    @Test
    void keysAreReadFromAPkcs12KeystoreByTheirAlias(@TempDir Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setEntry("chat-master-2", new KeyStore.SecretKeyEntry(new SecretKeySpec(DataKeys.newKey(), "AES")),
                new KeyStore.PasswordProtection(password));
        Path file = dir.resolve("chat.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }

        MasterKeys keys = MasterKeys.of("1:" + ONE, file, password, 0);

        assertThat(keys.versions()).containsExactlyInAnyOrder(1, 2);
        assertThat(keys.activeVersion()).isEqualTo(2);
    }
}
