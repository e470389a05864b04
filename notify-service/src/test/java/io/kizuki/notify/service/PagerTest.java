package io.kizuki.notify.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.notify.oncall.People;
import io.kizuki.notify.paging.Notification;
import io.kizuki.notify.paging.Notification.Recipient;

/** Which people a notification's outcome records as paged, in the one command that records both. */
class PagerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");
    private static final Recipient PAT = new Recipient(
            "pat", People.person("Pat", ZoneId.of("Europe/Berlin"), "U0PAT", "pat@example.com", null, null));
    private static final Recipient KIM =
            new Recipient("kim", People.byEmail("Kim", ZoneId.of("Asia/Tokyo"), "kim@example.com"));

    @Test
    void recordsEveryPersonAnEmailPageReachesWithTheirTimeZone() {
        Notification page = notification("ntf:inc-1:1:page:1:email:pat", Notification.EMAIL, Notification.PAGE);

        assertThat(Pager.pages(page, NOW))
                .containsExactly(
                        new RecordDelivery.Page("page:" + page.id() + ":pat", "pat", "Europe/Berlin", NOW),
                        new RecordDelivery.Page("page:" + page.id() + ":kim", "kim", "Asia/Tokyo", NOW));
    }

    @Test
    void recordsOnSlackOnlyThePeopleItMentions() {
        Notification page =
                notification("ntf:inc-1:1:page:1:slack:shop-incidents", Notification.SLACK, Notification.PAGE);

        assertThat(Pager.pages(page, NOW))
                .extracting(RecordDelivery.Page::person)
                .containsExactly("pat");
    }

    @Test
    void recordsNobodyForALaterRoundOrAnAnnouncement() {
        Notification page = notification("ntf:inc-1:1:page:1:email:pat", Notification.EMAIL, Notification.PAGE);
        Notification told =
                notification("ntf:inc-1:1:acknowledged:email:pat", Notification.EMAIL, Notification.ACKNOWLEDGED);

        assertThat(Pager.pages(page.inRound(2), NOW)).isEmpty();
        assertThat(Pager.pages(told, NOW)).isEmpty();
    }

    private static Notification notification(String id, String channel, String purpose) {
        return new Notification(
                id,
                "inc-1",
                channel,
                "pat",
                purpose,
                Notification.PAGE.equals(purpose) ? 1 : 0,
                List.of(PAT, KIM),
                null,
                null,
                null,
                List.of());
    }
}
