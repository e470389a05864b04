package io.kizuki.report.ledger;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.LedgerEvent;

/**
 * One record of the ledger as the read models see it: where it sits in the log, its envelope, and its event (an
 * incident's or a service's) — {@code null} for a type this release does not know (skipped and counted) or a record
 * that could not be read.
 */
public record LedgerRecord(
        String topic, int partition, long offset, Envelope envelope, LedgerEvent event, String unreadable) {

    /** Reads a ledger record; never throws: what cannot be read carries its reason in {@link #unreadable()}. */
    public static LedgerRecord read(ConsumerRecord<String, byte[]> record, WireCodec codec) {
        try {
            Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
            Optional<WireType> decoded = codec.decode(envelope);
            LedgerEvent event = decoded.filter(LedgerEvent.class::isInstance)
                    .map(LedgerEvent.class::cast)
                    .orElse(null);
            return new LedgerRecord(record.topic(), record.partition(), record.offset(), envelope, event, null);
        } catch (MalformedRecordException e) {
            return new LedgerRecord(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    null,
                    null,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The event when it is an incident's; {@code null} for a service stream's (and when there is none). */
    public IncidentEvent incidentEvent() {
        return event instanceof IncidentEvent incidentEvent ? incidentEvent : null;
    }

    /** The event's position in its stream (1-based). */
    public long sequence() {
        return envelope == null || envelope.sequence() == null ? 0 : envelope.sequence();
    }
}
