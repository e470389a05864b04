package io.kizuki.notify.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.CommandAuthorization;
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
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LAST_WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final ServiceAccount account;
    private final WireCodec codec = new WireCodec();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kizuki-command-retry").daemon().factory());

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

    /**
     * Sends a command once a valid service-account token can be had; the future completes once Kafka has it (a
     * failure is logged, and completes it too). While Keycloak cannot give a token the command waits, asked for
     * again with a back-off (1 s doubling to 30 s): an outage delays paging records, it never sends a command to be
     * refused.
     */
    public CompletableFuture<Void> send(String commandId, IncidentCommand command) {
        var sent = new CompletableFuture<Void>();
        send(commandId, command, sent, FIRST_WAIT);
        return sent;
    }

    private void send(String commandId, IncidentCommand command, CompletableFuture<Void> sent, Duration wait) {
        Optional<String> bearer = account.bearer();
        if (bearer.isEmpty()) {
            LOG.warnf("no service-account token: %s %s for incident %s waits %s", command.type(), commandId,
                    command.incidentId(), wait);
            Duration next = wait.multipliedBy(2).compareTo(LAST_WAIT) > 0 ? LAST_WAIT : wait.multipliedBy(2);
            retries.schedule(() -> send(commandId, command, sent, next), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        var envelope = new Envelope(commandId, SOURCE, command.type(), command.incidentId(), Instant.now(), null, null,
                commandId, account.actor(), codec.encode(command));
        var record = new ProducerRecord<String, byte[]>(Topics.COMMANDS, command.incidentId(), envelope.data());
        CloudEventHeaders.write(envelope, record.headers());
        record.headers().add(CommandAuthorization.HEADER, bearer.get().getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                LOG.errorf("could not send %s %s for incident %s: %s", command.type(), commandId,
                        command.incidentId(), failure.getMessage());
            }
            sent.complete(null);
        });
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
        producer.close();
    }
}
