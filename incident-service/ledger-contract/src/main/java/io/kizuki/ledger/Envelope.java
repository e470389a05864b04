package io.kizuki.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 envelope as carried in Kafka binary mode: attributes in {@code ce_*} headers,
 * {@code data} as the record value (JSON).
 *
 * @param id            unique id of this event or command ({@code ce_id})
 * @param source        who produced it, e.g. {@code /kizuki/incident-service} ({@code ce_source})
 * @param type          fixed type name, e.g. {@code kizuki.incident.opened.v1} ({@code ce_type})
 * @param subject       stream id: the incident id, or the dedup stream key for signals ({@code ce_subject})
 * @param time          when it happened ({@code ce_time})
 * @param sequence      position in its stream, 1-based; {@code null} outside the ledger ({@code ce_sequence})
 * @param causationId   id of the command or signal that caused it ({@code ce_causationid})
 * @param correlationId id shared by everything one request set off ({@code ce_correlationid})
 * @param actor         who did it: a user, a client, or {@code kizuki:<decider>} ({@code ce_actor})
 * @param data          the JSON payload
 * @param via           how a person's command reached Kizuki when a service relayed it for them (e.g.
 *                      {@code slack}); {@code null} otherwise ({@code ce_via})
 */
public record Envelope(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        Long sequence,
        String causationId,
        String correlationId,
        String actor,
        byte[] data,
        String via) {

    /** An envelope of what was not relayed for a person ({@code via} {@code null}). */
    public Envelope(
            String id,
            String source,
            String type,
            String subject,
            Instant time,
            Long sequence,
            String causationId,
            String correlationId,
            String actor,
            byte[] data) {
        this(id, source, type, subject, time, sequence, causationId, correlationId, actor, data, null);
    }

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
