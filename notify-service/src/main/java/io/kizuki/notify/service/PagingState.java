package io.kizuki.notify.service;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.notify.config.KafkaSettings;
import io.kizuki.notify.paging.Tracked;

/**
 * notify-service's paging state on {@value Topics#NOTIFY_STATE} (compacted, partitioned as the ledger): per ledger
 * partition, what paging knows of each incident it tracks ({@link Tracked.Snapshot}, key = incident id; a tombstone
 * once an incident is not tracked any more) and a checkpoint (key {@value #CHECKPOINT}) naming the ledger offset the
 * incidents hold up to. Each write is one Kafka transaction ending with its checkpoint, read back
 * {@code read_committed}, so what is read is always the state at a checkpoint. A partition's new owner starts from
 * it and reads only the ledger after the checkpoint: its start does not grow with the ledger. It is a cache of the
 * ledger: without it (or in a format this release does not know) the partition is read from the beginning.
 */
@ApplicationScoped
public class PagingState {

    /** The key of a partition's checkpoint record; incident ids are UUIDs. */
    static final String CHECKPOINT = "~checkpoint";
    /** The format of the records this release writes and reads. */
    static final int FORMAT = 1;

    private static final Logger LOG = Logger.getLogger(PagingState.class);
    private static final Duration READ = Duration.ofSeconds(30);

    /** The state of one partition as read: the ledger offset to read on from, and its incidents. */
    public record Restored(long offset, List<Tracked.Snapshot> incidents) {}

    /** What a write holds for one partition: the ledger offset it holds up to, and its changes since the last. */
    public record Write(long offset, Pager.Changes changes) {}

    /** The checkpoint record's value. */
    record Checkpoint(int format, long offset) {}

    private final KafkaSettings kafka;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private KafkaProducer<String, byte[]> producer;
    private volatile boolean available;

