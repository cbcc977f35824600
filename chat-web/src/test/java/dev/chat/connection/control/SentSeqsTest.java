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
    void aResumeBelowTheLiveRunFillsTheGapOnceAndTheRunsMerge() {
        var sent = new SentSeqs();
        sent.firstTime(100);
        sent.firstTime(101); // live frames reached the session before its RESUME afterSeq=90
        sent.raiseFloor(90);

        for (long seq = 91; seq <= 101; seq++) {
            assertThat(sent.firstTime(seq)).as("seq %d", seq).isEqualTo(seq < 100);
        }
        assertThat(sent.runs()).isEqualTo(1);
        assertThat(sent.firstTime(95)).isFalse();
    }

    @Test
    void nothingAtOrBelowTheFloorIsSentAgain() {
        var sent = new SentSeqs();
        sent.raiseFloor(40);

        assertThat(sent.firstTime(40)).isFalse();
        assertThat(sent.firstTime(12)).isFalse();
        assertThat(sent.firstTime(41)).isTrue();
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
