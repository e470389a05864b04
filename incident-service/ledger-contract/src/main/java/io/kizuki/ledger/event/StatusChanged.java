package io.kizuki.ledger.event;

import java.time.Instant;

import io.kizuki.ledger.IncidentStatus;

/** A responder said where the work stands: investigating, identified or monitoring. */
public record StatusChanged(
        String incidentId, IncidentStatus from, IncidentStatus to, String note, String changedBy, Instant changedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.status-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
