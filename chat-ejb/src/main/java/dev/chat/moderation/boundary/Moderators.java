package dev.chat.moderation.boundary;

import dev.chat.auth.boundary.Accounts;
import dev.chat.platform.config.Settings;
import jakarta.annotation.PostConstruct;
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

    private Set<String> moderators;

    @PostConstruct
    void read() { // addresses are kept trimmed and in lower case (docs/rest-api.md)
        moderators = Settings.commaList(addresses).stream().map(address -> address.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isGlobal(String userId) {
        return !moderators.isEmpty() && accounts.verifiedEmailOf(userId).map(moderators::contains).orElse(false);
    }
}
