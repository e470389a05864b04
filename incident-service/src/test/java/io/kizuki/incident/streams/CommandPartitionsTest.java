package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Topics;

/** The deciders run only when both commands topics are partitioned alike. */
class CommandPartitionsTest {

    @Test
    void takesTheCountBothCommandsTopicsShareEvenWhenSignalsHaveAnother() {
        assertThat(CommandPartitions.agreed(6, 6, 6)).isEqualTo(6);
        assertThat(CommandPartitions.agreed(6, 6, 3)).isEqualTo(6);
    }

    @Test
    void refusesCommandsTopicsPartitionedUnlike() {
        assertThatThrownBy(() -> CommandPartitions.agreed(6, 3, 6))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.SERVICE_COMMANDS + " has 3 partitions");
    }
}
