package io.kizuki.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Writes and reads the CloudEvents 1.0 Kafka binary-mode headers of an {@link Envelope}. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SEQUENCE = "ce_sequence";
    public static final String CAUSATION_ID = "ce_causationid";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String ACTOR = "ce_actor";
    /** Extension: how a person's relayed command reached Kizuki (e.g. {@code slack}). */
    public static final String VIA = "ce_via";

    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {}

    public static void write(Envelope envelope, Headers headers) {
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, envelope.id());
        put(headers, SOURCE, envelope.source());
        put(headers, TYPE, envelope.type());
        put(headers, SUBJECT, envelope.subject());
        put(headers, TIME, envelope.time().toString());
        put(headers, CONTENT_TYPE, JSON);
        if (envelope.sequence() != null) {
            put(headers, SEQUENCE, envelope.sequence().toString());
        }
        put(headers, CAUSATION_ID, envelope.causationId());
        put(headers, CORRELATION_ID, envelope.correlationId());
        put(headers, ACTOR, envelope.actor());
        put(headers, VIA, envelope.via());
    }

    /**
     * Reads an envelope from headers and value.
     *
     * @throws MalformedRecordException when a required attribute is missing or unreadable
     */
    public static Envelope read(Headers headers, byte[] value) {
        if (value == null) {
            throw new MalformedRecordException("record has no value");
        }
        String specVersion = required(headers, SPEC_VERSION);
        if (!specVersion.startsWith("1.")) {
            throw new MalformedRecordException("unsupported CloudEvents specversion " + specVersion);
        }
        String id = required(headers, ID);
        String source = required(headers, SOURCE);
        String type = required(headers, TYPE);
        String subject = required(headers, SUBJECT);
        String sequence = optional(headers, SEQUENCE);
        Instant time;
        Long seq;
        try {
            time = Instant.parse(required(headers, TIME));
            seq = sequence == null ? null : Long.valueOf(sequence);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new MalformedRecordException("unreadable CloudEvents attribute: " + e.getMessage());
        }
        return new Envelope(
                id,
                source,
                type,
                subject,
                time,
                seq,
                optional(headers, CAUSATION_ID),
                optional(headers, CORRELATION_ID),
                optional(headers, ACTOR),
                value,
                optional(headers, VIA));
    }

    /** The {@code ce_type} of a record, or {@code null}. */
    public static String type(Headers headers) {
        return optional(headers, TYPE);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isBlank()) {
            throw new MalformedRecordException("missing CloudEvents attribute " + name);
        }
        return value;
    }

    private static String optional(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
