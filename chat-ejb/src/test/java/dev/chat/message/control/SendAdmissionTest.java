package dev.chat.message.control;

import dev.chat.api.error.ChatException;
import dev.chat.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendAdmissionTest {

    private static SendAdmission admission(int maxInFlight, long maxStoreLagMs) {
        var admission = new SendAdmission();
        admission.maxInFlight = maxInFlight;
        admission.maxStoreLagMs = maxStoreLagMs;
        admission.retryAfterMs = 750;
        admission.sustainedLagMs = 0;
        return admission;
    }

    @Test
    void refusesBeyondTheMessagesInFlightAndTakesAgainOnceOneIsReleased() {
        var admission = admission(2, 0);
        admission.admit();
        admission.admit();

        assertThatThrownBy(admission::admit).isInstanceOf(ChatException.class)
                .satisfies(e -> assertThat(((ChatException) e).code()).isEqualTo(ErrorCode.OVERLOADED))
                .satisfies(e -> assertThat(((ChatException) e).retryAfterMs()).isEqualTo(750L));
        assertThat(admission.inFlight()).isEqualTo(2);

        admission.release();
        admission.admit();
        assertThat(admission.refused()).isEqualTo(1);
    }

    @Test
    void refusesWhileTheStoreLagsAndTakesAgainWhenItCaughtUp() {
        var admission = admission(100, 300);
        admission.storeLag(250);
        admission.admit();

        admission.storeLag(800);
        assertThatThrownBy(admission::admit).isInstanceOf(ChatException.class)
                .hasMessageContaining("800 ms after");

        admission.storeLag(20);
        admission.admit();
        assertThat(ErrorCode.OVERLOADED.retryable()).isTrue();
    }

    @Test
    void anOldLagReadingNoLongerCounts() throws InterruptedException {
        var admission = admission(100, 300);
        admission.storeLag(5000);

        Thread.sleep(1100); // nothing delivered since: the node is not behind, it is idle

        admission.admit();
        assertThat(admission.refused()).isZero();
    }

    @Test
    void aShortSpikeOfLagIsNoOverload() throws InterruptedException {
        var admission = admission(100, 300);
        admission.sustainedLagMs = 200;

        admission.storeLag(900);
        admission.admit(); // one slow batch
        admission.storeLag(100);
        admission.storeLag(900);
        admission.admit(); // below in between: the clock starts again

        Thread.sleep(250);
        admission.storeLag(900);
        assertThatThrownBy(admission::admit).isInstanceOf(ChatException.class);
    }

    @Test
    void aZeroLagBoundNeverRefusesForLag() {
        var admission = admission(100, 0);
        admission.storeLag(60_000);

        admission.admit();
        assertThat(admission.refused()).isZero();
    }
}
