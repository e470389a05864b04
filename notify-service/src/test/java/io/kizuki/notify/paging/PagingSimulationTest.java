package io.kizuki.notify.paging;

import static io.kizuki.notify.paging.PagingPlanTest.CONFIG;
import static io.kizuki.notify.paging.PagingPlanTest.OPENED_AT;
import static io.kizuki.notify.paging.PagingPlanTest.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.notify.oncall.ConfigLoader;
import io.kizuki.notify.oncall.OnCallConfig;

/** An incident of the past paged again by a configuration: who, at which level, when; and the burden compared. */
class PagingSimulationTest {

    @Test
    void escalatesWhatNobodyAcknowledgedOnTheLevelsTimeoutAndStopsAtTheAcknowledgement() {
        var history = new PagingSimulation.History(
                opened("checkout", Severity.SEV3), List.of(acknowledged(OPENED_AT.plus(Duration.ofMinutes(12)))));

        var outcome = PagingSimulation.simulate(CONFIG, history, OPENED_AT.plus(Duration.ofHours(1)));

        assertThat(outcome.escalations()).isEqualTo(1);
        assertThat(outcome.pages())
                .extracting(
                        PagingSimulation.Page::person,
                        PagingSimulation.Page::channel,
                        PagingSimulation.Page::level,
                        PagingSimulation.Page::at)
                .containsExactlyInAnyOrder(
                        tuple("pat", "slack", 1, OPENED_AT),
                        tuple("pat", "email", 1, OPENED_AT),
                        tuple("boss", "email", 2, OPENED_AT.plus(Duration.ofMinutes(5))),
                        tuple("boss", "webhook", 2, OPENED_AT.plus(Duration.ofMinutes(5))));
    }

    @Test
    void aNightPageOfOnePersonBecomesADaytimePageOfSomeoneOnTheOtherSideOfTheWorld() {
        // 01:00 UTC: 02:00 in Berlin (pat's night), 10:00 in Tokyo
        Instant night = Instant.parse("2026-11-24T01:00:00Z");
        var history = new PagingSimulation.History(at(night), List.of(acknowledged(night.plus(Duration.ofMinutes(3)))));
        OnCallConfig berlin = config("pat", "Europe/Berlin");
        OnCallConfig tokyo = config("yui", "Asia/Tokyo");
        var recorded = PagingSimulation.simulate(berlin, history, night.plus(Duration.ofHours(1)));

        var same = PagingSimulation.compare(
                berlin, List.of(history), recorded.pages(), 0, night.plus(Duration.ofHours(1)));
        var followTheSun =
                PagingSimulation.compare(tokyo, List.of(history), recorded.pages(), 0, night.plus(Duration.ofHours(1)));

        assertThat(same.changed()).isEmpty();
        assertThat(same.draft()).isEqualTo(same.real());
        assertThat(followTheSun.real().nightPages()).isEqualTo(1);
        assertThat(followTheSun.draft().nightPages()).isZero();
        assertThat(followTheSun.burden())
                .extracting(row -> row.person(), row -> row.real().nightPages(), row -> row.draft()
                        .pages())
                .containsExactlyInAnyOrder(tuple("pat", 1L, 0L), tuple("yui", 0L, 1L));
        assertThat(followTheSun.changed()).singleElement().satisfies(row -> assertThat(row.draft())
                .extracting(PagingSimulation.Page::person)
                .containsExactly("yui"));
    }

    private static OnCallConfig config(String person, String timeZone) {
        return ConfigLoader.parse("""
                        people:
                          %s: {timeZone: %s, email: %s@example.com}
                        escalationPolicies:
                          shop:
                            levels:
                              - timeout: PT30M
                                targets: [{person: %s}]
                        routing:
                          default: shop
                        """.formatted(person, timeZone, person, person))
                .config();
    }

    private static IncidentOpened at(Instant openedAt) {
        IncidentOpened template = opened("checkout", Severity.SEV3);
        return new IncidentOpened(
                template.incidentId(),
                template.title(),
                template.product(),
                template.service(),
                template.severity(),
                template.dedupKey(),
                template.source(),
                template.firstSignalId(),
                openedAt,
                template.recurrenceOf(),
                template.signalClass(),
                template.links(),
                template.summary());
    }

    private static PagingSimulation.Timed acknowledged(Instant at) {
        return new PagingSimulation.Timed(at, new IncidentAcknowledged("inc-1", "user:pat", at));
    }
}
