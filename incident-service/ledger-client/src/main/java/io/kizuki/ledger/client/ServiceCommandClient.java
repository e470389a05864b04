package io.kizuki.ledger.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.command.LedgerCommand;

/**
 * Sends a service's own commands (notify-service's, report-service's) to incident-service's deciders on their bulk
 * lane ({@code kizuki.service-commands.v1}), and people's commands a service relays on {@code kizuki.commands.v1},
 * signed: each names the service's account ({@code actor}) and carries its current access token ({@code bearer}:
 * {@code Bearer …}, empty while it has none) in the {@code kizuki_authorization} header. While no token can be had
 * (Keycloak away) a command waits, asked for again with a back-off (1 s doubling to 30 s): an outage delays a
 * command, it never sends one to be refused. Derive command ids with {@link io.kizuki.ledger.StableId} so that the
 * same command sent again is decided once.
 */
public final class ServiceCommandClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceCommandClient.class);
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LAST_WAIT = Duration.ofSeconds(30);

    private final String source;
    private final RecordSender sender;
    private final Supplier<String> actor;
    private final Supplier<Optional<String>> bearer;
    private final ScheduledExecutorService waits = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kizuki-command-token-wait").daemon().factory());

    public ServiceCommandClient(
            String source, RecordSender sender, Supplier<String> actor, Supplier<Optional<String>> bearer) {
        this.source = source;
        this.sender = sender;
        this.actor = actor;
        this.bearer = bearer;
    }

    /**
     * Sends a command as the service account. The future completes once Kafka has the command, and fails (logged)
     * when Kafka did not take it.
     */
    public CompletableFuture<Void> send(String commandId, LedgerCommand command) {
        var sent = new CompletableFuture<Void>();
        send(Topics.SERVICE_COMMANDS, commandId, command, Map.of(), sent, FIRST_WAIT);
        return sent;
    }

    /**
     * Sends a person's command, relayed for them from chat (the service's token must hold
     * {@value CommandAuthorization#CHAT_RELAY_ROLE}): {@code user} is their Keycloak user, {@code via} the way it
     * came in ({@code slack}). The future completes once Kafka has the command.
     */
    public CompletableFuture<Void> sendFor(String commandId, LedgerCommand command, String user, String via) {
        var sent = new CompletableFuture<Void>();
        send(
                Topics.COMMANDS,
                commandId,
                command,
                Map.of(CommandAuthorization.ON_BEHALF_OF, user, CommandAuthorization.VIA, via),
                sent,
                FIRST_WAIT);
        return sent;
    }

    private void send(
            String topic,
            String commandId,
            LedgerCommand command,
            Map<String, String> headers,
            CompletableFuture<Void> sent,
            Duration wait) {
        Optional<String> token = bearer.get();
        if (token.isEmpty()) {
            LOG.warnf(
                    "no service-account token: %s %s for %s waits %s",
                    command.type(), commandId, command.streamId(), wait);
            Duration next = wait.multipliedBy(2).compareTo(LAST_WAIT) > 0 ? LAST_WAIT : wait.multipliedBy(2);
            waits.schedule(
                    () -> send(topic, commandId, command, headers, sent, next), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        CommandRecords.send(sender, topic, source, commandId, command, actor.get(), token.get(), headers)
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(failure);
                    }
                });
    }

    @Override
    public void close() {
        waits.shutdownNow();
    }
}
