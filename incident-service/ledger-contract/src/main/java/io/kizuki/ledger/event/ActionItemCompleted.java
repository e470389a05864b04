package io.kizuki.ledger.event;

import java.time.Instant;

/** An improvement action item was done. */
public record ActionItemCompleted(String incidentId, String actionItemId, String completedBy, Instant completedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.action-item-completed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
