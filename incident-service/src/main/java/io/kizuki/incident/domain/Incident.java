package io.kizuki.incident.domain;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;

/**
 * The incident decider's state of one incident stream, folded from its events by {@link IncidentDecider#evolve}.
 *
 * @param sequence the sequence number of the last event of the stream
 */
public record Incident(String id, IncidentStatus status, String title, String product, String service,
        Severity severity,
        String dedupKey, int alertCount, long sequence) {
}
