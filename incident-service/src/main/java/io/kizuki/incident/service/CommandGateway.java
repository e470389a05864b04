package io.kizuki.incident.service;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.IncidentCommand;
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
    private static final Logger LOG = Logger.getLogger(CommandGateway.class);

    private final MutinyEmitter<byte[]> emitter;
    private final IncidentServiceConfig config;
    private final WireCodec codec = new WireCodec();
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();

    public CommandGateway(@Channel(COMMANDS_CHANNEL) MutinyEmitter<byte[]> emitter, IncidentServiceConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /**
     * The decision once made; {@code null} if it took longer than the command timeout (the command is in Kafka and
     * stays queued). Fails when Kafka did not take the command.
     */
    public Uni<CommandResult> send(String commandId, IncidentCommand command, String actor) {
        var envelope = new Envelope(commandId, SOURCE, command.type(), command.incidentId(), Instant.now(), null, null,
                commandId, actor, codec.encode(command));
        CompletableFuture<CommandResult> result = waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
        return emitter.sendMessage(KafkaEnvelopes.message(command.incidentId(), envelope))
                .chain(() -> Uni.createFrom().completionStage(result)
                        .ifNoItem().after(config.commandTimeout()).recoverWithItem(() -> null))
                .eventually(() -> waiting.remove(commandId, result));
    }

    @Incoming(RESULTS_CHANNEL)
    public void onResult(ConsumerRecord<String, byte[]> record) {
        try {
            Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
            codec.decode(envelope)
                    .filter(CommandResult.class::isInstance)
                    .map(CommandResult.class::cast)
                    .ifPresent(result -> {
                        CompletableFuture<CommandResult> caller = waiting.get(result.commandId());
                        if (caller != null) {
                            caller.complete(result);
                        }
                    });
        } catch (MalformedRecordException e) {
            LOG.warnf("ignoring unreadable command result at offset %d: %s", record.offset(), e.getMessage());
        }
    }
}
