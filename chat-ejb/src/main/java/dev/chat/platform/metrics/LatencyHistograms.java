package dev.chat.platform.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Registers the application's latency histograms one way: in whole milliseconds with the unit in
 * the name and no MicroProfile unit (Payara 6 scales a histogram's mean and max to seconds but not
 * its quantiles, buckets and sum: one unit for all of them only without a unit), with the
 * quantiles and buckets of {@code mp.metrics.distribution.*} (microprofile-config.properties).
 */
@ApplicationScoped
public class LatencyHistograms {

    @Inject
    MetricRegistry metrics;

    public Histogram register(String name, String description, Tag... tags) {
        // with tags, even none: Payara applies the configured quantiles and buckets only on this path
        return metrics.histogram(Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NONE).build(), tags);
    }
}
