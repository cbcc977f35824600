package dev.chat.block.boundary;

import dev.chat.block.control.BlockStore;
import dev.chat.platform.cache.AnnouncedCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;

/**
 * Who blocked a sender, cached per node for the fan-out and the notifier, which ask it for every
 * message (almost always: nobody). Every block and unblock is announced on {@code chat.rooms}
 * ({@code chat.user.block.changed.v1}) and each node drops the blocked user's entry
 * ({@link #invalidate}), the changing node right after its commit ({@link AnnouncedCache}).
 */
@ApplicationScoped
public class Blockers {

    @Inject
    BlockStore store;

    @Inject
    @ConfigProperty(name = "chat.blocks.cache-ttl-ms", defaultValue = "60000")
    long ttlMillis;

    @Inject
    @ConfigProperty(name = "chat.blocks.cache-max-users", defaultValue = "100000")
    int maxUsers;

    private AnnouncedCache<String, Set<String>> cache;

    @PostConstruct
    void create() {
        cache = new AnnouncedCache<>(ttlMillis, maxUsers);
    }

    /** The users who blocked {@code senderId}: they get the sender's messages as placeholders. */
    public Set<String> of(String senderId) {
        return cache.get(senderId, store::blockersOf);
    }

    /** {@code blockedId} was blocked or unblocked by someone. */
    public void invalidate(String blockedId) {
        cache.invalidate(blockedId);
    }
}
