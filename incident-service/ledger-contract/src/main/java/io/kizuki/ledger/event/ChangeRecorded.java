package io.kizuki.ledger.event;

import java.time.Instant;
import java.util.List;

import io.kizuki.ledger.Link;

/**
 * A change to a service was recorded, on the service's stream: what report-service shows as "what was just
 * released" beside an incident of that service.
 *
 * @param stream     the stream, {@code service:<name>}
 * @param kind       {@code deploy}, {@code rollback}, {@code config} or {@code feature-flag}
 * @param actor      who made the change, as the sender said
 */
public record ChangeRecorded(
        String stream,
        String changeId,
        String product,
        String service,
        String version,
        String kind,
        String summary,
        List<Link> links,
        String actor,
        Instant occurredAt,
        String recordedBy,
        Instant recordedAt)
        implements ServiceEvent {

    public static final String TYPE = "kizuki.service.change-recorded.v1";

    public ChangeRecorded {
        links = links == null ? List.of() : List.copyOf(links);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
