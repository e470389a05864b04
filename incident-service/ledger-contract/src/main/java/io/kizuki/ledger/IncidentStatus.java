package io.kizuki.ledger;

/** Where an incident stands in its lifecycle. */
public enum IncidentStatus {
    TRIGGERED, ACKNOWLEDGED, RESOLVED
}
