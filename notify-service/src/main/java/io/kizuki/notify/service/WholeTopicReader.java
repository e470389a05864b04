package io.kizuki.notify.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.kizuki.notify.config.KafkaSettings;

/**
 * Reads every partition of one topic on a thread of its own, without a consumer group (each instance reads all of
 * it), from the topic's beginning or from its end; after a failure, from there again a second later.
 */
final class WholeTopicReader<V> {

    private static final Logger LOG = Logger.getLogger(WholeTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final boolean fromBeginning;
    private final Consumer<ConsumerRecord<String, V>> handler;
    private final Map<String, Object> settings;
    private final Deserializer<V> values;
    private volatile KafkaConsumer<String, V> consumer;
    private volatile boolean running = true;
    private volatile boolean current;
    private Thread thread;

    /**
     * @param own      the consumer's own settings (its client id, an isolation level)
     * @param handler  takes each record, on the reader's thread
     */
    WholeTopicReader(
            KafkaSettings kafka,
            Map<String, Object> own,
            String topic,
            boolean fromBeginning,
            Deserializer<V> values,
            Consumer<ConsumerRecord<String, V>> handler) {
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.handler = handler;
        Map<String, Object> settings = new HashMap<>(own);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.settings = kafka.with(settings);
        this.values = values;
    }

    void start(String threadName) {
        thread = Thread.ofPlatform().name(threadName).daemon().start(this::run);
    }

    void stop() {
        running = false;
        KafkaConsumer<String, V> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether it has read up to where the topic ended when it began reading (at once, from the end). */
    boolean current() {
        return current;
    }

    /**
     * Makes its consumer on its own thread (so that a service's readers get theirs side by side while it starts), then
     * reads; a consumer that cannot be made yet is tried again like any other failure.
     */
    private void run() {
        try {
            while (running) {
                try {
                    if (consumer == null) {
                        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values);
                    }
                    read();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    current = false;
                    LOG.errorf(e, "reading %s failed; reading it again in a second", topic);
                    Thread.sleep(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            current = false;
            if (consumer != null) {
                consumer.close();
            }
        }
    }

    private void read() {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
            } catch (TimeoutException e) {
                LOG.warnf("%s has no partitions yet: %s", topic, e.getMessage());
            }
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (running) {
            if (!current
                    && ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                current = true;
            }
            for (ConsumerRecord<String, V> record : consumer.poll(POLL)) {
                handler.accept(record);
            }
        }
    }
}
