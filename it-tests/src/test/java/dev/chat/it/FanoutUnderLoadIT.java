package dev.chat.it;

import dev.chat.bench.BenchConfig;
import dev.chat.bench.LoadGenerator;
import dev.chat.it.support.DeployedChat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end fan-out under load, the benchmark's smoke
 * variant in the normal run: 200 authenticated clients in rooms of 10 send 100 messages/s for
 * 10 s through the real path (below what the persister sustains on this machine today, see
 * docs/benchmarks.md, so that the check is about correctness). Not a latency check (this machine
 * is shared and noisy): every delivery must arrive exactly once and every message be stored once.
 */
class FanoutUnderLoadIT extends DeployedChat {

    @Test
    void twoHundredClientsInRoomsOfTenGetEveryMessageExactlyOnce() throws Exception {
        var config = BenchConfig.of("smoke", base, 200, 10, 100, 10);

        LoadGenerator.Result result = LoadGenerator.run(config, "product", null);

        assertThat(result.connected()).isEqualTo(200);
        assertThat(result.recorder().errorCount()).as("ERROR frames and failed sends").isZero();
        assertThat(result.recorder().sentMessages()).isGreaterThanOrEqualTo(300);
        assertThat(result.recorder().ackedMessages()).isEqualTo(result.recorder().sentMessages());
        assertThat(result.lost()).as("lost deliveries").isZero();
        assertThat(result.recorder().duplicateDeliveries()).as("duplicated deliveries").isZero();
        assertThat(result.persisted()).as("stored rows").isEqualTo(result.recorder().sentMessages());
    }
}
