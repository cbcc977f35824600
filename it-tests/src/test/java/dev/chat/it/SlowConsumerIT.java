package dev.chat.it;

import dev.chat.api.frame.Ack;
import dev.chat.api.frame.MessageDelivered;
import dev.chat.api.frame.SendMessage;
import dev.chat.it.support.ChatClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.SocketQueues;
import dev.chat.it.support.StalledClient;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure (README, "Slow clients"): a member whose client stops reading while the others chat at full speed
 * is closed with 1013 once it has taken no frame for chat.ws.outbox.stall-ms (its rooms' messages meanwhile owed,
 * not queued, beyond half of chat.ws.outbox.max-messages / max-bytes); the others get every message, in order,
 * and the node counts the close.
 */
class SlowConsumerIT extends DeployedChat {
    private static final String SLOW_CLOSES = "chat_ws_slow_consumer_closes_total";
    private static final int ROUND = 50;
    private static final int MAX_ROUNDS = 100;

    @Test
    void aClientThatStopsReadingIsClosedAndTheOthersKeepUp() throws Exception {
        TestUser alice = TestUser.register(api, "alice");
        TestUser bob = TestUser.register(api, "bob");
        TestUser carol = TestUser.register(api, "carol");
        TestUser dave = TestUser.register(api, "dave");
        TestUser erin = TestUser.register(api, "erin");
        TestUser frank = TestUser.register(api, "frank");
        TestUser grace = TestUser.register(api, "grace");
        String room = alice.createGroup(api, "one stalls", bob, carol, dave, erin, frank, grace).id();
        String content = "x".repeat(3900);
        double closedBefore = NodeMetrics.value(base, SLOW_CLOSES);

        try (ChatClient aliceSession = alice.connect(base); ChatClient daveSession = dave.connect(base);
             ChatClient erinSession = erin.connect(base); ChatClient frankSession = frank.connect(base);
             ChatClient graceSession = grace.connect(base); ChatClient bobSession = bob.connect(base);
             StalledClient carolStalled = StalledClient.connect(base, carol.accessToken())) {
            // five senders take turns: each stays below the per-user rate limit of the test settings
            List<ChatClient> senders = List.of(aliceSession, daveSession, erinSession, frankSession, graceSession);
            List<Long> atBob = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            int sent = 0;
            int rounds = 0;
            // full speed: a round is sent without waiting, then the reader (bob) must have all of it
            while (rounds < MAX_ROUNDS && NodeMetrics.value(base, SLOW_CLOSES) == closedBefore) {
                long roundStart = System.nanoTime();
                ChatClient sender = senders.get(rounds % senders.size());
                for (int i = 0; i < ROUND; i++) {
                    sender.send(new SendMessage(room, content, "flood-" + (++sent), null));
                }
                for (int i = 0; i < ROUND; i++) {
                    atBob.add(bobSession.await(MessageDelivered.class).seq());
                }
                latencies.add((System.nanoTime() - roundStart) / 1_000_000);
                rounds++;
                for (int i = 0; i < ROUND; i++) {
                    sender.await(Ack.class);
                }
            }

            assertThat(NodeMetrics.value(base, SLOW_CLOSES)).as("slow consumer closed within %d messages", sent)
                    .isEqualTo(closedBefore + 1);
            // where what the node still had for the client was at that moment: the kernel's socket buffers (both ends, on
            // loopback) and, the rest, the container's write queue in the node's heap (bounded by pre-boot-commands.asadmin)
            SocketQueues kernel = SocketQueues.of(carolStalled.serverPort(), carolStalled.localPort());
            // What was already in the socket's buffers still arrives; then the server's close. The close frame itself
            // may not make it: the container gives up on a connection whose buffers stay full.
            StalledClient.Drained drained = carolStalled.drain(Duration.ofSeconds(30));
            // the figure the README quotes: what one stalled client costs beyond its outbox (socket buffers, container queue)
            long containerQueue = Math.max(0, drained.textBytes() - kernel.serverSendQueue() - kernel.clientReceiveQueue());
            System.out.printf("[slow consumer] closed after %d messages to the room; %d frames (%d KiB) were still on their way: "
                            + "%d KiB in the node's socket send buffer, %d KiB in the client's receive buffer, %d KiB in the container's "
                            + "write queue (heap)%n", sent, drained.textFrames(), drained.textBytes() / 1024,
                    kernel.serverSendQueue() / 1024, kernel.clientReceiveQueue() / 1024, containerQueue / 1024);
            // 4 x the transport's 64 KiB write buffer, plus the frame being written when the queue filled
            assertThat(containerQueue).as("bytes in the container's write queue").isLessThanOrEqualTo(4 * 65_536 + 8_192);
            assertThat(drained.ended()).as("the server closed the stalled connection (after %d text frames)", drained.textFrames()).isTrue();
            if (drained.closeCode() != null) {
                assertThat(drained.closeCode()).isEqualTo(1013);
                assertThat(drained.closeReason()).contains("client too slow");
            }
            assertThat(drained.textFrames()).isLessThan(sent);

            // the reader got every message, in order, while the stalled member's queue filled and was dropped
            assertThat(atBob).hasSize(sent);
            for (int i = 1; i < atBob.size(); i++) {
                assertThat(atBob.get(i)).isEqualTo(atBob.get(i - 1) + 1);
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            System.out.printf("[SlowConsumerIT] stalled client closed after %d messages of %d chars (%d rounds, %.1f MB); "
                            + "a round of %d to the reader: median %d ms, max %d ms; the stalled client had received %d, close frame %s%n",
                    sent, content.length(), rounds, sent * (content.length() + 150) / 1e6, ROUND, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), drained.textFrames(),
                    drained.closeCode());
        }
    }
}
