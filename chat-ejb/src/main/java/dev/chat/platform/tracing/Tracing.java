package dev.chat.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.List;

/**
 * The spans of this application (docs/observability.md), on the OpenTelemetry SDK that Payara's
 * MicroProfile Telemetry gives each application, configured by the {@code otel.*} keys: on with
 * {@code otel.sdk.disabled=false}, sampled by {@code otel.traces.sampler} (default: a low ratio,
 * following the parent's decision). Off, nothing here makes a span: every method hands out the
 * invalid span, which records nothing, and costs a field read.
 * <p>
 * A trace crosses Kafka and Redis as a W3C {@code traceparent} in the event's envelope (and in
 * the Kafka record's headers), only for sampled traces: an event of a trace not sampled carries
 * none, and its next hops make no spans.
 */
@ApplicationScoped
public class Tracing {
    public static final AttributeKey<String> ROOM_ID = AttributeKey.stringKey("chat.room_id");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("chat.message_id");
    public static final AttributeKey<Long> SEQ = AttributeKey.longKey("chat.seq");
    public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("chat.user_id");
    public static final AttributeKey<Long> SESSIONS = AttributeKey.longKey("chat.sessions");
    public static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");
    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("chat.node");
    private static final AttributeKey<String> REGION = AttributeKey.stringKey("chat.region");
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    @Inject
    @ConfigProperty(name = "otel.sdk.disabled", defaultValue = "true")
    boolean disabled;

    @Inject
    @ConfigProperty(name = "chat.node.id")
    String node;

    @Inject
    @ConfigProperty(name = "chat.region")
    String region;

    /** Payara's, per application; looked up at the first span, once the container has made its SDK. */
    @Inject
    Instance<Tracer> tracers;

    private volatile Tracer tracer;

    /** Whether spans are made at all (whether a given one is kept is the sampler's decision). */
    public boolean on() {
        return !disabled;
    }

    /**
     * A span started now: the child of {@code parent}, or the root of a new trace (sampled then by
     * the configured sampler) when {@code parent} is null.
     */
    public Span start(String name, SpanKind kind, Context parent) {
        return start(name, kind, parent, null);
    }

    /** A span that started at {@code startedAt} (a batch's spans, made once its outcome is known). */
    public Span start(String name, SpanKind kind, Context parent, Instant startedAt) {
        if (disabled) {
            return Span.getInvalid();
        }
        SpanBuilder span = tracer().spanBuilder(name).setSpanKind(kind).setAttribute(NODE, node).setAttribute(REGION, region);
        span = parent == null ? span.setNoParent() : span.setParent(parent);
        if (startedAt != null) {
            span.setStartTimestamp(startedAt);
        }
        return span.startSpan();
    }

    /** A child of the trace {@code traceparent} names; the invalid span when it names none (not sampled, or tracing off). */
    public Span continueTrace(String traceparent, String name, SpanKind kind, Instant startedAt) {
        Context parent = parentOf(traceparent);
        return parent == null ? Span.getInvalid() : start(name, kind, parent, startedAt);
    }

    /** A child of {@code parent} when that is a sampled span; else the invalid span (nothing to follow). */
    public Span child(Span parent, String name, SpanKind kind) {
        return child(parent, name, kind, null);
    }

    /** {@link #child(Span, String, SpanKind)} that started at {@code startedAt}. */
    public Span child(Span parent, String name, SpanKind kind, Instant startedAt) {
        return isSampled(parent) ? start(name, kind, Context.root().with(parent), startedAt) : Span.getInvalid();
    }

    /** The W3C {@code traceparent} of a sampled span (what the next hop continues), null for any other. */
    public static String traceparent(Span span) {
        if (!isSampled(span)) {
            return null;
        }
        SpanContext context = span.getSpanContext();
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The context a {@code traceparent} names; null when there is none, it is malformed, or tracing is off. */
    public Context parentOf(String traceparent) {
        if (traceparent == null || disabled) {
            return null;
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : null;
    }

    /** Ends a span as failed by {@code failure}. */
    public static void failed(Span span, Throwable failure) {
        if (span.isRecording()) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    public static boolean isSampled(Span span) {
        return span.getSpanContext().isSampled();
    }

    private Tracer tracer() {
        Tracer current = tracer;
        if (current == null) {
            current = tracers.get();
            tracer = current;
        }
        return current;
    }
}
