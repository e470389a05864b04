package io.kizuki.ledger.event;

import java.time.Instant;
import java.time.LocalDate;

/** An improvement action item was added. */
public record ActionItemAdded(
        String incidentId,
        String actionItemId,
        String title,
        String kind,
        String owner,
        LocalDate dueDate,
        String addedBy,
        Instant addedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.action-item-added.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
