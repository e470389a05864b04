package io.kizuki.notify.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.notify.oncall.ConfigHistory.Version;

class ConfigHistoryTest {

    private static final Version FILE =
            new Version(Instant.parse("2026-11-01T00:00:00Z"), "people: {}", "/etc/kizuki/notify.yaml", null);
    private static final Version PUT =
            new Version(Instant.parse("2026-11-10T12:00:00Z"), "people: {a: 1}", "PUT by alice", "bob joins");

    @Test
    void answersTheVersionInForceAtAnInstantWhicheverOrderTheyWereLearnt() {
        ConfigHistory history = new ConfigHistory();
        history.add(PUT);
        history.add(FILE);
        assertThat(history.at(Instant.parse("2026-11-10T11:59:59Z"))).contains(FILE);
        assertThat(history.at(Instant.parse("2026-11-10T12:00:00Z"))).contains(PUT);
        assertThat(history.at(Instant.parse("2027-01-01T00:00:00Z"))).contains(PUT);
        assertThat(history.at(Instant.parse("2026-10-01T00:00:00Z")))
                .as("before the first kept: the first")
                .contains(FILE);
        assertThat(history.all()).containsExactly(PUT, FILE);
    }

    @Test
    void keepsTheFirstOfTwoVersionsOfOneInstant() {
        ConfigHistory history = new ConfigHistory();
        history.add(PUT);
        history.add(new Version(PUT.at(), "other", "PUT by mallory", null));
        assertThat(history.version(PUT.at())).contains(PUT);
        assertThat(new ConfigHistory().at(PUT.at())).isEmpty();
    }
}
