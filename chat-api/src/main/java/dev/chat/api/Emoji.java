package dev.chat.api;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;

/**
 * What a reaction may be: one emoji as a user picks it from an emoji keyboard, which can be a
 * sequence of code points (skin tone modifiers, zero-width joiners, variation selectors, flags,
 * keycaps). Checked by Unicode block, because Java 17 has no emoji property; at least one
 * pictograph must be present, and plain letters, digits (outside keycaps) and spaces never are.
 */
public final class Emoji {
    /** Longest reaction in UTF-16 chars: enough for the longest ZWJ family sequences. */
    public static final int MAX_LENGTH = 32;

    private Emoji() {
    }

    /** @throws ChatException INVALID_FIELD unless {@code value} is one emoji */
    public static void requireValid(String field, String value) {
        if (!isValid(value)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "field '" + field + "' must be one emoji");
        }
    }

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        int[] codePoints = value.codePoints().toArray();
        boolean pictograph = false;
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            if (isPictograph(cp)) {
                pictograph = true;
            } else if (isKeycapBase(cp)) {
                // "1️⃣": the base must be followed by an optional VS16 and the combining keycap
                int next = i + 1 < codePoints.length && codePoints[i + 1] == 0xFE0F ? i + 2 : i + 1;
                if (next >= codePoints.length || codePoints[next] != 0x20E3) {
                    return false;
                }
                pictograph = true;
            } else if (!isJoinerOrModifier(cp)) {
                return false;
            }
        }
        return pictograph;
    }

    private static boolean isPictograph(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF)     // emoticons, symbols and pictographs, flags, supplemental
                || (cp >= 0x2600 && cp <= 0x27BF)   // miscellaneous symbols, dingbats
                || (cp >= 0x2300 && cp <= 0x23FF)   // miscellaneous technical (⌚ ⏰ …)
                || (cp >= 0x2B00 && cp <= 0x2BFF)   // arrows and stars (⭐ ⬛ …)
                || (cp >= 0x2190 && cp <= 0x21FF)   // arrows
                || (cp >= 0x2900 && cp <= 0x297F)   // supplemental arrows
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122
                || cp == 0x2139 || cp == 0x24C2 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }

    private static boolean isKeycapBase(int cp) {
        return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    }

    private static boolean isJoinerOrModifier(int cp) {
        return cp == 0x200D                         // zero-width joiner
                || cp == 0xFE0F || cp == 0xFE0E     // variation selectors (emoji / text style)
                || cp == 0x20E3                     // combining enclosing keycap
                || (cp >= 0xE0020 && cp <= 0xE007F); // tags (subdivision flags)
    }
}
