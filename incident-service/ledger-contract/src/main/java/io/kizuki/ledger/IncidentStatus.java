package io.kizuki.ledger;

import java.util.Set;

/**
 * Where an incident stands in its lifecycle: triggered → acknowledged → investigating / identified / monitoring →
 * resolved → closed; a resolved incident can be reopened (triggered again).
 */
public enum IncidentStatus {
    TRIGGERED,
    ACKNOWLEDGED,
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED,
    CLOSED;

    /** The statuses a responder sets by hand while working on an incident. */
    public static final Set<IncidentStatus> WORKING = Set.of(INVESTIGATING, IDENTIFIED, MONITORING);

    /** Not yet resolved: the incident still needs someone. */
    public boolean open() {
        return this != RESOLVED && this != CLOSED;
    }
}
