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
 * partitioned by them, so the count does not change while the service runs. The service-commands topic (the bulk
 * lane) must have as many: a command for an incident is decided by the task holding that incident's state, the task
 * of the same partition number in both topics; with unequal counts the deciders refuse to run.
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
            var topics = admin.describeTopics(List.of(Topics.COMMANDS, Topics.SERVICE_COMMANDS, Topics.SIGNALS))
                    .allTopicNames()
                    .get(ASK_FOR.toMillis(), TimeUnit.MILLISECONDS);
            return agreed(
                    topics.get(Topics.COMMANDS).partitions().size(),
                    topics.get(Topics.SERVICE_COMMANDS).partitions().size(),
                    topics.get(Topics.SIGNALS).partitions().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the partitions of " + Topics.COMMANDS, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not learn the partitions of " + Topics.COMMANDS, e);
        }
    }

    /**
     * The commands topics' partition count: both must have it, or a service's command could reach a task without its
     * incident's state; signals with another count only cost openings a second transaction.
     *
     * @throws IllegalStateException when the two commands topics have unequal counts
     */
    static int agreed(int commands, int serviceCommands, int signals) {
        if (serviceCommands != commands) {
            throw new IllegalStateException(Topics.SERVICE_COMMANDS + " has " + serviceCommands + " partitions and "
                    + Topics.COMMANDS + " " + commands + ": give both as many, or a service's command could be"
                    + " decided without its incident's state");
        }
        if (commands != signals) {
            LOG.warnf(
                    "%s has %d partitions and %s %d: openings of the dedup streams on partitions no incident"
                            + " stream shares go through the commands topic (a second transaction);"
                            + " give both topics as many partitions",
                    Topics.SIGNALS, signals, Topics.COMMANDS, commands);
        }
        return commands;
    }
}
