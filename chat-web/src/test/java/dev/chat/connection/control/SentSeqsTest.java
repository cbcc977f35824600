package dev.chat.connection.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentSeqsTest {

    @Test
    void liveTrafficIsOneRunAndRepeatsAreDropped() {
        var sent = new SentSeqs();
        for (long seq = 5000; seq < 15000; seq++) {
            assertThat(sent.firstTime(seq)).isTrue();
        }
        assertThat(sent.runs()).isEqualTo(1);
        assertThat(sent.firstTime(5000)).isFalse();
        assertThat(sent.firstTime(14999)).isFalse();
        assertThat(sent.firstTime(15000)).isTrue();
    }

    @Test
    void aSeqThatArrivesLateIsNewOnceAndTheRunsMerge() {
        var sent = new SentSeqs();
        sent.firstTime(100);
        sent.firstTime(102); // 101 comes the other way, after 102

        assertThat(sent.firstTime(101)).isTrue();
        assertThat(sent.firstTime(101)).isFalse();
        assertThat(sent.runs()).isEqualTo(1);
    }

    @Test
    void gapsThatNeverFillAreBounded() {
        var sent = new SentSeqs();
        for (long seq = 1; seq <= 2 * SentSeqs.MAX_RUNS + 10; seq += 2) {
            sent.firstTime(seq); // every other seq: a run each
        }

        assertThat(sent.runs()).isEqualTo(SentSeqs.MAX_RUNS);
        assertThat(sent.firstTime(2)).as("below the runs given up").isFalse();
    }
}
