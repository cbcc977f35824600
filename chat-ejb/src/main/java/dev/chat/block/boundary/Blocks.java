package dev.chat.block.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.event.UserBlockChangedV1;
import dev.chat.api.rest.BlockView;
import dev.chat.auth.boundary.Accounts;
import dev.chat.block.control.BlockStore;
import dev.chat.platform.persistence.DatabaseClock;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A user's blocks ({@code /api/v1/users/me/blocks}) and the questions the other features ask of
 * them. Every change is fired as an event announced after commit ({@link BlockEvents}).
 */
@Stateless
public class Blocks {

    @Inject
    BlockStore store;

    @Inject
    Accounts accounts;

    @Inject
    Event<UserBlockChangedV1> changes;

    /** Blocks {@code userId} for the caller; blocking twice is no change. @return the block */
    public BlockView block(String callerId, String userId) {
        if (callerId.equals(userId)) {
            throw new ChatException(ErrorCode.INVALID_FIELD, "a user cannot block themselves");
        }
        accounts.active(userId);
        Instant now = DatabaseClock.now();
        if (store.add(callerId, userId, now)) {
            changes.fire(new UserBlockChangedV1(callerId, userId, true, now));
        }
        return store.view(callerId, userId).orElseThrow(() -> new IllegalStateException("block of " + userId + " not found after adding it"));
    }

    /** @throws ChatException NOT_FOUND when the caller has not blocked {@code userId} */
    public void unblock(String callerId, String userId) {
        if (!store.remove(callerId, userId)) {
            throw new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " is not blocked");
        }
        changes.fire(new UserBlockChangedV1(callerId, userId, false, DatabaseClock.now()));
    }

    public List<BlockView> of(String callerId) {
        return store.views(callerId);
    }

    /** The senders whose messages {@code userId} sees as placeholders: the users they blocked. */
    public Set<String> hiddenFrom(String userId) {
        return store.blockedBy(userId);
    }

    /** @throws ChatException FORBIDDEN when either user blocked the other (which one is not said) */
    public void requireNoBlockBetween(String userId, String otherId) {
        if (store.eitherBlocks(userId, otherId)) {
            throw new ChatException(ErrorCode.FORBIDDEN, "no direct room can be made with user " + otherId);
        }
    }
}
