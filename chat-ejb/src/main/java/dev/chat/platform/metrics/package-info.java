/** What the metrics of several features share (docs/observability.md): latency histograms, refusals by code. */
package dev.chat.platform.metrics;
