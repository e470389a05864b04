package io.kizuki.report.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.report.ledger.LedgerRecord;

/** What MTTA and MTTR are computed from, as events move them. */
class MetricsReadModelTest {

    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void timeToAcknowledgeRunsToTheFirstAcknowledgementOrWorkingStatus() {
        var metric = given(
                new StatusChanged(
                        "inc-1",
                        IncidentStatus.TRIGGERED,
                        IncidentStatus.INVESTIGATING,
                        null,
                        "user:bob",
                        T0.plusSeconds(30)),
                new IncidentAcknowledged("inc-1", "user:eve", T0.plusSeconds(90)));

        assertThat(metric.acknowledgedAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void timeToResolveRunsToTheLastResolution() {
        var metric = given(
                new IncidentResolved("inc-1", "user:bob", "manual", T0.plusSeconds(60)),
                new IncidentReopened("inc-1", "back", "user:bob", T0.plusSeconds(120)));
        assertThat(metric.resolvedAt()).isNull();

        metric = MetricsReadModel.evolve(
                metric, record(new IncidentResolved("inc-1", "user:bob", "manual", T0.plusSeconds(600))));
        assertThat(metric.resolvedAt()).isEqualTo(T0.plusSeconds(600));
    }

    @Test
    void countsAnIncidentAtItsLatestSeverityInTheWeekItOpened() {
        var metric = given(new SeverityChanged("inc-1", Severity.SEV3, Severity.SEV1, "worse", "user:bob", T0));

        assertThat(metric.severity()).isEqualTo(Severity.SEV1);
        assertThat(metric.week()).isEqualTo("2026-W47");
        assertThat(MetricsReadModel.week(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("2026-W53");
    }

    private static MetricsReadModel.Metric given(IncidentEvent... events) {
        MetricsReadModel.Metric metric = MetricsReadModel.evolve(
                null,
                record(new IncidentOpened(
                        "inc-1",
                        "Disk full",
                        "shop",
                        "shop-db",
                        Severity.SEV3,
                        "dk",
                        "alertmanager",
                        "sig-1",
                        T0,
                        null,
                        "saturation",
                        List.of(),
                        null)));
        for (IncidentEvent event : events) {
            metric = MetricsReadModel.evolve(metric, record(event));
        }
        return metric;
    }

    private static LedgerRecord record(IncidentEvent event) {
        return new LedgerRecord("kizuki.ledger.v1", 0, 0, null, event, null);
    }
}
