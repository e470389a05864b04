package io.kizuki.incident.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.client.RecordTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * Runs a decider on the records of its partition: reads each record (dead-lettering what cannot be read, skipping
 * unknown types) and hands the decoded envelope to {@link #decide}.
 */
abstract class DeciderProcessor implements Processor<String, byte[], String, byte[]> {

    protected final DeciderMetrics metrics;
    protected ProcessorContext<String, byte[]> context;
    private final Tracer tracer;

    DeciderProcessor(DeciderMetrics metrics, Tracer tracer) {
        this.metrics = metrics;
        this.tracer = tracer;
    }

    @Override
    public final void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        openStores(context);
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        WireSupport.Read read;
        try {
            read = WireSupport.read(record);
        } catch (MalformedRecordException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        if (read == null) {
            return;
        }
        // a span per record decided, a child of the one its sender put in its headers; what the decision writes
        // carries this span on (WireSupport.record), so one trace runs from a webhook to the page
        RecordMetadata place = context.recordMetadata().orElse(null);
        Span span = RecordTracing.consume(
                tracer,
                "decide",
                read.envelope().type(),
                place == null ? "" : place.topic(),
                place == null ? -1 : place.partition(),
                record.key(),
                record.headers());
        try (Scope ignored = span.makeCurrent()) {
            decide(record, read.envelope(), read.value());
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Sends a record this decider cannot use to the dead-letter topic, and counts it. */
    protected void deadLetter(Record<String, byte[]> record, String reason) {
        metrics.deadLettered();
        WireSupport.deadLetter(record, context, reason);
    }

    /** Looks up the state stores this decider keeps. */
    abstract void openStores(ProcessorContext<String, byte[]> context);

    abstract void decide(Record<String, byte[]> record, Envelope envelope, WireType value);
}
