package io.kizuki.incident.service;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.CommandClient;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.LedgerCommand;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends commands to the incident decider through {@code kizuki.commands.v1} and hands each caller the decision,
 * read back from {@code kizuki.command-results.v1}. Every instance reads every result (its own consumer group) and
 * completes the callers waiting on it.
 */
@ApplicationScoped
public class CommandGateway {

    public static final String COMMANDS_CHANNEL = "commands-out";
    public static final String RESULTS_CHANNEL = "command-results";
    static final String SOURCE = "/kizuki/incident-service/api";

    private final CommandClient client;
    private final IncidentServiceConfig config;

    public CommandGateway(@Channel(COMMANDS_CHANNEL) MutinyEmitter<byte[]> emitter, IncidentServiceConfig config) {
        this.client = new CommandClient(SOURCE, ChannelSender.of(emitter));
        this.config = config;
    }

    /**
     * The decision once made; {@code null} if it took longer than the command timeout (the command is in Kafka and
     * stays queued). Fails when Kafka did not take the command.
     */
    public Uni<CommandResult> send(String commandId, LedgerCommand command, String actor) {
        CompletableFuture<CommandResult> decision = client.decision(commandId);
        return Uni.createFrom()
                .completionStage(() -> client.send(commandId, command, actor))
                .chain(() -> Uni.createFrom()
                        .completionStage(decision)
                        .ifNoItem()
                        .after(config.commandTimeout())
                        .recoverWithItem(() -> null))
                .eventually(() -> client.forget(commandId, decision));
    }

    @Incoming(RESULTS_CHANNEL)
    public void onResult(ConsumerRecord<String, byte[]> record) {
        client.accept(record.headers(), record.value());
    }
}
