package io.kizuki.notify.paging;

import static io.kizuki.notify.paging.PagingPlanTest.CONFIG;
import static io.kizuki.notify.paging.PagingPlanTest.OPENED_AT;
import static io.kizuki.notify.paging.PagingPlanTest.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;

/** A notification whose round of attempts failed on what may pass is sent again in a later round until it ends. */
class TrackedRoundsTest {

    private static final String SLACK_PAGE = "ntf:inc-1:1:page:1:slack:team";

    private static NotificationFailed failed(String id, boolean retrying, Instant at) {
        return new NotificationFailed(
                "inc-1", "shop", id, "slack", "team", "page", 1, 6, "HTTP 500", retrying, "c", at);
    }

    @Test
    void aRoundThatFailedOnWhatMayPassLeavesTheNotificationOpenWithItsRoundAndTime() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));

        incident.apply(failed(SLACK_PAGE, true, OPENED_AT.plusSeconds(15)));
        incident.apply(failed(SLACK_PAGE + "~round-2", true, OPENED_AT.plusSeconds(60)));

        assertThat(incident.ended()).doesNotContain(SLACK_PAGE);
        assertThat(incident.retry(SLACK_PAGE)).contains(new Tracked.Retry(2, OPENED_AT.plusSeconds(60)));
        assertThat(PagingPlan.planned(CONFIG, incident))
                .extracting(Notification::id)
                .contains(SLACK_PAGE);
    }

    @Test
    void aLaterRoundDeliveredEndsTheNotification() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(failed(SLACK_PAGE, true, OPENED_AT.plusSeconds(15)));

        incident.apply(new NotificationDelivered(
                "inc-1",
                "shop",
                SLACK_PAGE + "~round-2",
                "slack",
                "team",
                "page",
                1,
                1,
                "c",
                OPENED_AT.plusSeconds(60),
                null));

        assertThat(incident.ended()).contains(SLACK_PAGE);
        assertThat(incident.retry(SLACK_PAGE)).isEmpty();
    }

    @Test
    void aFailureForGoodEndsTheNotificationWhateverRoundItWas() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(failed(SLACK_PAGE, true, OPENED_AT.plusSeconds(15)));

        incident.apply(failed(SLACK_PAGE + "~round-2", false, OPENED_AT.plusSeconds(60)));

        assertThat(incident.ended()).contains(SLACK_PAGE);
        assertThat(incident.retry(SLACK_PAGE)).isEmpty();
    }

    @Test
    void aPageIsNotSentAgainOnceSomeoneAcknowledged() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(failed(SLACK_PAGE, true, OPENED_AT.plusSeconds(15)));

        incident.apply(new IncidentAcknowledged("inc-1", "user:pat", OPENED_AT.plusSeconds(20)));

        assertThat(PagingPlan.planned(CONFIG, incident))
                .extracting(Notification::id)
                .doesNotContain(SLACK_PAGE);
    }

    @Test
    void aReopenedIncidentStartsWithoutTheRoundsOfTheOneBefore() {
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        incident.apply(failed(SLACK_PAGE, true, OPENED_AT.plusSeconds(15)));

        incident.apply(new IncidentReopened("inc-1", "again", "user:pat", OPENED_AT.plusSeconds(90)));

        assertThat(incident.retry(SLACK_PAGE)).isEmpty();
    }

    @Test
    void aRoundIsReadFromTheEndOfTheIdOnly() {
        var page = PagingPlan.planned(CONFIG, new Tracked(opened("checkout", Severity.SEV3)))
                .getFirst();

        assertThat(page.inRound(3).id()).isEqualTo(page.id() + "~round-3");
        assertThat(page.inRound(3).inRound(4).id()).isEqualTo(page.id() + "~round-4");
        assertThat(Notification.round(page.inRound(3).id())).isEqualTo(3);
        assertThat(Notification.first(page.inRound(3).id())).isEqualTo(page.id());
        assertThat(Notification.round("ntf:inc-1:1:page:1:email:a~round-x")).isEqualTo(1);
        assertThat(Notification.first("ntf:inc-1:1:page:1:email:a~round-x"))
                .isEqualTo("ntf:inc-1:1:page:1:email:a~round-x");
    }
}
