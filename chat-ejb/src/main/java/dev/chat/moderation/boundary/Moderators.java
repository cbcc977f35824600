package dev.chat.moderation.boundary;

import dev.chat.auth.boundary.Accounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The global moderators, who review flags in every room: the accounts whose <em>verified</em>
 * email address {@code chat.moderation.moderators} lists (a bootstrap setting). An address, not a
 * username: a username the setting named before its account existed could be registered by
 * anyone, an address only by whoever reads its mail. Changing the address, or deleting the account,
 * ends the role at once (nothing is cached).
 */
@ApplicationScoped
public class Moderators {

    @Inject
    @ConfigProperty(name = "chat.moderation.moderators")
    Optional<String> addresses; // comma-separated

    @Inject
    Accounts accounts;

    private Set<String> normalised;

    public boolean isGlobal(String userId) {
        Set<String> moderators = moderators();
        return !moderators.isEmpty() && accounts.verifiedEmailOf(userId).map(moderators::contains).orElse(false);
    }

    private Set<String> moderators() {
        if (normalised == null) { // addresses are kept trimmed and in lower case (docs/rest-api.md)
            normalised = Classifiers.commaList(addresses).stream().map(address -> address.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        }
        return normalised;
    }
}
