package io.kizuki.ledger.event;

/**
 * A fact about one service, recorded on the service's own ledger stream {@code service:<name>} (JSON
 * {@code stream}): not an incident, never opens or changes one.
 */
public sealed interface ServiceEvent extends LedgerEvent permits ChangeRecorded, CanaryPassed {

    /** The service's stream, {@code service:<name>}. */
    String stream();

    @Override
    default String streamId() {
        return stream();
    }
}
