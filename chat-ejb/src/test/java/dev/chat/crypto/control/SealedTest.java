package dev.chat.crypto.control;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealedTest {
    private static final SecretKeySpec KEY = new SecretKeySpec(DataKeys.newKey(), "AES");
    private static final byte[] TEXT = "a secret ✓".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSealedValueOpensWithItsKeyAndAssociatedDataAndSaysItsKeyVersion() {
        String sealed = Sealed.seal(KEY, 7, "msg|m1", TEXT);

        assertThat(Sealed.open(KEY, "msg|m1", sealed)).isEqualTo(TEXT);
        assertThat(Sealed.keyVersion(sealed)).isEqualTo(7);
        assertThat(sealed).doesNotContain("secret");
        assertThat(Sealed.seal(KEY, 7, "msg|m1", TEXT)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherKeyAnotherRecordOrAnAlteredByteDoesNotOpen() {
        String sealed = Sealed.seal(KEY, 1, "msg|m1", TEXT);
        byte[] altered = Base64.getDecoder().decode(sealed);
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> Sealed.open(new SecretKeySpec(DataKeys.newKey(), "AES"), "msg|m1", sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sealed.open(KEY, "msg|m2", sealed)).as("copied onto another message")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sealed.open(KEY, "msg|m1", Base64.getEncoder().encodeToString(altered)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sealed.open(KEY, "msg|m1", "plain text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sealed.keyVersion(Base64.getEncoder().encodeToString(new byte[40])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDataKeyIsWrappedByTheActiveMasterKeyAndUnwrapsOnlyAsItsOwnUserAndVersion() {
        var masters = MasterKeys.of("1:" + base64(DataKeys.newKey()) + ", 2:" + base64(DataKeys.newKey()), null, new char[0], 0);
        byte[] key = DataKeys.newKey();

        DataKeyStore.Wrapped wrapped = DataKeys.wrap(masters, "u1", 1, key);

        assertThat(wrapped.masterVersion()).isEqualTo(2);
        assertThat(DataKeys.unwrap(masters, wrapped).getEncoded()).isEqualTo(key);
        assertThatThrownBy(() -> DataKeys.unwrap(masters, new DataKeyStore.Wrapped("u2", 1, 2, wrapped.wrapped())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
