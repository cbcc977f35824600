package dev.chat.privacy.control;

import dev.chat.platform.persistence.NativeQueries;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The ZIP of an export (docs/privacy.md, "Export"): a JSON file per kind of data, written as it is
 * read (a page of rows at a time: a user with a million messages does not fill the heap), and the
 * user's files under {@code attachments/}. Closing it finishes the ZIP.
 */
public final class ExportArchive implements AutoCloseable {
    private static final String README = """
            Everything the chat keeps about you, as of the export's time (docs/privacy.md of the deployment):
              profile.json                your account
              memberships.json            your rooms, your role, when you joined, how far you have read (lastReadSeq)
              messages.json               the messages you sent and have not deleted
              reactions.json              your reactions
              notification-settings.json  your notification settings per room
              blocks.json                 the users you blocked, and since when
              push-subscriptions.json     the browsers you turned notifications on in (endpoints only)
              attachments.json            the files you uploaded, and attachments/<id>/<name>: the files themselves
            """;

    private final ZipOutputStream zip;
    private long size;

    /** The archive written into {@code target} (a file, or the sealing stream in front of one), which closing it closes. */
    public ExportArchive(OutputStream target) throws IOException {
        this.zip = new ZipOutputStream(new FilterOutputStream(target) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                size += length;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                size++;
            }
        });
        text("README.txt", README);
    }

    /** Bytes of the ZIP written so far (all of it, once closed). */
    public long size() {
        return size;
    }

    public void text(String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** One JSON object from named values. */
    public void object(String name, Map<String, Object> values) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (JsonGenerator json = Json.createGenerator(unclosable(zip))) {
            write(json.writeStartObject(), values).writeEnd();
        }
        zip.closeEntry();
    }

    /** A source of rows, read page after page until it gives fewer than asked for. */
    public interface Pages {
        /** The rows after {@code lastKey} (null: from the start), at most {@code size}; the key is the first column. */
        List<Object[]> after(String lastKey, int size);
    }

    /** A JSON array of objects, one per row, the rows' columns named by {@code columns}. */
    public void array(String name, List<String> columns, Pages pages) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (JsonGenerator json = Json.createGenerator(unclosable(zip))) {
            json.writeStartArray();
            int size = 1000;
            String last = null;
            List<Object[]> page;
            do {
                page = pages.after(last, size);
                for (Object[] row : page) {
                    json.writeStartObject();
                    for (int i = 0; i < columns.size(); i++) {
                        value(json, columns.get(i), row[i]);
                    }
                    json.writeEnd();
                }
                last = page.isEmpty() ? last : String.valueOf(page.get(page.size() - 1)[0]);
            } while (page.size() == size);
            json.writeEnd();
        }
        zip.closeEntry();
    }

    /** A file copied into the archive as it is. */
    public void copy(String name, InputStream content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (content) {
            content.transferTo(zip);
        }
        zip.closeEntry();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static JsonGenerator write(JsonGenerator json, Map<String, Object> values) {
        values.forEach((key, value) -> value(json, key, value));
        return json;
    }

    private static void value(JsonGenerator json, String name, Object value) {
        if (value == null) {
            json.writeNull(name);
        } else if (value instanceof Boolean flag) {
            json.write(name, flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            json.write(name, ((Number) value).longValue());
        } else if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
            json.write(name, new BigDecimal(value.toString()));
        } else if (value instanceof Instant instant) {
            json.write(name, instant.toString());
        } else if (value instanceof Timestamp || value instanceof OffsetDateTime) {
            json.write(name, NativeQueries.instant(value).toString());
        } else {
            json.write(name, value.toString());
        }
    }

    /** The ZIP's stream, left open when a JSON generator closes (the entry, not the file, ends there). */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
