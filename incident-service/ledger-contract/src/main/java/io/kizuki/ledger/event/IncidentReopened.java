package io.kizuki.ledger.event;

import java.time.Instant;

/** A resolved incident was reopened: it is triggered again. */
public record IncidentReopened(String incidentId, String reason, String reopenedBy, Instant reopenedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.reopened.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
