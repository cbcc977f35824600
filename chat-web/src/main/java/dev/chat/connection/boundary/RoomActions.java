package dev.chat.connection.boundary;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.ClientFrame;
import dev.chat.api.frame.DeleteMessage;
import dev.chat.api.frame.EditMessage;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.React;
import dev.chat.api.frame.Read;
import dev.chat.connection.control.ConnectedSession;
import dev.chat.message.boundary.MessageChanges;
import dev.chat.receipt.boundary.Receipts;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The room actions of a connection: {@code EDIT_MESSAGE}, {@code DELETE_MESSAGE}, {@code REACT},
 * {@code READ}. Each is a database transaction that waits for Kafka, so it runs on the managed
 * executor, never on the container's thread, in the order the client sent them. Success shows as
 * the frame the room receives (the actor's sessions included); a refusal as an {@code ERROR}
 * frame to this session.
 */
@ApplicationScoped
public class RoomActions {
    private static final Logger LOG = Logger.getLogger(RoomActions.class.getName());

    @Inject
    MessageChanges changes;

    @Inject
    Receipts receipts;

    @Resource
    ManagedExecutorService executor;

    /** Actions one session may have waiting; beyond, it is told to slow down. */
    @Inject
    @ConfigProperty(name = "chat.ws.max-pending-actions", defaultValue = "64")
    int maxPending;

    public static boolean handles(ClientFrame frame) {
        return frame instanceof EditMessage || frame instanceof DeleteMessage || frame instanceof React || frame instanceof Read;
    }

    public void submit(ClientFrame frame, ConnectedSession connection) {
        boolean queued;
        try {
            queued = connection.runInOrder(() -> run(frame, connection), executor, maxPending);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "Executor refused a room action: {0}", e.toString());
            queued = false;
        }
        if (!queued) {
            connection.send(ErrorFrame.of(ErrorCode.RATE_LIMITED, "too many actions in progress, slow down", null));
        }
    }

    private void run(ClientFrame frame, ConnectedSession connection) {
        String userId = connection.userId();
        try {
            if (frame instanceof EditMessage edit) {
                changes.edit(userId, edit.roomId(), edit.messageId(), edit.content());
            } else if (frame instanceof DeleteMessage delete) {
                changes.delete(userId, delete.roomId(), delete.messageId());
            } else if (frame instanceof React react) {
                changes.react(userId, react.roomId(), react.messageId(), react.emoji());
            } else if (frame instanceof Read read) {
                receipts.markRead(userId, read.roomId(), read.seq());
            } else {
                throw new IllegalStateException("not a room action: " + frame.getClass().getSimpleName()); // handles() and run() disagree
            }
        } catch (ChatException refused) {
            connection.send(ErrorFrame.of(refused, null));
        } catch (RuntimeException bug) {
            LOG.log(Level.SEVERE, "Failed to handle " + frame.getClass().getSimpleName() + " of user " + userId, bug);
            connection.send(ErrorFrame.of(ErrorCode.INTERNAL, "internal error", null));
        }
    }
}
