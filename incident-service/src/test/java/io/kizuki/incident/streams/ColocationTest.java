package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import io.kizuki.incident.domain.IncidentIds;

/** An incident opened by detection gets an id that Kafka places on the partition of the dedup stream that opened it. */
class ColocationTest {

    @Test
    void givesEveryOpeningAnIdOnItsOwnPartitionAsKafkasPartitionerPlacesIt() {
        for (int partition = 0; partition < 6; partition++) {
            var colocation = new Colocation(partition, 6);
            for (int signal = 0; signal < 200; signal++) {
                String id = colocation.forOpening("sig-" + signal);

                assertThat(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), 6))
                        .as("partition of %s", id)
                        .isEqualTo(partition);
                assertThat(colocation.here(id)).isTrue();
            }
        }
    }

    @Test
    void namesTheSameOpeningTheSameWayEveryTime() {
        var colocation = new Colocation(4, 12);

        assertThat(colocation.forOpening("sig-7")).isEqualTo(new Colocation(4, 12).forOpening("sig-7"));
        assertThat(colocation.forOpening("sig-7")).isNotEqualTo(colocation.forOpening("sig-8"));
    }

    @Test
    void keepsTheFirstCandidateWithOnePartitionAndWhereNoIncidentStreamCanLive() {
        assertThat(new Colocation(0, 1).forOpening("sig-1")).isEqualTo(IncidentIds.FIRST.forOpening("sig-1"));
        assertThat(new Colocation(5, 3).forOpening("sig-1")).isEqualTo(IncidentIds.FIRST.forOpening("sig-1"));
        assertThat(new Colocation(5, 3).here(IncidentIds.FIRST.forOpening("sig-1")))
                .isFalse();
    }
}
