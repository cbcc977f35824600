package dev.chat.auth.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email addresses as accounts keep them: trimmed and in lower case (two spellings of one mailbox
 * are one address: the uniqueness of addresses would mean nothing otherwise; providers that tell
 * "Bob" from "bob" do not exist in practice), checked for the shape a mail server accepts.
 */
public final class EmailAddresses {
    /** One @, something on both sides, a dot in the domain, no spaces or control characters. */
    private static final Pattern SHAPE = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");
    private static final int MAX_LENGTH = 254;

    private EmailAddresses() {
    }

    /**
     * @return the address as stored, or null for none (null or blank)
     * @throws ChatException INVALID_FIELD when it is not an address
     */
    public static String normalise(String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        String normalised = address.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAX_LENGTH || !SHAPE.matcher(normalised).matches() || !mailedAsIs(normalised)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "email is not an email address");
        }
        return normalised;
    }

    /**
     * Whether mail to it goes to exactly this address: the mail library reads {@code a<b@c.org>} as
     * b@c.org, which would let many "addresses" stand for one mailbox.
     */
    private static boolean mailedAsIs(String address) {
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            return parsed.getPersonal() == null && address.equals(parsed.getAddress());
        } catch (AddressException e) {
            return false;
        }
    }

    /** Whether a login (username or address) names an address: usernames never hold an {@code @}. */
    public static boolean isAddress(String login) {
        return login.indexOf('@') >= 0;
    }
}
