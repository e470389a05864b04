package io.kizuki.incident.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.client.GroupMembers;

/** The name the deciders of an instance are a static member of their consumer group under. */
class DecidersMemberTest {

    @Test
    void namesTheDecidersByTheApplicationTheHostAndThePort() {
        assertThat(DecidersMember.name(Optional.of("kizuki-incident-service"), Optional.of("8081")))
                .hasValue("kizuki-incident-service-" + GroupMembers.hostName() + "-8081");
    }

    @Test
    void leavesTheDecidersDynamicWithoutAFixedPortOrAnApplicationId() {
        assertThat(DecidersMember.name(Optional.of("kizuki-incident-service"), Optional.of("0")))
                .isEmpty();
        assertThat(DecidersMember.name(Optional.of("kizuki-incident-service"), Optional.of("${PORT}")))
                .isEmpty();
        assertThat(DecidersMember.name(Optional.of("kizuki-incident-service"), Optional.empty()))
                .isEmpty();
        assertThat(DecidersMember.name(Optional.empty(), Optional.of("8081"))).isEmpty();
    }
}
