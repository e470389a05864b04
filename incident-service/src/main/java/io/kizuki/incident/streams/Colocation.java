package io.kizuki.incident.streams;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

import io.kizuki.incident.domain.IncidentIds;

/**
 * Incidents that live beside the dedup streams that open them. Detection and the incident decider run in one task per
 * partition; an incident opened by a dedup stream of partition {@code p} takes the first of its candidate ids that
 * Kafka's default partitioner puts on partition {@code p} of the commands topic (murmur2 of the key, as every producer
 * of commands places it), so the task that detects the opening decides it in the same transaction, and every later
 * command for that incident (an acknowledgement from the API, a page from notify-service) reaches the same task.
 *
 * @param partition  the task's partition
 * @param partitions the commands topic's partition count
 */
public record Colocation(int partition, int partitions) implements IncidentIds {

    /**
     * How many candidates are tried before taking the first one: each lands here with probability
     * {@code 1/partitions}, so missing all of them has a probability of about e<sup>-64</sup>; an id taken anyway
     * still works, through the commands topic.
     */
    private static final int TRIES_PER_PARTITION = 64;

    @Override
    public String forOpening(String openingSignalId) {
        int tries = TRIES_PER_PARTITION * partitions;
        for (int n = 0; n < tries; n++) {
            String candidate = IncidentIds.candidate(openingSignalId, n);
            if (here(candidate)) {
                return candidate;
            }
        }
        return IncidentIds.candidate(openingSignalId, 0);
    }

    /** Whether commands for this stream are read by this task. */
    boolean here(String streamId) {
        return partitionOf(streamId, partitions) == partition;
    }

    /** The partition Kafka's default partitioner gives a record with this key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
