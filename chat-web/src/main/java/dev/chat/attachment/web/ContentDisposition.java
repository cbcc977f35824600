package dev.chat.attachment.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download (RFC 6266): {@code inline} for images the
 * browser shows, {@code attachment} (save, never render) for everything else; the name twice,
 * as an ASCII fallback and as UTF-8 ({@code filename*}, RFC 8187), so that every client gets a
 * safe name and modern ones the real one.
 */
final class ContentDisposition {
    private ContentDisposition() {
    }

    static String of(String fileName, boolean inline) {
        StringBuilder ascii = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
