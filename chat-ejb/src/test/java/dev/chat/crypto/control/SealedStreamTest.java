package dev.chat.crypto.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealedStreamTest {
    private static final SecretKey KEY = new SecretKeySpec(DataKeys.newKey(), "AES");
    private static final IntFunction<SecretKey> KEYS = version -> version == 3 ? KEY : null;
    private static final int SEGMENT = SealedStream.SEGMENT_BYTES;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 17})
    void aFileOfAnySizeOpensAsItWasWrittenAndHoldsNoneOfItInTheClear(int size) throws IOException {
        byte[] file = file(size);

        byte[] sealed = seal(file, "file|a1");

        assertThat(open(sealed, "file|a1")).isEqualTo(file);
        assertThat(sealed.length).as("header, the bytes, a tag per segment").isEqualTo(28 + size + 16 * Math.max(1, (size + SEGMENT - 1) / SEGMENT));
        if (size >= 64) {
            assertThat(indexOf(sealed, Arrays.copyOfRange(file, 0, 32))).as("no plain run of the file").isEqualTo(-1);
        }
    }

    @Test
    void writtenAByteAtATimeItReadsTheSame() throws IOException {
        byte[] file = file(SEGMENT + 5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream sealing = SealedStream.sealing(out, KEY, 3, "file|a1")) {
            for (byte b : file) {
                sealing.write(b);
            }
        }
        try (InputStream opening = SealedStream.opening(new ByteArrayInputStream(out.toByteArray()), KEYS, "file|a1")) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            for (int b = opening.read(); b >= 0; b = opening.read()) {
                read.write(b);
            }
            assertThat(read.toByteArray()).isEqualTo(file);
        }
    }

    @Test
    void anotherFilesBindingAnAlteredByteOrAnUnknownKeyVersionDoesNotOpen() throws IOException {
        byte[] sealed = seal(file(2 * SEGMENT + 10), "file|a1");
        byte[] altered = sealed.clone();
        altered[SEGMENT + 100] ^= 1;

        assertThatThrownBy(() -> open(sealed, "file|a2")).isInstanceOf(IOException.class).hasMessageContaining("segment 0");
        assertThatThrownBy(() -> open(altered, "file|a1")).isInstanceOf(IOException.class).hasMessageContaining("segment 1");
        assertThatThrownBy(() -> SealedStream.opening(new ByteArrayInputStream(sealed), version -> null, "file|a1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 3");
        assertThatThrownBy(() -> open("plain text, not sealed at all".getBytes(), "file|a1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileCutOffAtASegmentsEndOrSegmentsSwappedDoesNotOpen() throws IOException {
        byte[] sealed = seal(file(3 * SEGMENT), "file|a1");
        int segment = SEGMENT + 16;
        byte[] cut = Arrays.copyOf(sealed, 28 + 2 * segment);
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, 28, swapped, 28 + segment, segment);
        System.arraycopy(sealed, 28 + segment, swapped, 28, segment);

        assertThatThrownBy(() -> open(cut, "file|a1")).as("the segment read as last was not sealed as last")
                .isInstanceOf(IOException.class).hasMessageContaining("segment 1");
        assertThatThrownBy(() -> open(swapped, "file|a1")).isInstanceOf(IOException.class).hasMessageContaining("segment 0");
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, 28 + 10), "file|a1")).isInstanceOf(IOException.class);
    }

    @Test
    void theSameFileSealedTwiceLooksDifferent() throws IOException {
        byte[] file = file(100);
        assertThat(seal(file, "file|a1")).isNotEqualTo(seal(file, "file|a1"));
    }

    private static byte[] seal(byte[] file, String boundTo) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream sealing = SealedStream.sealing(out, KEY, 3, boundTo)) {
            sealing.write(file);
        }
        return out.toByteArray();
    }

    private static byte[] open(byte[] sealed, String boundTo) throws IOException {
        try (InputStream opening = SealedStream.opening(new ByteArrayInputStream(sealed), KEYS, boundTo)) {
            return opening.readAllBytes();
        }
    }

    private static byte[] file(int size) {
        byte[] file = new byte[size];
        new Random(size).nextBytes(file);
        return file;
    }

    private static int indexOf(byte[] data, byte[] part) {
        for (int i = 0; i + part.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
