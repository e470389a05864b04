package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * The incident moved to the next escalation level, which notify-service pages: nobody acknowledged within the level's
 * timeout, or a responder asked for it ("Escalate now").
 *
 * @param product the incident's product, so that the escalation is scoped like its incident
 * @param policy  the policy paging it; {@code null} when a person escalated (the policy paging it stays)
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
