package io.kizuki.incident.streams;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.WireType;

/**
 * Runs a decider on the records of its partition: reads each record (dead-lettering what cannot be read, skipping
 * unknown types) and hands the decoded envelope to {@link #decide}.
 */
abstract class DeciderProcessor implements Processor<String, byte[], String, byte[]> {

    protected ProcessorContext<String, byte[]> context;

    @Override
    public final void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        openStores(context);
    }

    @Override
    public final void process(Record<String, byte[]> record) {
        WireSupport.Read read = WireSupport.read(record, context);
        if (read != null) {
            decide(record, read.envelope(), read.value());
        }
    }

    /** Looks up the state stores this decider keeps. */
    abstract void openStores(ProcessorContext<String, byte[]> context);

    abstract void decide(Record<String, byte[]> record, Envelope envelope, WireType value);
}
