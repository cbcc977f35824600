package dev.chat.connection.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InboundBudgetTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aBurstPassesThenFramesAreRefusedWithTheWaitForTheNext() {
        var budget = new InboundBudget(10, 5);
        long now = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(budget.take(now)).isZero();
        }
        assertThat(budget.take(now)).isEqualTo(100); // 10 frames/s: the next in 100 ms
    }

    @Test
    void theBudgetRefillsAtItsRateUpToTheBurst() {
        var budget = new InboundBudget(10, 5);
        long now = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            budget.take(now);
        }
        assertThat(budget.take(now + SECOND / 10)).isZero();
        assertThat(budget.take(now + SECOND / 10)).isPositive();

        long muchLater = now + 60 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(budget.take(muchLater)).isZero();
        }
        assertThat(budget.take(muchLater)).as("never more than the burst").isPositive();
    }
}
