package io.kizuki.ledger.event;

import java.time.Instant;

/** The resolved incident was closed: nothing more is expected of it. */
public record IncidentClosed(String incidentId, String closedBy, Instant closedAt) implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.closed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
