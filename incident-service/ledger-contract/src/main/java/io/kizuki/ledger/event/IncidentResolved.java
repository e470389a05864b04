package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * The incident was resolved, by a responder or automatically when every alert of it resolved.
 *
 * @param resolution {@code manual} or {@code auto}: every alert resolved
 */
public record IncidentResolved(String incidentId, String resolvedBy, String resolution, Instant resolvedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.resolved.v1";
    public static final String MANUAL = "manual";
    public static final String AUTO = "auto";

    @Override
    public String type() {
        return TYPE;
    }
}
