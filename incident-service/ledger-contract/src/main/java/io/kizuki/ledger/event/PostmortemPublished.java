package io.kizuki.ledger.event;

import java.time.Instant;
import java.util.List;

import io.kizuki.ledger.Severity;

/**
 * The incident's postmortem was published: what it shares with every other product (its lessons and prevention
 * actions) is carried here as it stood, so that the knowledge feed needs nothing else.
 */
public record PostmortemPublished(
        String incidentId,
        String product,
        String service,
        String title,
        Severity severity,
        String summary,
        String lessons,
        List<ContributingFactor> factors,
        List<SharedAction> preventionActions,
        String publishedBy,
        Instant publishedAt)
        implements IncidentEvent {

    public static final String TYPE = "kizuki.incident.postmortem-published.v1";

    public PostmortemPublished {
        factors = factors == null ? List.of() : List.copyOf(factors);
        preventionActions = preventionActions == null ? List.of() : List.copyOf(preventionActions);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
