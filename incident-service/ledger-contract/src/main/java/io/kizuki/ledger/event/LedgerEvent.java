package io.kizuki.ledger.event;

import io.kizuki.ledger.WireType;

/**
 * A fact recorded on {@code kizuki.ledger.v1}, on one stream: an incident's ({@link IncidentEvent}) or a service's
 * ({@link ServiceEvent}, stream {@code service:<name>}). Past tense; never changes meaning.
 */
public sealed interface LedgerEvent extends WireType permits IncidentEvent, ServiceEvent {

    /** The stream the event belongs to: the record key on the ledger. */
    String streamId();
}
