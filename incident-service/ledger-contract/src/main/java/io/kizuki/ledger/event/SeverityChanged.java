package io.kizuki.ledger.event;

import java.time.Instant;

import io.kizuki.ledger.Severity;

/** The severity changed: set by a responder, or raised by a more severe alert (never lowered by one). */
public record SeverityChanged(
        String incidentId, Severity from, Severity to, String reason, String changedBy, Instant changedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.severity-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
