package io.kizuki.incident.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.WireType;

/** Helpers the processors share to write envelopes and dead letters. */
final class WireSupport {

    private static final Logger LOG = Logger.getLogger(WireSupport.class);

    static final String SOURCE = "/kizuki/incident-service";
    static final String DEAD_LETTER_REASON = "kizuki_dead_letter_reason";

    static final WireCodec CODEC = new WireCodec(Map.of(
            DetectionFeedback.IncidentClosed.TYPE, DetectionFeedback.IncidentClosed.class,
            DetectionFeedback.IncidentReopened.TYPE, DetectionFeedback.IncidentReopened.class,
            DetectionFeedback.AlertRejected.TYPE, DetectionFeedback.AlertRejected.class));

    private WireSupport() {
    }

    static Record<String, byte[]> record(String key, Envelope envelope, long timestamp) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(envelope, headers);
        return new Record<>(key, envelope.data(), timestamp, headers);
    }

    /** An input record, read: its envelope and its decoded data. */
    record Read(Envelope envelope, WireType value) {
    }

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

    /** Sends a record the deciders cannot use to the dead-letter topic, with the reason in a header. */
    static void deadLetter(Record<String, byte[]> original, ProcessorContext<String, byte[]> context, String reason) {
        LOG.warnf("dead-lettering a record of stream %s: %s", original.key(), reason);
        var headers = new RecordHeaders(original.headers().toArray());
        headers.add(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(original.key(), original.value(), original.timestamp(), headers),
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

    /** A deterministic id, so that reprocessing the same input yields the same output ids. */
    static String derivedId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