    public PagingState(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /**
     * Uses the topic once it is known to exist (asked again at each assignment until it is); without it (a
     * deployment that did not create it) nothing is written and every assigned partition is read from the ledger's
     * beginning, as before the paging state existed.
     */
    public void open(Admin admin) {
        if (available) {
            return;
        }
        try {
            admin.describeTopics(List.of(Topics.NOTIFY_STATE)).allTopicNames().get(READ.toSeconds(), TimeUnit.SECONDS);
            available = true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.errorf(
                    "no topic %s (%s): notify-service reads every ledger partition it gets from the beginning; "
                            + "create it as docs/events.md describes",
                    Topics.NOTIFY_STATE, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the partitions' changes and checkpoints in one transaction, which also commits the ledger consumer's
     * offsets at the checkpoints for its group generation: an instance that lost a partition without knowing it yet
     * (a long pause) is fenced, and cannot write over the state of the partition's new owner. Throws when Kafka did
     * not take it (nothing of it is then visible, and the same changes are written the next time).
     */
    public synchronized void write(Map<Integer, Write> writes, ConsumerGroupMetadata group) {
        if (writes.isEmpty() || !available) {
            return;
        }
        try {
            KafkaProducer<String, byte[]> transactional = producer();
            transactional.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            writes.forEach((partition, write) ->
                    offsets.put(new TopicPartition(Topics.LEDGER, partition), new OffsetAndMetadata(write.offset())));
            transactional.sendOffsetsToTransaction(offsets, group);
            writes.forEach((partition, write) -> {
                for (Tracked.Snapshot incident : write.changes().incidents()) {
                    transactional.send(record(partition, incident.id(), json(incident)));
                }
                for (String id : write.changes().forgotten()) {
                    transactional.send(record(partition, id, null));
                }
                transactional.send(record(partition, CHECKPOINT, json(new Checkpoint(FORMAT, write.offset()))));
            });
            transactional.commitTransaction();
        } catch (KafkaException e) {
            discard();
            throw e;
        }
    }

    /**
     * The state of each of the ledger partitions with these numbers, as last written; a partition without a
     * checkpoint, or whose records this release cannot read, is absent (read it from the beginning).
     */
    public Map<Integer, Restored> read(Collection<Integer> partitions) {
        if (!available) {
            return Map.of();
        }
        List<TopicPartition> topicPartitions = partitions.stream()
                .map(partition -> new TopicPartition(Topics.NOTIFY_STATE, partition))
                .toList();
        Map<Integer, Long> offsets = new HashMap<>();
        Map<Integer, Map<String, byte[]>> incidents = new HashMap<>();
        Set<Integer> unreadable = new HashSet<>();
        try (var consumer = new KafkaConsumer<>(
                kafka.with(Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "kizuki-notify-state-reader",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000,
                        // at the end of a partition the broker answers a fetch at once, not after waiting 0.5 s for
                        // more: the partitions' owner pages that much sooner after an assignment
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        10,
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        (int) READ.toMillis())),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(topicPartitions);
            consumer.seekToBeginning(topicPartitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(topicPartitions);
            long deadline = System.nanoTime() + READ.toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("could not read the paging state within %s: reading the ledger from the beginning", READ);
                    return Map.of();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    int partition = record.partition();
                    if (CHECKPOINT.equals(record.key())) {
                        Checkpoint checkpoint = read(record.value(), Checkpoint.class);
                        if (checkpoint == null || checkpoint.format() != FORMAT) {
                            unreadable.add(partition);
                        } else {
                            unreadable.remove(partition);
                            offsets.put(partition, checkpoint.offset());
                        }
                    } else if (record.value() == null) {
                        incidents
                                .computeIfAbsent(partition, p -> new HashMap<>())
                                .remove(record.key());
                    } else {
                        incidents
                                .computeIfAbsent(partition, p -> new HashMap<>())
                                .put(record.key(), record.value());
                    }
                }
            }
        } catch (KafkaException e) {
            LOG.warnf("could not read the paging state (%s): reading the ledger from the beginning", e.getMessage());
            return Map.of();
        }
        Map<Integer, Restored> restored = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> {
            if (unreadable.contains(partition)) {
                return;
            }
            List<Tracked.Snapshot> snapshots = incidents.getOrDefault(partition, Map.of()).values().stream()
                    .map(value -> read(value, Tracked.Snapshot.class))
                    .toList();
            if (snapshots.contains(null)) {
                LOG.warnf(
                        "the paging state of ledger partition %d cannot be read: reading it from the beginning",
                        partition);
                return;
            }
            restored.put(partition, new Restored(offset, snapshots));
        });
        return restored;
    }

    private <T> T read(byte[] value, Class<T> type) {
        try {
            return value == null ? null : mapper.readValue(value, type);
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    private static ProducerRecord<String, byte[]> record(int partition, String key, byte[] value) {
        return new ProducerRecord<>(Topics.NOTIFY_STATE, partition, key, value);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            // a transactional id of its own per process: a write left open by a process that died is aborted by
            // the broker after the transaction timeout, and read_committed readers never see it
            var created = new KafkaProducer<String, byte[]>(
                    kafka.with(Map.of(
                            ProducerConfig.CLIENT_ID_CONFIG,
                            "kizuki-notify-state",
                            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                            "kizuki-notify-state-" + UUID.randomUUID(),
                            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                            10_000,
                            // with Kafka away, a write gives up after 10 s (paging waits for the ledger anyway)
                            ProducerConfig.MAX_BLOCK_MS_CONFIG,
                            10_000,
                            ProducerConfig.LINGER_MS_CONFIG,
                            5)),
                    new StringSerializer(),
                    new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                // a producer whose initTransactions timed out refuses every later call: the next write starts over
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    /** After a failed write: aborts what it began and starts with a new producer next time. */
    private void discard() {
        if (producer != null) {
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // a producer that cannot abort is closed below; the broker aborts its transaction after the timeout
            }
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
