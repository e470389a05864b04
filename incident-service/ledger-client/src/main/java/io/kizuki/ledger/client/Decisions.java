package io.kizuki.ledger.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.CommandResult;

/**
 * The decisions a sender waits for: results read from {@code kizuki.command-results.v1} are handed to
 * {@link #accept} and complete the futures {@link #decision} gave out for their command ids.
 */
public final class Decisions {

    private static final Logger LOG = Logger.getLogger(Decisions.class);

    private final WireCodec codec = new WireCodec();
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

    /** The decision on a command: ask before sending, and {@link #forget} it once no longer waiting. */
    public CompletableFuture<CommandResult> decision(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    /** No longer waits for the decision on a command. */
    public void forget(String commandId, CompletableFuture<CommandResult> decision) {
        waiting.remove(commandId, decision);
    }

    /**
     * Reads a record of {@code kizuki.command-results.v1} and completes the caller waiting for it, if any. A result
     * names its command in its {@code ce_causationid}: the result of a command nobody here waits for (every other
     * instance's, every service's own) is skipped without being decoded.
     */
    public void accept(Headers headers, byte[] value) {
        String commandId = CloudEventHeaders.causationId(headers);
        if (commandId != null && !waiting.containsKey(commandId)) {
            return;
        }
        try {
            codec.decode(CloudEventHeaders.read(headers, value))
                    .filter(CommandResult.class::isInstance)
                    .map(CommandResult.class::cast)
                    .ifPresent(result -> {
                        CompletableFuture<CommandResult> caller = waiting.get(result.commandId());
                        if (caller != null) {
                            caller.complete(result);
                        }
                    });
        } catch (MalformedRecordException e) {
            LOG.warnf("ignoring an unreadable command result: %s", e.getMessage());
        }
    }
}
