package io.kizuki.notify.service;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kizuki.ledger.client.RecordSender;
import io.kizuki.ledger.client.ServiceCommandClient;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.notify.config.KafkaSettings;

/**
 * Sends notify-service's commands (record a page, record how a notification ended, escalate) with the ledger
 * client, signed with its service account's token, on a Kafka producer of its own. Command ids derive from what the
 * command is about ({@link io.kizuki.ledger.StableId}): the same command sent again (a restart, a second instance)
 * is decided once; while Keycloak cannot give a token the commands wait.
 */
@ApplicationScoped
public class CommandSender {

    static final String SOURCE = "/kizuki/notify-service";

    private final KafkaProducer<String, byte[]> producer;
    private final ServiceCommandClient client;

    public CommandSender(KafkaSettings kafka, ServiceAccount account) {
        this.producer = new KafkaProducer<>(
                kafka.with(Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "kizuki-notify-commands",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        2)),
                new StringSerializer(),
                new ByteArraySerializer());
        this.client = new ServiceCommandClient(SOURCE, RecordSender.of(producer), account::actor, account::bearer);
    }

    /** Sends a command; the future completes once Kafka has it, and fails (logged) when Kafka did not take it. */
    public CompletableFuture<Void> send(String commandId, IncidentCommand command) {
        return client.send(commandId, command);
    }

    /**
     * Sends a person's command relayed from chat: {@code user} is their Keycloak user, {@code via} the way in
     * ({@code slack}); the future completes once Kafka has it.
     */
    public CompletableFuture<Void> sendFor(String commandId, IncidentCommand command, String user, String via) {
        return client.sendFor(commandId, command, user, via);
    }

    @PreDestroy
    void close() {
        client.close();
        producer.close();
    }
}
