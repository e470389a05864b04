package io.kizuki.ledger.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.header.Headers;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.LedgerCommand;

/**
 * Sends commands on behalf of callers the sending service has authenticated itself (incident-service's API), naming
 * the caller as the envelope's actor, to the deciders on {@code kizuki.commands.v1}, keyed by the command's stream, in
 * an envelope whose id is the command id. The decision can be waited for: results read from
 * {@code kizuki.command-results.v1} are handed to {@link #accept} and complete the {@link #decision} futures. A
 * service's own commands go through {@link ServiceCommandClient}, signed.
 */
public final class CommandClient {

    private final String source;
    private final RecordSender sender;
    private final Decisions decisions = new Decisions();

    public CommandClient(String source, RecordSender sender) {
        this.source = source;
        this.sender = sender;
    }

    /**
     * Sends a command on behalf of {@code actor}. The future completes once Kafka has the command, and fails (logged)
     * when Kafka did not take it.
     */
    public CompletableFuture<Void> send(String commandId, LedgerCommand command, String actor) {
        return CommandRecords.send(sender, Topics.COMMANDS, source, commandId, command, actor, null, Map.of());
    }

    /**
     * The decision on a command, completed when its result is {@linkplain #accept accepted}. Ask before sending,
     * and {@link #forget} it once no longer waiting.
     */
    public CompletableFuture<CommandResult> decision(String commandId) {
        return decisions.decision(commandId);
    }

    /** No longer waits for the decision on a command. */
    public void forget(String commandId, CompletableFuture<CommandResult> decision) {
        decisions.forget(commandId, decision);
    }

    /** Reads a record of {@code kizuki.command-results.v1} and completes the caller waiting for it, if any. */
    public void accept(Headers headers, byte[] value) {
        decisions.accept(headers, value);
    }
}
