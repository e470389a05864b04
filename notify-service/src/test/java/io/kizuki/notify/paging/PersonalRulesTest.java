package io.kizuki.notify.paging;

import static io.kizuki.notify.paging.PagingPlanTest.OPENED_AT;
import static io.kizuki.notify.paging.PagingPlanTest.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;

/** A person's notification rules: which way, after how long, at which urgency, and what a failure brings forward. */
class PersonalRulesTest {

    // OPENED_AT is 2026-11-22 10:00 UTC: 19:00 in Tokyo
    static final OnCallConfig CONFIG = ConfigLoader.parse("""
            people:
              aki:
                timeZone: Asia/Tokyo
                push: aki-phone
                sms: "+819012345678"
                voice: "+819012345678"
                email: aki@example.com
                rules:
                  high: [{method: push}, {method: sms, after: PT2M}, {method: voice, after: PT5M}]
                  low: [{method: email}, {method: push, after: PT1M}]
                  repeatAfter: PT15M
                  quietHours: {from: "18:00", until: "08:00"}
              ben: {timeZone: Asia/Tokyo, push: ben-phone, voice: "+819087654321", email: ben@example.com}
            escalationPolicies:
              shop:
                levels:
                  - timeout: PT30M
                    targets: [{person: aki}, {person: ben}]
                  - timeout: PT30M
                    targets: [{person: ben}]
            routing: {default: shop}
            """).config();

    static PagingPlan.Plan at(Tracked incident, long seconds) {
        return PagingPlan.plan(CONFIG, incident, false, OPENED_AT.plusSeconds(seconds));
    }

    static List<String> ways(PagingPlan.Plan plan, String person) {
        return plan.due().stream()
                .filter(notification -> person.equals(notification.recipient()))
                .map(notification -> notification.channel()
                        + (notification.id().contains(":repeat-")
                                ? notification.id().substring(notification.id().lastIndexOf(':'))
                                : ""))
                .toList();
    }

    @Test
    void pushesAtOnceTextsAfterTwoMinutesAndCallsAfterFive() {
        var incident = new Tracked(opened("checkout", Severity.SEV1));

        assertThat(ways(at(incident, 0), "aki")).containsExactly("push");
        assertThat(at(incident, 0).next()).contains(OPENED_AT.plusSeconds(120));
        assertThat(ways(at(incident, 130), "aki")).containsExactly("push", "sms");
        assertThat(at(incident, 130).next()).contains(OPENED_AT.plusSeconds(300));
        assertThat(ways(at(incident, 300), "aki")).containsExactly("push", "sms", "voice");
        assertThat(at(incident, 300).next()).contains(OPENED_AT.plusSeconds(900));
        // without rules: every way at once, a call included for high urgency
        assertThat(ways(at(incident, 0), "ben")).containsExactly("email", "push", "voice");
    }

    @Test
    void startsTheStepsAgainUntilSomeoneAcknowledges() {
        var incident = new Tracked(opened("checkout", Severity.SEV2));

        assertThat(ways(at(incident, 960), "aki")).containsExactly("push", "sms", "voice", "push:repeat-2");
        assertThat(at(incident, 960).due())
                .extracting(Notification::id)
                .contains("ntf:inc-1:1:page:1:push:aki:repeat-2");

        incident.apply(new IncidentAcknowledged("inc-1", "user:ben", OPENED_AT.plusSeconds(970)));
        assertThat(ways(at(incident, 2_000), "aki")).isEmpty();
        assertThat(at(incident, 2_000).next()).isEmpty();
    }

    @Test
    void stepsOfALevelStopWhenItEscalates() {
        var incident = new Tracked(opened("checkout", Severity.SEV1));
        incident.apply(new IncidentEscalated("inc-1", "shop", 1, 2, "shop", "c", OPENED_AT.plusSeconds(200)));

        assertThat(ways(at(incident, 3_000), "aki")).containsExactly("push", "sms");
        assertThat(at(incident, 3_000).due()).extracting(Notification::id).contains("ntf:inc-1:1:page:2:push:ben");
    }

    @Test
    void aWayThatFailedForGoodBringsTheNextStepForward() {
        var incident = new Tracked(opened("checkout", Severity.SEV1));
        incident.apply(new NotificationFailed(
                "inc-1",
                "shop",
                "ntf:inc-1:1:page:1:push:aki",
                "push",
                "aki",
                "page",
                1,
                6,
                "ntfy answered 400 Bad Request",
                false,
                "c",
                OPENED_AT.plusSeconds(20)));

        assertThat(ways(at(incident, 20), "aki")).containsExactly("push", "sms");
        assertThat(at(incident, 20).next()).contains(OPENED_AT.plusSeconds(300));
    }

    @Test
    void lowUrgencyWaitsOutQuietHoursAndNeverCallsAtNight() {
        // 19:00 in Tokyo: inside aki's quiet hours (18:00 to 08:00) until 08:00 the next morning
        var incident = new Tracked(opened("checkout", Severity.SEV3));
        Instant morning = Instant.parse("2026-11-22T23:00:00Z");

        assertThat(ways(at(incident, 0), "aki")).isEmpty();
        assertThat(at(incident, 0).next()).contains(morning);
        assertThat(ways(PagingPlan.plan(CONFIG, incident, false, morning), "aki"))
                .containsExactly("email", "push");
        // without rules: every way but a call, at once
        assertThat(ways(at(incident, 0), "ben")).containsExactly("email", "push");
    }

    @Test
    void aTestGoesOutOnEveryWayTextsAndCallsIncluded() {
        assertThat(PagingPlan.test("aki", CONFIG.people().get("aki"), "test-1", OPENED_AT))
                .extracting(Notification::channel)
                .containsExactly("email", "push", "sms", "voice");
    }
}
