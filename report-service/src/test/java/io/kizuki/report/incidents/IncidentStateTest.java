package io.kizuki.report.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.ActionItemUpdated;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;

/** The incident view as a fold of its events: given events, then the view. */
class IncidentStateTest {

    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    static final IncidentOpened OPENED = new IncidentOpened(
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
            null);

    @Test
    void foldsTheLifecycleIntoTheView() {
        IncidentState state = given(
                new AlertAttached("inc-1", "sig-1", "fp-1", "Disk full", T0),
                new IncidentAcknowledged("inc-1", "user:bob", T0.plusSeconds(60)),
                new SeverityChanged(
                        "inc-1", Severity.SEV3, Severity.SEV1, "all writes fail", "user:bob", T0.plusSeconds(90)),
                new RoleAssigned("inc-1", "commander", "alice", "user:bob", T0.plusSeconds(95)),
                new ActionItemAdded(
                        "inc-1",
                        "ai-1",
                        "Alert at 80 %",
                        "prevention",
                        "bob",
                        LocalDate.parse("2026-12-01"),
                        "user:bob",
                        T0.plusSeconds(100)),
                new IncidentResolved("inc-1", "user:bob", IncidentResolved.MANUAL, T0.plusSeconds(600)),
                new ActionItemUpdated(
                        "inc-1", "ai-1", "carol", LocalDate.parse("2027-01-15"), "user:bob", T0.plusSeconds(650)),
                new ActionItemCompleted("inc-1", "ai-1", "user:bob", T0.plusSeconds(700)),
                new IncidentClosed("inc-1", "user:alice", T0.plusSeconds(800)));

        assertThat(state.status).isEqualTo(IncidentStatus.CLOSED);
        assertThat(state.severity).isEqualTo(Severity.SEV1);
        assertThat(state.severityHistory)
                .extracting(IncidentState.SeverityStep::severity)
                .containsExactly(Severity.SEV3, Severity.SEV1);
        assertThat(state.acknowledgedAt).isEqualTo(T0.plusSeconds(60));
        assertThat(state.roles).containsEntry("commander", "alice");
        assertThat(state.actionItems).singleElement().satisfies(item -> {
            assertThat(item.done()).isTrue();
            assertThat(item.owner()).isEqualTo("carol");
            assertThat(item.dueDate()).isEqualTo(LocalDate.parse("2027-01-15"));
            assertThat(item.title()).isEqualTo("Alert at 80 %");
        });
        assertThat(state.alerts).isEqualTo(1);
        assertThat(state.sequence).isEqualTo(10);
    }

    @Test
    void aReopenClearsTheResolutionButKeepsTheFirstAcknowledgement() {
        IncidentState state = given(
                new IncidentAcknowledged("inc-1", "user:bob", T0.plusSeconds(60)),
                new IncidentResolved("inc-1", "user:bob", IncidentResolved.MANUAL, T0.plusSeconds(600)),
                new IncidentReopened("inc-1", "back", "user:bob", T0.plusSeconds(900)),
                new IncidentAcknowledged("inc-1", "user:eve", T0.plusSeconds(960)));

        assertThat(state.status).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(state.resolvedAt).isNull();
        assertThat(state.acknowledgedBy).isEqualTo("user:bob");
        assertThat(state.reopened).isEqualTo(1);
    }

    @Test
    void anEventAtOrBeforeTheViewsSequenceChangesNothing() {
        IncidentState state = given(new IncidentAcknowledged("inc-1", "user:bob", T0.plusSeconds(60)));

        boolean changed = state.apply(new AlertAttached("inc-1", "sig-2", "fp-2", "again", T0), 2, T0);

        assertThat(changed).isFalse();
        assertThat(state.alerts).isZero();
    }

    @Test
    void survivesTheRoundTripThroughItsJsonColumn() throws Exception {
        IncidentState state = given(
                new RoleAssigned("inc-1", "commander", "alice", "user:bob", T0),
                new ActionItemAdded(
                        "inc-1", "ai-1", "t", "prevention", "bob", LocalDate.parse("2026-12-01"), "user:bob", T0));
        ObjectMapper json = WireCodec.newMapper();

        IncidentState read = json.readValue(json.writeValueAsString(state), IncidentState.class);

        assertThat(json.writeValueAsString(read)).isEqualTo(json.writeValueAsString(state));
        assertThat(json.readTree(json.writeValueAsString(state)).path("class").asText())
                .isEqualTo("saturation");
    }

    private static IncidentState given(IncidentEvent... events) {
        IncidentState state = IncidentState.opened(OPENED, 1, T0);
        long sequence = 1;
        for (IncidentEvent event : events) {
            state.apply(event, ++sequence, T0);
        }
        return state;
    }
}
