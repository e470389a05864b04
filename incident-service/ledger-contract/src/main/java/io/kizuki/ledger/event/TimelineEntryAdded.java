package io.kizuki.ledger.event;

import java.time.Instant;

/** A responder recorded what happened: a note, decision, action (with what was done) or communication. */
public record TimelineEntryAdded(
        String incidentId,
        String entryId,
        String kind,
        String action,
        String text,
        Instant occurredAt,
        String addedBy,
        Instant addedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.timeline-entry-added.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
