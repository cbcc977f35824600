package dev.chat.connection.control;

import dev.chat.platform.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frames of sampled traces on their way to the sockets (docs/observability.md): the fan-out
 * names a message's frame with its span, and each outbox that writes that frame makes a
 * {@code websocket send} span of the write, a child of the fan-out, ended when the container
 * wrote it. A frame is encoded once for all its sessions, so one entry serves them all. Bounded
 * to the most recent {@value #MAX_FRAMES} frames: a frame that waits longer in an outbox is
 * written without a span. With no sampled frame about (tracing off, or a trace not kept) an
 * outbox pays one volatile read per frame.
 */
@ApplicationScoped
public class TracedFrames {
    static final int MAX_FRAMES = 1024;

    @Inject
    Tracing tracing;

    private final Map<String, Span> frames = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Span> eldest) {
            return size() > MAX_FRAMES;
        }
    };
    private volatile boolean any;

    /** {@code frame} belongs to {@code fanOut}'s trace (nothing happens unless that is sampled). */
    public void add(String frame, Span fanOut) {
        if (Tracing.isSampled(fanOut)) {
            synchronized (frames) {
                frames.put(frame, fanOut);
                any = true;
            }
        }
    }

    /** The span of writing {@code frame} to a session, started now; null when its trace is not followed. */
    Span writing(String frame, String userId) {
        if (!any) {
            return null;
        }
        Span fanOut;
        synchronized (frames) {
            fanOut = frames.get(frame);
        }
        if (fanOut == null) {
            return null;
        }
        Span write = tracing.child(fanOut, "websocket send", SpanKind.PRODUCER);
        write.setAttribute(Tracing.USER_ID, userId);
        return write;
    }
}
