package io.kizuki.incident.streams;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.client.DeadLetterWriter;
import io.kizuki.ledger.client.LedgerRecords;

/** Helpers the processors share to write envelopes and dead letters. */
final class WireSupport {

    private static final Logger LOG = Logger.getLogger(WireSupport.class);

    static final String SOURCE = "/kizuki/incident-service";
    /** The {@code dead-letter-consumer} of what the deciders dead-letter. */
    static final String CONSUMER = "incident-service";

    static final WireCodec CODEC = new WireCodec(Map.of(
            DetectionFeedback.IncidentClosed.TYPE, DetectionFeedback.IncidentClosed.class,
            DetectionFeedback.IncidentReopened.TYPE, DetectionFeedback.IncidentReopened.class,
            DetectionFeedback.AlertRejected.TYPE, DetectionFeedback.AlertRejected.class));

    private WireSupport() {}

    static Record<String, byte[]> record(String key, Envelope envelope, long timestamp) {
        return new Record<>(key, envelope.data(), timestamp, LedgerRecords.headers(envelope));
    }

    /** An input record, read: its envelope and its decoded data. */
    record Read(Envelope envelope, WireType value) {}

    /**
     * Reads an input record; a record of an unknown type is skipped (and counted by the codec) and gives {@code null}.
     *
     * @throws MalformedRecordException when the record cannot be read (it belongs on the dead-letter topic)
     */
    static Read read(Record<String, byte[]> record) {
        Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
        Optional<WireType> value = CODEC.decode(envelope);
        if (value.isEmpty()) {
            LOG.debugf("skipping record of unknown type %s", envelope.type());
            return null;
        }
        return new Read(envelope, value.get());
    }

    /** Sends a record the deciders cannot use to the dead-letter topic, with the reason and its place in headers. */
    static void deadLetter(Record<String, byte[]> original, ProcessorContext<String, byte[]> context, String reason) {
        RecordMetadata place = context.recordMetadata().orElseThrow();
        LOG.warnf(
                "dead-lettering record %s-%d@%d of stream %s: %s",
                place.topic(), place.partition(), place.offset(), original.key(), reason);
        var headers = DeadLetterWriter.headers(
                original.headers(), place.topic(), place.partition(), place.offset(), CONSUMER, reason);
        context.forward(
                new Record<>(original.key(), original.value(), original.timestamp(), headers),
                TopologyProducer.DEAD_LETTER_SINK);
    }

    /** State-store values are JSON, readable by people and by the next version of the code. */
    static byte[] json(Object value) {
        try {
            return CODEC.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    /** SHA-256 of a record's data, in hex: what tells two commands sent under one id apart. */
    static String digest(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
