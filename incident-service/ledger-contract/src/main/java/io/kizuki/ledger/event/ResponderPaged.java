package io.kizuki.ledger.event;

import java.time.Instant;

/**
 * A responder was paged for the incident. The person's time zone travels with the page so that whether it was a
 * night or weekend page can be derived from the ledger alone, also years later.
 *
 * @param product  the incident's product, so that a page is scoped like its incident
 * @param timeZone IANA time zone of the person when paged
 * @param channel  {@code slack}, {@code email} or {@code webhook}
 * @param level    the escalation level, 1-based
 */
public record ResponderPaged(
        String incidentId,
        String product,
        String pageId,
        String person,
        String timeZone,
        String channel,
        int level,
        String recordedBy,
        Instant pagedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.responder-paged.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
