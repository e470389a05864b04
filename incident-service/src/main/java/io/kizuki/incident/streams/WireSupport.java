package io.kizuki.incident.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.streams.processor.api.Record;

import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.WireCodec;

/** Helpers the processors share to write envelopes and dead letters. */
final class WireSupport {

    static final String SOURCE = "/kizuki/incident-service";
    static final String DEAD_LETTER_REASON = "kizuki_dead_letter_reason";

    static final WireCodec CODEC = new WireCodec(Map.of(
            DetectionFeedback.IncidentClosed.TYPE, DetectionFeedback.IncidentClosed.class,
            DetectionFeedback.AlertRejected.TYPE, DetectionFeedback.AlertRejected.class));

    private WireSupport() {
    }

    static Record<String, byte[]> record(String key, Envelope envelope, long timestamp) {
        var headers = new RecordHeaders();
        CloudEventHeaders.write(envelope, headers);
        return new Record<>(key, envelope.data(), timestamp, headers);
    }

    static Record<String, byte[]> deadLetter(Record<String, byte[]> original, String reason) {
        var headers = new RecordHeaders(original.headers().toArray());
        headers.add(DEAD_LETTER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        return new Record<>(original.key(), original.value(), original.timestamp(), headers);
    }

    /** State-store values are JSON, readable by people and by the next version of the code. */
    static byte[] json(Object value) {
        try {
            return CODEC.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    /** A deterministic id, so that reprocessing the same input yields the same output ids. */
    static String derivedId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
