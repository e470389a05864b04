package io.kizuki.embedded;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.kizuki.ledger.Topics;

/**
 * Creates Kizuki's topics with their retention. Every keyed topic has the same partition count, so the detection
 * decider's two inputs (signals and detection feedback, both keyed by dedup key) are co-partitioned.
 */
public final class KizukiTopics {

    static final String FOREVER = "-1";
    static final String WEEK = Long.toString(7L * 24 * 3600 * 1000);
    static final String DAY = Long.toString(24L * 3600 * 1000);

    private KizukiTopics() {}

    public static List<NewTopic> all(int partitions) {
        return List.of(
                topic(Topics.LEDGER, partitions, FOREVER),
                topic(Topics.SIGNALS, partitions, FOREVER),
                topic(Topics.COMMANDS, partitions, WEEK),
                topic(Topics.SERVICE_COMMANDS, partitions, WEEK),
                topic(Topics.COMMAND_RESULTS, partitions, DAY),
                topic(Topics.DETECTION_FEEDBACK, partitions, WEEK),
                topic(Topics.KNOWLEDGE, partitions, FOREVER),
                topic(Topics.DEAD_LETTERS, 1, FOREVER),
                // compacted in segments of at most 16 MiB or 10 minutes, so that what a new owner reads stays about
                // one record per tracked incident, however long the stack runs
                new NewTopic(Topics.NOTIFY_STATE, partitions, (short) 1)
                        .configs(Map.of(
                                "cleanup.policy",
                                "compact",
                                "segment.bytes",
                                "16777216",
                                "segment.ms",
                                "600000",
                                "min.cleanable.dirty.ratio",
                                "0.1")),
                new NewTopic(Topics.INTEGRATIONS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.SILENCES, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.REPLAYS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.PAGE_NUMBERS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.HAND_OFFS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.CONTACT_CHECKS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.ONCALL_CONFIG, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(Topics.SHIFT_SWAPS, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
    }

    public static void create(String bootstrapServers, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            for (NewTopic topic : all(partitions)) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static NewTopic topic(String name, int partitions, String retentionMs) {
        return new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", retentionMs));
    }
}
