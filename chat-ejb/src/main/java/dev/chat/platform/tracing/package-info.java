/** Traces (docs/observability.md): spans on the way of a message, on Payara's MicroProfile Telemetry. */
package dev.chat.platform.tracing;
