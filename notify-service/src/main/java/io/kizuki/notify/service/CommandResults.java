package io.kizuki.notify.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.client.Decisions;
import io.kizuki.notify.config.KafkaSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads {@code kizuki.command-results.v1} from its end (every partition, no consumer group: each instance waits for
 * the commands it sent itself) and hands each result to the {@link Decisions} the chat relay waits on.
 */
@ApplicationScoped
public class CommandResults {

    private static final Logger LOG = Logger.getLogger(CommandResults.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaSettings kafka;
    private final Decisions decisions = new Decisions();
    private volatile boolean running = true;
    private volatile boolean reading;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public CommandResults(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    public Decisions decisions() {
        return decisions;
    }

    /** Whether it reads the results, so that a decision can be waited for. */
    public boolean reading() {
        return reading;
    }

    void start(@Observes StartupEvent started) {
        consumer = new KafkaConsumer<>(
                kafka.with(Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "kizuki-notify-command-results",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false)),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("kizuki-command-results").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (running) {
                try {
                    read();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    reading = false;
                    LOG.errorf(e, "reading command results failed; starting again from their end in a second");
                    Thread.sleep(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reading = false;
            consumer.close();
        }
    }

    private void read() {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            try {
                partitions = consumer.partitionsFor(Topics.COMMAND_RESULTS, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
            } catch (TimeoutException e) {
                LOG.warnf("%s has no partitions yet: %s", Topics.COMMAND_RESULTS, e.getMessage());
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reading = true;
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (decisions.awaited()) {
                    decisions.accept(record.headers(), record.value());
                }
            }
        }
    }
}
