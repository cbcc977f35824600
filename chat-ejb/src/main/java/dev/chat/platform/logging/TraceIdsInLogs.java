package dev.chat.platform.logging;

import dev.chat.platform.startup.StartsWithApplication;
import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * With tracing on, every line the application logs while a span is current carries that span's
 * {@code traceId} and {@code spanId} (docs/observability.md): the lines of a slow or failed
 * message are found from its trace, and its trace from a line. A handler on the application's
 * {@code dev.chat} logger, which sees a record before the server's handlers do, adds them as a
 * {@link Map} parameter: Payara's JSON formatter writes each entry of such a parameter as a field
 * of the line, and its text formatters as {@code [traceId: …]}. Off (the default), nothing is added
 * to the logging path.
 */
@ApplicationScoped
public class TraceIdsInLogs implements StartsWithApplication {
    /** Held: the log manager keeps loggers weakly, and a logger collected takes its handler with it. */
    private static final Logger APPLICATION = Logger.getLogger("dev.chat");

    @Inject
    Tracing tracing;

    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            SpanContext span = Span.current().getSpanContext();
            if (span.isValid()) {
                Object[] parameters = record.getParameters() == null ? new Object[0] : record.getParameters();
                Object[] more = Arrays.copyOf(parameters, parameters.length + 1);
                more[parameters.length] = Map.of("traceId", span.getTraceId(), "spanId", span.getSpanId());
                record.setParameters(more);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void start() {
        if (tracing.on()) {
            handler.setLevel(Level.ALL);
            APPLICATION.addHandler(handler);
        }
    }

    @PreDestroy
    void stop() {
        APPLICATION.removeHandler(handler); // the server's logger must not keep this application's classes
    }
}
