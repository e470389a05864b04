package io.kizuki.ledger.event;

import java.time.Instant;
import java.time.LocalDate;

/** An improvement action item was given to someone else, or a new due date (each as it now stands). */
public record ActionItemUpdated(
        String incidentId, String actionItemId, String owner, LocalDate dueDate, String updatedBy, Instant updatedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.action-item-updated.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
