package io.kizuki.incident.domain;

import java.util.List;

import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.event.LedgerEvent;

/** What a decider made of a command. */
public sealed interface Decision {

    /** The command is accepted and produces these events (possibly none). */
    record Accepted(List<? extends LedgerEvent> events) implements Decision {}

    /** The command is refused; nothing is written. */
    record Rejected(Outcome outcome, String detail) implements Decision {}
}
