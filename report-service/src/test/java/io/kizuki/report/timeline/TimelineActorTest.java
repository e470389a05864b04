package io.kizuki.report.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.event.IncidentAcknowledged;

/** The timeline names who acted and, for a person's command from chat, the way it came in. */
class TimelineActorTest {

    private static final Instant AT = Instant.parse("2026-12-03T03:00:00Z");

    @Test
    void showsTheWayInOfACommandFromChatBesideThePerson() {
        assertThat(TimelineReadModel.actor(envelope("user:alice", "slack"))).isEqualTo("user:alice via slack");
        assertThat(TimelineReadModel.actor(envelope("user:alice", null))).isEqualTo("user:alice");
        assertThat(TimelineReadModel.actor(envelope(null, "slack"))).isNull();
    }

    private static Envelope envelope(String actor, String via) {
        return new Envelope(
                "e-1",
                "/kizuki/incident-service",
                IncidentAcknowledged.TYPE,
                "inc-1",
                AT,
                2L,
                "cmd-1",
                "cmd-1",
                actor,
                new byte[0],
                via);
    }
}
