package io.kizuki.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The headers {@link #read} reads, each with its place in the attributes it collects. */
    private static final Map<String, Integer> READ = places(
            List.of(SPEC_VERSION, ID, SOURCE, TYPE, SUBJECT, TIME, SEQUENCE, CAUSATION_ID, CORRELATION_ID, ACTOR, VIA));

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
     * Reads an envelope from headers and value (of a header given twice, the last), in one pass over the headers.
     *
     * @throws MalformedRecordException when a required attribute is missing or unreadable
     */
    public static Envelope read(Headers headers, byte[] value) {
        if (value == null) {
            throw new MalformedRecordException("record has no value");
        }
        String[] attributes = new String[READ.size()];
        if (headers != null) {
            for (Header header : headers) {
                Integer attribute = READ.get(header.key());
                if (attribute != null) {
                    attributes[attribute] =
                            header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                }
            }
        }
        String specVersion = required(attributes, SPEC_VERSION);
        if (!specVersion.startsWith("1.")) {
            throw new MalformedRecordException("unsupported CloudEvents specversion " + specVersion);
        }
        String id = required(attributes, ID);
        String source = required(attributes, SOURCE);
        String type = required(attributes, TYPE);
        String subject = required(attributes, SUBJECT);
        String sequence = optional(attributes, SEQUENCE);
        Instant time;
        Long seq;
        try {
            time = IsoInstants.parse(required(attributes, TIME));
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
                optional(attributes, CAUSATION_ID),
                optional(attributes, CORRELATION_ID),
                optional(attributes, ACTOR),
                value,
                optional(attributes, VIA));
    }

    /** The {@code ce_type} of a record, or {@code null}. */
    public static String type(Headers headers) {
        return optional(headers, TYPE);
    }

    /** The {@code ce_causationid} of a record (of a command's result: the command's id), or {@code null}. */
    public static String causationId(Headers headers) {
        return optional(headers, CAUSATION_ID);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String required(String[] attributes, String name) {
        String value = optional(attributes, name);
        if (value == null || value.isBlank()) {
            throw new MalformedRecordException("missing CloudEvents attribute " + name);
        }
        return value;
    }

    private static String optional(String[] attributes, String name) {
        return attributes[READ.get(name)];
    }

    private static Map<String, Integer> places(List<String> names) {
        Map<String, Integer> places = new HashMap<>();
        names.forEach(name -> places.put(name, places.size()));
        return Map.copyOf(places);
    }

    private static String optional(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
