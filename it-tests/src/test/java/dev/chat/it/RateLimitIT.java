package dev.chat.it;

import dev.chat.api.error.ErrorCode;
import dev.chat.api.frame.Ack;
import dev.chat.api.frame.ErrorFrame;
import dev.chat.api.frame.SendMessage;
import dev.chat.api.rest.ApiError;
import dev.chat.api.rest.EditMessageRequest;
import dev.chat.it.support.ApiClient;
import dev.chat.it.support.DeployedChat;
import dev.chat.it.support.NodeMetrics;
import dev.chat.it.support.StoredMessages;
import dev.chat.it.support.TestUser;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's message budget (chat.ratelimit.messages per minute, {@code it.ratelimit.messages} in
 * the suite) is counted in Redis, shared by WebSocket sends and REST changes: beyond it the sender
 * gets ERROR RATE_LIMITED with retryAfterMs (REST: 429 with Retry-After), nothing is stored, and
 * other users are not affected.
 */
class RateLimitIT extends DeployedChat {
    private static final int BUDGET = Integer.getInteger("it.ratelimit.messages", 1000);

    @Test
    void aFlooderIsRefusedWithRetryAfterAndOthersKeepChatting() throws Exception {
        TestUser flooder = TestUser.register(api, "flooder");
        TestUser bystander = TestUser.register(api, "bystander");
        String room = flooder.createGroup(api, "flood", bystander).id();
        double refusedFrames = NodeMetrics.value(base, "chat_refusals_total", "code=\"RATE_LIMITED\"", "via=\"websocket\"");
        double refusedRequests = NodeMetrics.value(base, "chat_refusals_total", "code=\"RATE_LIMITED\"", "via=\"http\"");

        try (var flooding = flooder.connect(base); var calm = bystander.connect(base)) {
            for (int i = 1; i <= BUDGET; i++) {
                flooding.send(new SendMessage(room, "flood " + i, "f-" + i, null)); // pipelined, no wait for ACKs
            }
            flooding.send(new SendMessage(room, "one too many", "f-over", null));

            ErrorFrame refused = flooding.await(ErrorFrame.class);
            assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(refused.clientMsgId()).isEqualTo("f-over");
            assertThat(refused.retryable()).isTrue();
            assertThat(refused.retryAfterMs()).isPositive();
            Ack lastAccepted = flooding.await(Ack.class, ack -> ack.clientMsgId().equals("f-" + BUDGET));

            HttpResponse<String> edit = api.patch("rooms/" + room + "/messages/" + lastAccepted.messageId(),
                    new EditMessageRequest("edited"), flooder.accessToken());
            assertThat(edit.statusCode()).as(edit.body()).isEqualTo(429);
            assertThat(edit.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(ApiClient.read(edit, ApiError.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);

            assertThat(NodeMetrics.value(base, "chat_refusals_total", "code=\"RATE_LIMITED\"", "via=\"websocket\"")).as("counted")
                    .isGreaterThanOrEqualTo(refusedFrames + 1);
            assertThat(NodeMetrics.value(base, "chat_refusals_total", "code=\"RATE_LIMITED\"", "via=\"http\"")).as("counted")
                    .isGreaterThanOrEqualTo(refusedRequests + 1);

            calm.send(new SendMessage(room, "still here", "b-1", null));
            assertThat(calm.await(Ack.class, ack -> ack.clientMsgId().equals("b-1")).roomId()).isEqualTo(room);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> StoredMessages.of(room).size() >= BUDGET + 1);
        assertThat(StoredMessages.of(room)).hasSize(BUDGET + 1).extracting(StoredMessages.Row::content)
                .contains("flood 1", "flood " + BUDGET, "still here")
                .doesNotContain("one too many", "edited");
    }
}
