package io.kizuki.ledger.client;

import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The W3C trace context a Kizuki record carries in its headers ({@code traceparent}, and {@code tracestate} when
 * there is one — the CloudEvents distributed-tracing extension's attributes, under the names every OpenTelemetry Kafka
 * instrumentation reads), so that one trace runs from a webhook through the deciders and the ledger to a page. Without
 * a span in the current context (tracing off: the services' default), nothing is written and nothing is read.
 */
public final class RecordTracing {

    /** The header of the W3C trace parent. */
    public static final String TRACEPARENT = "traceparent";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return () -> StreamSupport.stream(headers.spliterator(), false)
                    .map(Header::key)
                    .iterator();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private RecordTracing() {}

    /** Writes the current span's context into the headers, replacing any there; nothing when there is no span. */
    public static void inject(Headers headers) {
        inject(Context.current(), headers);
    }

    /** Writes a context's span into the headers, replacing any there; nothing when it holds no valid span. */
    public static void inject(Context context, Headers headers) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, headers, SETTER);
        }
    }

    /** The context a record's headers carry: the root context with the sender's span, or the root context. */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, GETTER);
    }

    /**
     * Starts the span of a consumer's work on one record, a child of the span the record carries: named
     * {@code <verb> <type>}, with the messaging attributes of the topic, partition and key. End it.
     */
    public static Span consume(
            Tracer tracer, String verb, String type, String topic, int partition, String key, Headers headers) {
        return tracer.spanBuilder(verb + " " + type)
                .setParent(extract(headers))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.destination.partition.id", Integer.toString(partition))
                .setAttribute("messaging.kafka.message.key", key == null ? "" : key)
                .setAttribute("cloudevents.event_type", type)
                .startSpan();
    }
}
