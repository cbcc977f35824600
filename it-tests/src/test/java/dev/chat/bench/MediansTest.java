package dev.chat.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's summary: medians per target, robust to one odd run. */
class MediansTest {

    @Test
    void theMedianIsTheMiddleRunOrTheMeanOfTheTwoMiddleOnes() {
        assertThat(Medians.median(new double[]{1, 5, 900})).isEqualTo(5);
        assertThat(Medians.median(new double[]{1, 3, 5, 900})).isEqualTo(4);
        assertThat(Medians.median(new double[]{7})).isEqualTo(7);
    }

    @Test
    void theTableShowsEachTargetsMedianWithTheRangeOfTheRuns() {
        String table = Medians.table(Map.of("product", List.of(run(1000, 40), run(1200, 35), run(900, 400))), 3);

        assertThat(table).contains("median of 3 runs")
                .contains("=== product")
                .containsPattern("deliveries/s\\s+1000 {2}\\(900 – 1200\\)")
                .containsPattern("delivery p50 ms\\s+40\\.0 {2}\\(35\\.0 – 400\\.0\\)")
                .doesNotContain("× ceiling");
    }

    private static JsonObject run(double deliveriesPerSecond, double p50) {
        var latency = Json.createObjectBuilder().add("count", 10).add("p50", p50).add("p95", p50).add("p99", p50)
                .add("p999", p50).add("max", p50).build();
        return Json.createObjectBuilder().add("target", "product").add("connected", 1000).add("connectSeconds", 10.0)
                .add("deliveriesPerSecond", deliveriesPerSecond).add("lost", 0).add("duplicates", 0).add("errors", 0)
                .add("deliveryMs", latency).add("ackMs", latency).add("serverCpuSeconds", 50.0).add("serverRssKb", 1024 * 1024)
                .build();
    }
}
