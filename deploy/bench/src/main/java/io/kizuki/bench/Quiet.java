package io.kizuki.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import io.kizuki.ledger.Topics;

/**
 * Waits until every consumer of Kizuki has caught up (its committed offsets at the end of what it reads), so that a
 * measurement starts on an otherwise idle machine and the backlog of the one before is not measured again.
 */
public final class Quiet {

    /** The pipeline's consumer groups: deciders, pager, report-service's projection and recurrence check. */
    static final List<String> GROUPS =
            List.of(Topics.DECIDERS, "kizuki-notify", "kizuki-report", "kizuki-report-recurrence");

    private Quiet() {}

    /** Waits (at most {@code limit}) and returns how long it took; {@code null} when the limit passed first. */
    public static Duration await(String bootstrapServers, Duration limit) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(limit);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, Long> before = Map.of();
            while (Instant.now().isBefore(deadline)) {
                Map<TopicPartition, Long> now = behind(admin);
                if (now.values().stream().allMatch(lag -> lag <= 1) && now.equals(before)) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                before = now;
                Tools.pause(Duration.ofMillis(250));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read consumer offsets", e.getCause());
        }
        return null;
    }

    /**
     * Records not yet consumed, per group and partition. A consumer that has read everything of a transactional topic
     * stays one behind (the commit marker after the last record) until it fetches again, so 1 counts as caught up
     * once it holds still.
     */
    private static Map<TopicPartition, Long> behind(Admin admin) throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> behind = new HashMap<>();
        for (String group : GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Collection<TopicPartition> partitions = committed.keySet();
            Map<TopicPartition, OffsetSpec> latest =
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                long end = ends.get(partition).offset();
                // keyed by group too: two groups read the ledger
                behind.put(
                        new TopicPartition(group + "/" + partition.topic(), partition.partition()),
                        Math.max(0, end - (offset == null ? 0 : offset.offset())));
            }
        }
        return behind;
    }
}
