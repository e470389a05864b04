package io.kizuki.ledger.client;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * A window of time on a topic, as offsets: on each partition from the first record at or after {@code from} to the
 * first after {@code until} (or the end the consumer can read now). {@link #of} assigns the consumer every partition
 * and seeks each to its start, so that polling reads the window; a record at or past {@link #end} is not in it.
 */
public record TopicWindow(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    /** The window on {@code topic}, with the consumer assigned to its partitions and at their starts. */
    public static TopicWindow of(Consumer<?, ?> consumer, String topic, Instant from, Instant until) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> last = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = offsets(consumer, partitions, from, last);
        Map<TopicPartition, Long> end = offsets(consumer, partitions, until.plusMillis(1), last);
        start.forEach(consumer::seek);
        return new TopicWindow(Map.copyOf(start), Map.copyOf(end));
    }

    /** How many offsets the window spans (transaction markers included). */
    public long total() {
        return start.entrySet().stream()
                .mapToLong(entry -> end.get(entry.getKey()) - entry.getValue())
                .sum();
    }

    /** Whether the consumer has read the partition's part of the window. */
    public boolean finished(Consumer<?, ?> consumer, TopicPartition partition) {
        return consumer.position(partition) >= end.get(partition);
    }

    /** Whether the consumer has read the whole window. */
    public boolean finished(Consumer<?, ?> consumer) {
        return start.keySet().stream().allMatch(partition -> finished(consumer, partition));
    }

    /** Whether a record of the partition at that offset is inside the window. */
    public boolean holds(TopicPartition partition, long offset) {
        return offset >= start.get(partition) && offset < end.get(partition);
    }

    private static Map<TopicPartition, Long> offsets(
            Consumer<?, ?> consumer, List<TopicPartition> partitions, Instant at, Map<TopicPartition, Long> last) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, at.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        partitions.forEach(partition -> {
            OffsetAndTimestamp offset = found.get(partition);
            offsets.put(
                    partition, offset == null ? last.get(partition) : Math.min(offset.offset(), last.get(partition)));
        });
        return offsets;
    }
}
