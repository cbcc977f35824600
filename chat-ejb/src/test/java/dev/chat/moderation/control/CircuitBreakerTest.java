package dev.chat.moderation.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final CircuitBreaker breaker = new CircuitBreaker(3, 5_000, now::get);

    @Test
    void opensAfterTheThresholdOfFailuresInARowAndRefusesUntilItsTimeIsUp() {
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.failed()).isFalse();
        breaker.succeeded(); // a success in between: the count starts again
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).as("third failure in a row").isTrue();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(4_999);
        assertThat(breaker.allows()).isFalse();
    }

    @Test
    void halfOpenLetsOneTrialThroughWhoseOutcomeDecides() {
        breaker.failed();
        breaker.failed();
        breaker.failed();
        now.addAndGet(5_000);

        assertThat(breaker.allows()).as("the trial").isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allows()).as("while the trial runs").isFalse();
        assertThat(breaker.failed()).as("a failed trial opens it again").isTrue();
        assertThat(breaker.allows()).isFalse();

        now.addAndGet(5_000);
        assertThat(breaker.allows()).isTrue();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allows()).isTrue();
        assertThat(breaker.allows()).isTrue();
    }
}
