package io.kizuki.ledger.command;

/** A request about one service, decided on the service's own ledger stream {@code service:<name>}. */
public sealed interface ServiceCommand extends LedgerCommand permits RecordChange, RecordCanary {

    /** The prefix of a service's ledger stream. */
    String STREAM_PREFIX = "service:";

    /** The service's stream, {@code service:<name>} (JSON {@code stream}). */
    String stream();

    @Override
    default String streamId() {
        return stream();
    }
}
