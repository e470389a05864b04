package io.kizuki.ledger.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.IncidentCommand;

/**
 * Sends commands to incident-service's deciders on {@code kizuki.commands.v1}, keyed by the command's stream, in an
 * envelope whose id is the command id (derive it with {@link io.kizuki.ledger.StableId} so that the same command
 * sent again is decided once). A service's own commands are {@linkplain #signed signed} with its service account's
 * token; incident-service's API sends its callers' commands {@linkplain #unsigned unsigned}, naming the caller it
 * authenticated. The decision can be waited for: results read from {@code kizuki.command-results.v1} are handed to
 * {@link #accept} and complete the {@link #decision} futures.
 */
public final class CommandClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommandClient.class);
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LAST_WAIT = Duration.ofSeconds(30);

    private final String source;
    private final RecordSender sender;
    private final Supplier<String> actor;
    private final Supplier<Optional<String>> bearer;
    private final ScheduledExecutorService waits;
    private final WireCodec codec = new WireCodec();
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

    private CommandClient(String source, RecordSender sender, Supplier<String> actor,
            Supplier<Optional<String>> bearer) {
        this.source = source;
        this.sender = sender;
        this.actor = actor;
        this.bearer = bearer;
        this.waits = bearer == null ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("kizuki-command-token-wait").daemon().factory());
    }

    /**
     * A client for a service's own commands: each names the service's account ({@code actor}) and carries its
     * current access token ({@code bearer}: {@code Bearer …}, empty while it has none). While no token can be had
     * (Keycloak away) a command waits, asked for again with a back-off (1 s doubling to 30 s): an outage delays a
     * command, it never sends one to be refused.
     */
    public static CommandClient signed(String source, RecordSender sender, Supplier<String> actor,
            Supplier<Optional<String>> bearer) {
        return new CommandClient(source, sender, actor, bearer);
    }

    /** A client for commands on behalf of callers the sending service has authenticated itself. */
    public static CommandClient unsigned(String source, RecordSender sender) {
        return new CommandClient(source, sender, null, null);
    }

    /**
     * Sends a signed client's command, as its service account. The future completes once Kafka has the command,
     * and fails (logged) when Kafka did not take it.
     */
    public CompletableFuture<Void> send(String commandId, IncidentCommand command) {
        if (bearer == null) {
            throw new IllegalStateException("an unsigned client sends commands on behalf of a named actor");
        }
        var sent = new CompletableFuture<Void>();
        sendSigned(commandId, command, sent, FIRST_WAIT);
        return sent;
    }

    /** Sends an unsigned client's command on behalf of {@code actor}; completes as the signed one does. */
    public CompletableFuture<Void> send(String commandId, IncidentCommand command, String actor) {
        if (bearer != null) {
            throw new IllegalStateException("a signed client sends commands as its service account");
        }
        return send(commandId, command, actor, null);
    }

    private void sendSigned(String commandId, IncidentCommand command, CompletableFuture<Void> sent, Duration wait) {
        Optional<String> token = bearer.get();
        if (token.isEmpty()) {
            LOG.warnf("no service-account token: %s %s for %s waits %s", command.type(), commandId,
                    command.incidentId(), wait);
            Duration next = wait.multipliedBy(2).compareTo(LAST_WAIT) > 0 ? LAST_WAIT : wait.multipliedBy(2);
            waits.schedule(() -> sendSigned(commandId, command, sent, next), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        send(commandId, command, actor.get(), token.get()).whenComplete((done, failure) -> {
            if (failure == null) {
                sent.complete(null);
            } else {
                sent.completeExceptionally(failure);
            }
        });
    }

    private CompletableFuture<Void> send(String commandId, IncidentCommand command, String sentBy, String token) {
        var envelope = new Envelope(commandId, source, command.type(), command.incidentId(), Instant.now(), null,
                null, commandId, sentBy, codec.encode(command));
        var record = LedgerRecords.record(Topics.COMMANDS, command.incidentId(), envelope);
        if (token != null) {
            record.headers().add(CommandAuthorization.HEADER, token.getBytes(StandardCharsets.UTF_8));
        }
        return sender.send(record).toCompletableFuture().whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.errorf("could not send %s %s for %s: %s", command.type(), commandId, command.incidentId(),
                        failure.getMessage());
            }
        });
    }

    /**
     * The decision on a command, completed when its result is {@linkplain #accept accepted}. Ask before sending,
     * and {@link #forget} it once no longer waiting.
     */
    public CompletableFuture<CommandResult> decision(String commandId) {
        return waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
    }

    /** No longer waits for the decision on a command. */
    public void forget(String commandId, CompletableFuture<CommandResult> decision) {
        waiting.remove(commandId, decision);
    }

    /** Reads a record of {@code kizuki.command-results.v1} and completes the caller waiting for it, if any. */
    public void accept(Headers headers, byte[] value) {
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

    @Override
    public void close() {
        if (waits != null) {
            waits.shutdownNow();
        }
    }
}
