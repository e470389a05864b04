package io.kizuki.incident.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.LedgerCheckpoint;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Writes the ledger's checkpoints ({@link LedgerCheckpoint}): reads {@value Topics#LEDGER} in the consumer group
 * {@value #GROUP} (one instance per partition), and every {@code kizuki.ledger-checkpoints.events} chained events of a
 * partition, or once the first of them is {@code interval} old and another arrives, appends the Merkle root of their
 * hashes to that partition. The group's committed offset is the record after the last covered event, with that
 * event's id as its metadata, so a restart or a hand-over goes on from there. A checkpoint written twice around a
 * hand-over is harmless: the verifier checks each one against the events it names.
 */
@ApplicationScoped
public class LedgerCheckpoints {

    static final String GROUP = "kizuki-incident-service-checkpoints";
    static final String SOURCE = "/kizuki/incident-service";
    private static final Logger LOG = Logger.getLogger(LedgerCheckpoints.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final KafkaSettings settings;
    private final IncidentServiceConfig.LedgerCheckpoints config;
    private final WireCodec codec = new WireCodec();
    private final Map<Integer, PartitionCheckpoint> partitions = new HashMap<>();
    /** A checkpoint sent and not yet acknowledged, per partition: none is sent again meanwhile. */
    private final Map<Integer, Sending> sending = new HashMap<>();

    private volatile boolean running = true;

    private record Sending(Future<RecordMetadata> sent, LedgerCheckpoint checkpoint, long resumeAt) {}

    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public LedgerCheckpoints(KafkaSettings settings, IncidentServiceConfig config) {
        this.settings = settings;
        this.config = config.ledgerCheckpoints();
    }

    void start(@Observes StartupEvent started) {
        if (config.enabled()) {
            thread = Thread.ofPlatform().name("kizuki-ledger-checkpoints").start(this::run);
        }
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run() {
        while (running) {
            try (var kafka = new KafkaConsumer<>(
                            settings.with(Map.of(
                                    ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                                    ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-incident-checkpoints",
                                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                            new StringDeserializer(),
                            new ByteArrayDeserializer());
                    var producer = new KafkaProducer<>(
                            settings.with(Map.of(
                                    ProducerConfig.CLIENT_ID_CONFIG, "kizuki-incident-checkpoints",
                                    ProducerConfig.ACKS_CONFIG, "all",
                                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")),
                            new StringSerializer(),
                            new ByteArraySerializer())) {
                consumer = kafka;
                follow(kafka, producer);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("ledger checkpoints stopped (%s); starting again in %s", e, RETRY);
                partitions.clear();
                sending.clear();
                sleep();
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, KafkaProducer<String, byte[]> producer) {
        kafka.subscribe(List.of(Topics.LEDGER), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                revoked.forEach(partition -> {
                    partitions.remove(partition.partition());
                    sending.remove(partition.partition());
                });
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(Set.copyOf(assigned));
                assigned.forEach(partition -> {
                    OffsetAndMetadata at = committed.get(partition);
                    String after =
                            at == null || at.metadata() == null || at.metadata().isEmpty() ? null : at.metadata();
                    partitions.put(partition.partition(), new PartitionCheckpoint(partition.partition(), after));
                });
            }
        });
        while (running) {
            Map<Integer, Boolean> arrived = new HashMap<>();
            Instant now = Instant.now();
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                PartitionCheckpoint partition = partitions.get(record.partition());
                if (partition == null) {
                    continue;
                }
                if (LedgerCheckpoint.TYPE.equals(CloudEventHeaders.type(record.headers()))) {
                    read(record).ifPresent(partition::checkpoint);
                    continue;
                }
                String hash = LedgerChain.read(record.headers(), LedgerChain.HASH);
                String id = LedgerChain.read(record.headers(), CloudEventHeaders.ID);
                if (hash != null && id != null) {
                    partition.event(id, hash, record.offset(), now);
                    arrived.put(record.partition(), true);
                }
            }
            for (var entry : partitions.entrySet()) {
                PartitionCheckpoint partition = entry.getValue();
                if (sent(kafka, entry.getKey(), partition)
                        && partition.due(
                                config.events(), config.interval(), arrived.getOrDefault(entry.getKey(), false), now)) {
                    send(producer, entry.getKey(), partition, now);
                }
            }
        }
    }

    private Optional<LedgerCheckpoint> read(ConsumerRecord<String, byte[]> record) {
        try {
            return codec.decode(CloudEventHeaders.read(record.headers(), record.value()))
                    .map(LedgerCheckpoint.class::cast);
        } catch (MalformedRecordException e) {
            LOG.warnf("an unreadable checkpoint at %d@%d is ignored: %s", record.partition(), record.offset(), e);
            return Optional.empty();
        }
    }

    /** Sends a partition's next checkpoint; it is taken as written once Kafka acknowledges it ({@link #sent}). */
    private void send(KafkaProducer<String, byte[]> producer, int partition, PartitionCheckpoint pending, Instant now) {
        LedgerCheckpoint checkpoint = pending.next(now);
        byte[] data = codec.encode(checkpoint);
        var record =
                new ProducerRecord<String, byte[]>(Topics.LEDGER, partition, LedgerCheckpoint.subject(partition), data);
        CloudEventHeaders.write(
                new Envelope(
                        UUID.randomUUID().toString(),
                        SOURCE,
                        LedgerCheckpoint.TYPE,
                        LedgerCheckpoint.subject(partition),
                        now,
                        null,
                        null,
                        null,
                        "kizuki:ledger-checkpoints",
                        data),
                record.headers());
        sending.put(partition, new Sending(producer.send(record), checkpoint, pending.lastOffset() + 1));
    }

    /**
     * Whether a partition has no checkpoint on its way: one Kafka acknowledged is taken as written (and where the
     * partition's checkpoints stand is committed); one that failed is made again when due.
     */
    private boolean sent(KafkaConsumer<String, byte[]> kafka, int partition, PartitionCheckpoint pending) {
        Sending current = sending.get(partition);
        if (current == null) {
            return true;
        }
        if (!current.sent().isDone()) {
            return false;
        }
        sending.remove(partition);
        try {
            current.sent().get();
        } catch (ExecutionException e) {
            LOG.warnf(
                    "the checkpoint of ledger partition %d was not written (%s); made again", partition, e.getCause());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        LedgerCheckpoint checkpoint = current.checkpoint();
        pending.written(checkpoint);
        try {
            kafka.commitSync(Map.of(
                    new TopicPartition(Topics.LEDGER, partition),
                    new OffsetAndMetadata(current.resumeAt(), checkpoint.lastEventId())));
        } catch (KafkaException e) {
            // a hand-over under way: the next owner reads the checkpoint itself and goes on after it
            LOG.infof("where ledger partition %d's checkpoints stand was not committed: %s", partition, e);
        }
        LOG.debugf(
                "checkpoint of ledger partition %d: %d events up to %s, root %s",
                partition, checkpoint.events(), checkpoint.lastEventId(), checkpoint.root());
        return true;
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
