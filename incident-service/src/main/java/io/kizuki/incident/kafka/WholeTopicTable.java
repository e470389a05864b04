package io.kizuki.incident.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.WireType;

/**
 * A small topic every instance reads in full, from its beginning and then as it grows, handing each record's decoded
 * value to {@code apply} and each tombstone's key to {@code deleted}, on its own thread (no consumer group). Ready once
 * it has read up to the end offsets seen at start; after a failure (broker down, topic missing) it starts over in 5 s.
 */
public final class WholeTopicTable {

    private static final Logger LOG = Logger.getLogger(WholeTopicTable.class);

    private final KafkaSettings settings;
    private final String topic;
    private final WireCodec codec;
    private final Consumer<WireType> apply;
    private final Consumer<String> deleted;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ScheduledExecutorService loader;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    public WholeTopicTable(KafkaSettings settings, String topic, WireCodec codec, Consumer<WireType> apply) {
        this(settings, topic, codec, apply, key -> {});
    }

    public WholeTopicTable(
            KafkaSettings settings, String topic, WireCodec codec, Consumer<WireType> apply, Consumer<String> deleted) {
        this.settings = settings;
        this.topic = topic;
        this.codec = codec;
        this.apply = apply;
        this.deleted = deleted;
        this.loader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kizuki-table-" + topic).factory());
    }

    public void start() {
        loader.execute(this::run);
    }

    /** Completes once every record written before start has been read. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    private void run() {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        if (running) {
            try (var kafka = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer = kafka;
                List<TopicPartition> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
                if (partitions.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist");
                }
                kafka.assign(partitions);
                kafka.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
                while (running) {
                    kafka.poll(Duration.ofMillis(500)).forEach(this::read);
                    if (!ready.isDone()
                            && end.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
                        LOG.infof("%s read in full", topic);
                        ready.complete(null);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed, retrying in 5 s: %s", topic, e.getMessage());
                loader.schedule(this::run, 5, TimeUnit.SECONDS);
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            deleted.accept(record.key());
            return;
        }
        try {
            Optional<WireType> value = codec.decode(CloudEventHeaders.read(record.headers(), record.value()));
            value.ifPresent(apply);
        } catch (MalformedRecordException e) {
            LOG.warnf("skipping unreadable record %s of %s: %s", record.key(), topic, e.getMessage());
        }
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loader.shutdown();
    }
}
