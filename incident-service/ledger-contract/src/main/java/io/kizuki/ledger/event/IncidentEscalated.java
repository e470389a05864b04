package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * Nobody acknowledged within the level's timeout: the incident moved to the next escalation level, which
 * notify-service pages.
 *
 * @param product the incident's product, so that the escalation is scoped like its incident
 */
public record IncidentEscalated(
        String incidentId,
        String product,
        int fromLevel,
        int toLevel,
        String policy,
        String escalatedBy,
        Instant escalatedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.escalated.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
