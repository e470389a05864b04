package io.kizuki.ledger.command;

import java.util.List;

import io.kizuki.ledger.WireType;

/**
 * An imperative request to the ledger's writer, carried on {@code kizuki.commands.v1} keyed by its stream: an
 * incident's ({@link IncidentCommand}) or a service's ({@link ServiceCommand}). Who sent it and when travel in the
 * envelope ({@code ce_actor}, {@code ce_time}); its id is the command id.
 */
public sealed interface LedgerCommand extends WireType permits IncidentCommand, ServiceCommand {

    /** The stream the command acts on: the record key on the commands topic. */
    String streamId();

    /** Optimistic concurrency: the stream sequence the sender last saw, or {@code null} for none. */
    default Long expectedSequence() {
        return null;
    }

    /**
     * The products the sender may act on ({@code *} for all); {@code null} for Kizuki's own deciders. The decider
     * refuses a command on a stream of another product.
     */
    default List<String> allowedProducts() {
        return null;
    }
}
