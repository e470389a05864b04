package io.kizuki.incident.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jboss.logging.Logger;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.ledger.Topics;

/**
 * The commands topic's partition count, asked of the broker once (when the first decider task starts, by which time
 * Kafka Streams has found the topic) and kept: a topic's partitions are never taken away, and the deciders' state is
 * partitioned by them, so the count does not change while the service runs.
 */
@ApplicationScoped
public class CommandPartitions implements IntSupplier {

    private static final Logger LOG = Logger.getLogger(CommandPartitions.class);
    private static final Duration ASK_FOR = Duration.ofSeconds(60);

    private final KafkaSettings kafka;
    private volatile int count;

    public CommandPartitions(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    @Override
    public int getAsInt() {
        if (count == 0) {
            synchronized (this) {
                if (count == 0) {
                    count = ask();
                }
            }
        }
        return count;
    }

    private int ask() {
        try (Admin admin = Admin.create(
                kafka.with(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_FOR.toMillis())))) {
            var topics = admin.describeTopics(List.of(Topics.COMMANDS, Topics.SIGNALS))
                    .allTopicNames()
                    .get(ASK_FOR.toMillis(), TimeUnit.MILLISECONDS);
            int commands = topics.get(Topics.COMMANDS).partitions().size();
            int signals = topics.get(Topics.SIGNALS).partitions().size();
            if (commands != signals) {
                LOG.warnf(
                        "%s has %d partitions and %s %d: openings of the dedup streams on partitions no incident"
                                + " stream shares go through the commands topic (a second transaction);"
                                + " give both topics as many partitions",
                        Topics.SIGNALS, signals, Topics.COMMANDS, commands);
            }
            return commands;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the partitions of " + Topics.COMMANDS, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not learn the partitions of " + Topics.COMMANDS, e);
        }
    }
}
