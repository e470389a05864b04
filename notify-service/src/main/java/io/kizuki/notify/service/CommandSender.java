package io.kizuki.notify.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.notify.config.KafkaSettings;

/**
 * Sends notify-service's commands (record a page, record how a notification ended, escalate) to
 * {@code kizuki.commands.v1}, keyed by incident, with a command id derived from what the command is about: the
 * same command sent again (a restart, a second instance) is decided once.
 */
@ApplicationScoped
public class CommandSender {

    private static final Logger LOG = Logger.getLogger(CommandSender.class);
    static final String SOURCE = "/kizuki/notify-service";

    private final KafkaProducer<String, byte[]> producer;
    private final ServiceAccount account;
    private final WireCodec codec = new WireCodec();

    public CommandSender(KafkaSettings kafka, ServiceAccount account) {
        this.account = account;
        this.producer = new KafkaProducer<>(kafka.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "kizuki-notify-commands",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2)),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** The command id for what {@code parts} name. */
    public static String commandId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Sends a command; the future completes once Kafka has it (a failure is logged, and completes it too). */
    public CompletableFuture<Void> send(String commandId, IncidentCommand command) {
        var envelope = new Envelope(commandId, SOURCE, command.type(), command.incidentId(), Instant.now(), null, null,
                commandId, account.actor(), codec.encode(command));
        var record = new ProducerRecord<String, byte[]>(Topics.COMMANDS, command.incidentId(), envelope.data());
        CloudEventHeaders.write(envelope, record.headers());
        account.sign(record.headers());
        var sent = new CompletableFuture<Void>();
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                LOG.errorf("could not send %s %s for incident %s: %s", command.type(), commandId,
                        command.incidentId(), failure.getMessage());
            }
            sent.complete(null);
        });
        return sent;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
