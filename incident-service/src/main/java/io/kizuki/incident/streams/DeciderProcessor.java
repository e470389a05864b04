package io.kizuki.incident.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireType;

/**
 * Runs a decider on the records of its partition: reads each record (dead-lettering what cannot be read, skipping
 * unknown types) and hands the decoded envelope to {@link #decide}.
 */
abstract class DeciderProcessor implements Processor<String, byte[], String, byte[]> {

    protected final DeciderMetrics metrics;
    protected ProcessorContext<String, byte[]> context;

    DeciderProcessor(DeciderMetrics metrics) {
        this.metrics = metrics;
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
        if (read != null) {
            decide(record, read.envelope(), read.value());
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
