package io.kizuki.report.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;

/**
 * How the timeline tells a notification's rounds (a failure that is tried again, the round that got through) and who
 * escalated.
 */
class TimelineEntriesTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");
    private static final String PAGE = "ntf:inc-1:1:page:1:slack:team";

    @Test
    void anEscalationSaysWhetherTheTimeoutOrAPersonEscalated() {
        assertThat(TimelineEntries.describe(new IncidentEscalated(
                                "inc-1", "shop", 1, 2, "shop", "client:kizuki-notify-service", AT))
                        .summary())
                .isEqualTo("Escalated from level 1 to 2 (policy shop): nobody acknowledged in time");
        assertThat(TimelineEntries.describe(new IncidentEscalated("inc-1", "shop", 1, 2, null, "user:alice", AT))
                        .summary())
                .isEqualTo("Escalated from level 1 to 2 by user:alice");
    }

    @Test
    void aFailedRoundThatIsTriedAgainSaysSo() {
        var line = TimelineEntries.describe(new NotificationFailed(
                "inc-1",
                "shop",
                PAGE,
                "slack",
                "team",
                "page",
                1,
                6,
                "HTTP 500",
                true,
                "client:kizuki-notify-service",
                AT));

        assertThat(line.kind()).isEqualTo("notification-failed");
        assertThat(line.summary())
                .isEqualTo("Could not deliver page by slack to team (6 attempts): HTTP 500; trying " + "again later");
    }

    @Test
    void aFailureForGoodOfALaterRoundNamesTheRoundAndEndsThere() {
        var line = TimelineEntries.describe(new NotificationFailed(
                "inc-1",
                "shop",
                PAGE + "~round-12",
                "slack",
                "team",
                "page",
                1,
                6,
                "HTTP 500",
                false,
                "client:kizuki-notify-service",
                AT));

        assertThat(line.summary())
                .isEqualTo("Could not deliver page by slack to team (6 attempts, round 12): HTTP 500");
    }

    @Test
    void theRoundThatGotThroughIsNamed() {
        var line = TimelineEntries.describe(new NotificationDelivered(
                "inc-1",
                "shop",
                PAGE + "~round-3",
                "slack",
                "team",
                "page",
                1,
                1,
                "client:kizuki-notify-service",
                AT,
                null));

        assertThat(line.summary()).isEqualTo("Delivered page by slack to team, round 3");
    }
}
