package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.IncidentDeciderTest.BY_ALICE;
import static io.kizuki.incident.domain.IncidentDeciderTest.FIRST_ALERT;
import static io.kizuki.incident.domain.IncidentDeciderTest.ID;
import static io.kizuki.incident.domain.IncidentDeciderTest.OPENED;
import static io.kizuki.incident.domain.IncidentDeciderTest.SHOP;
import static io.kizuki.incident.domain.IncidentDeciderTest.T0;
import static io.kizuki.incident.domain.IncidentDeciderTest.T1;
import static io.kizuki.incident.domain.IncidentDeciderTest.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AddActionItem;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.AssignRole;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.ChangeSeverity;
import io.kizuki.ledger.command.CloseIncident;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.CompleteActionItem;
import io.kizuki.ledger.command.DeclareIncident;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.LinkChange;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.command.SetStatus;
import io.kizuki.ledger.command.UpdateActionItem;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.ActionItemUpdated;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.ChangeLinked;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.NotificationFailed;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;

/** The response lifecycle, given events / when a command / then events or a refusal. */
class LifecycleDeciderTest {

    static final IncidentEvent ACKNOWLEDGED = new IncidentAcknowledged(ID, "user:bob", T0);
    static final IncidentEvent RESOLVED = new IncidentResolved(ID, "user:bob", IncidentResolved.MANUAL, T0);
    static final IncidentEvent CLOSED = new IncidentClosed(ID, "user:bob", T0);
    static final IncidentEvent PREVENTION = new ActionItemAdded(
            ID, "ai-1", "Load-test the pool", "prevention", "bob", LocalDate.parse("2026-12-01"), "user:bob", T0);

    @Test
    void declaresAnIncidentWithItsCommander() {
        var declare = new DeclareIncident(
                "inc-d", "Checkout slow", "shop", "shop-checkout", Severity.SEV2, "reports", "alice", SHOP);

        then(
                List.of(),
                declare,
                new IncidentOpened(
                        "inc-d",
                        "Checkout slow",
                        "shop",
                        "shop-checkout",
                        Severity.SEV2,
                        null,
                        IncidentOpened.MANUAL,
                        null,
                        T1,
                        null,
                        null,
                        List.of(),
                        "reports"),
                new RoleAssigned("inc-d", "commander", "alice", "user:alice", T1));
    }

    @Test
    void refusesToDeclareForAnotherProduct() {
        refused(
                List.of(),
                new DeclareIncident("inc-d", "X", "payments", "pay", Severity.SEV3, null, null, SHOP),
                Outcome.FORBIDDEN,
                "payments");
    }

    @Test
    void raisesTheSeverityForAMoreSevereAlertButNeverLowersIt() {
        SignalReceived critical = withSeverity(signal("sig-2", "fp-2", "firing"), Severity.SEV1);
        SignalReceived info = withSeverity(signal("sig-3", "fp-3", "firing"), Severity.SEV4);

        Decision raised = decide(List.of(OPENED, FIRST_ALERT), new AttachAlert(ID, critical));
        Decision notLowered = decide(List.of(OPENED, FIRST_ALERT), new AttachAlert(ID, info));

        assertThat(((Accepted) raised).events())
                .hasSize(2)
                .last()
                .isInstanceOfSatisfying(SeverityChanged.class, changed -> {
                    assertThat(changed.from()).isEqualTo(Severity.SEV2);
                    assertThat(changed.to()).isEqualTo(Severity.SEV1);
                });
        assertThat(((Accepted) notLowered).events()).singleElement().isInstanceOf(AlertAttached.class);
    }

    @Test
    void changesTheSeverityEitherWayWithAReason() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new ChangeSeverity(ID, Severity.SEV4, "only the staging shop", null, SHOP),
                new SeverityChanged(ID, Severity.SEV2, Severity.SEV4, "only the staging shop", "user:alice", T1));
        refused(
                List.of(OPENED, FIRST_ALERT),
                new ChangeSeverity(ID, Severity.SEV2, "same", null, SHOP),
                Outcome.CONFLICT,
                "already SEV2");
    }

    @Test
    void settingAWorkingStatusOnATriggeredIncidentAcknowledgesItFirst() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new SetStatus(ID, IncidentStatus.INVESTIGATING, "looking", null, SHOP),
                new IncidentAcknowledged(ID, "user:alice", T1),
                new StatusChanged(
                        ID, IncidentStatus.ACKNOWLEDGED, IncidentStatus.INVESTIGATING, "looking", "user:alice", T1));
    }

    @Test
    void movesThroughTheWorkingStatusesAndRefusesTheSameOneTwice() {
        List<IncidentEvent> investigating = List.of(
                OPENED,
                FIRST_ALERT,
                ACKNOWLEDGED,
                new StatusChanged(ID, IncidentStatus.ACKNOWLEDGED, IncidentStatus.INVESTIGATING, null, "user:bob", T0));

        then(
                investigating,
                new SetStatus(ID, IncidentStatus.IDENTIFIED, "pool", null, SHOP),
                new StatusChanged(
                        ID, IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, "pool", "user:alice", T1));
        refused(
                investigating,
                new SetStatus(ID, IncidentStatus.INVESTIGATING, null, null, SHOP),
                Outcome.CONFLICT,
                "already investigating");
        refused(investigating, new AcknowledgeIncident(ID, null, SHOP), Outcome.CONFLICT, "already acknowledged");
        assertThat(given(investigating).status()).isEqualTo(IncidentStatus.INVESTIGATING);
    }

    @Test
    void refusesWorkingStatusesAndAcknowledgeOnAResolvedIncident() {
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED),
                new SetStatus(ID, IncidentStatus.MONITORING, null, null, SHOP),
                Outcome.CONFLICT,
                "resolved");
    }

    @Test
    void resolvesFromAnyOpenStatus() {
        List<IncidentEvent> monitoring = List.of(
                OPENED,
                FIRST_ALERT,
                ACKNOWLEDGED,
                new StatusChanged(ID, IncidentStatus.ACKNOWLEDGED, IncidentStatus.MONITORING, null, "user:bob", T0));

        then(
                monitoring,
                new ResolveIncident(ID, IncidentResolved.MANUAL, null, SHOP),
                new IncidentResolved(ID, "user:alice", IncidentResolved.MANUAL, T1));
    }

    @Test
    void reopensOnlyAResolvedIncident() {
        then(
                List.of(OPENED, FIRST_ALERT, RESOLVED),
                new ReopenIncident(ID, "back", null, SHOP),
                new IncidentReopened(ID, "back", "user:alice", T1));
        assertThat(given(List.of(OPENED, FIRST_ALERT, RESOLVED, new IncidentReopened(ID, "back", "user:a", T1)))
                        .status())
                .isEqualTo(IncidentStatus.TRIGGERED);
        refused(
                List.of(OPENED, FIRST_ALERT),
                new ReopenIncident(ID, null, null, SHOP),
                Outcome.CONFLICT,
                "only a resolved incident");
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION, CLOSED),
                new ReopenIncident(ID, null, null, SHOP),
                Outcome.CONFLICT,
                "closed");
    }

    @Test
    void assignsRolesAndTakesARepeatedAssignmentAsDone() {
        List<IncidentEvent> withCommander =
                List.of(OPENED, FIRST_ALERT, new RoleAssigned(ID, "commander", "bob", "user:bob", T0));

        then(
                withCommander,
                new AssignRole(ID, "commander", "carol", null, SHOP),
                new RoleAssigned(ID, "commander", "carol", "user:alice", T1));
        then(withCommander, new AssignRole(ID, "commander", "bob", null, SHOP));
        assertThat(given(withCommander).roles()).containsEntry("commander", "bob");
    }

    @Test
    void addsTimelineEntriesAtTheTimeTheyHappened() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new AddTimelineEntry(ID, "e-1", "action", "rollback", "rolled back", T0, null, SHOP),
                new TimelineEntryAdded(ID, "e-1", "action", "rollback", "rolled back", T0, "user:alice", T1));
    }

    @Test
    void linksAChangeOnce() {
        List<IncidentEvent> linked =
                List.of(OPENED, FIRST_ALERT, new ChangeLinked(ID, "chg-1", "shop-checkout", "deploy", "user:bob", T0));

        then(
                List.of(OPENED, FIRST_ALERT),
                new LinkChange(ID, "chg-1", "shop-checkout", "deploy", null, SHOP),
                new ChangeLinked(ID, "chg-1", "shop-checkout", "deploy", "user:alice", T1));
        refused(linked, new LinkChange(ID, "chg-1", null, null, null, SHOP), Outcome.CONFLICT, "already linked");
    }

    @Test
    void addsAndCompletesActionItemsOnce() {
        then(
                List.of(OPENED, FIRST_ALERT, PREVENTION),
                new CompleteActionItem(ID, "ai-1", null, SHOP),
                new ActionItemCompleted(ID, "ai-1", "user:alice", T1));
        refused(
                List.of(OPENED, FIRST_ALERT),
                new CompleteActionItem(ID, "ai-9", null, SHOP),
                Outcome.CONFLICT,
                "no action item ai-9");
        refused(
                List.of(OPENED, FIRST_ALERT, PREVENTION, new ActionItemCompleted(ID, "ai-1", "user:bob", T0)),
                new CompleteActionItem(ID, "ai-1", null, SHOP),
                Outcome.CONFLICT,
                "already done");
        refused(
                List.of(OPENED, FIRST_ALERT, PREVENTION),
                new AddActionItem(ID, "ai-1", "again", "process", "bob", LocalDate.parse("2026-12-01"), null, SHOP),
                Outcome.CONFLICT,
                "already exists");
    }

    @Test
    void givesAnActionItemThatIsNotDoneAnotherOwnerOrDueDateKeepingWhatIsNotGiven() {
        LocalDate due = LocalDate.parse("2026-12-01");
        LocalDate later = LocalDate.parse("2027-01-15");
        then(
                List.of(OPENED, FIRST_ALERT, PREVENTION),
                new UpdateActionItem(ID, "ai-1", "carol", null, null, SHOP),
                new ActionItemUpdated(ID, "ai-1", "carol", due, "user:alice", T1));
        then(
                List.of(
                        OPENED,
                        FIRST_ALERT,
                        PREVENTION,
                        new ActionItemUpdated(ID, "ai-1", "carol", due, "user:bob", T0)),
                new UpdateActionItem(ID, "ai-1", null, later, null, SHOP),
                new ActionItemUpdated(ID, "ai-1", "carol", later, "user:alice", T1));
        // nothing changes, nothing is recorded
        then(List.of(OPENED, FIRST_ALERT, PREVENTION), new UpdateActionItem(ID, "ai-1", "bob", due, null, SHOP));
        refused(
                List.of(OPENED, FIRST_ALERT, PREVENTION, new ActionItemCompleted(ID, "ai-1", "user:bob", T0)),
                new UpdateActionItem(ID, "ai-1", "carol", null, null, SHOP),
                Outcome.CONFLICT,
                "already done");
        refused(
                List.of(OPENED, FIRST_ALERT),
                new UpdateActionItem(ID, "ai-9", "carol", null, null, SHOP),
                Outcome.CONFLICT,
                "no action item ai-9");
        refused(
                List.of(OPENED, FIRST_ALERT, PREVENTION),
                new UpdateActionItem(ID, "ai-1", "carol", null, null, List.of("payments")),
                Outcome.NOT_FOUND,
                ID);
    }

    @Test
    void recordsAPageWithThePersonsTimeZoneAtTheTimeItWasSent() {
        then(
                List.of(OPENED, FIRST_ALERT, RESOLVED),
                new RecordPage(ID, "page-1", "bob", "Europe/Berlin", "slack", 1, T0),
                new ResponderPaged(ID, "shop", "page-1", "bob", "Europe/Berlin", "slack", 1, "user:alice", T0));
    }

    @Test
    void recordsThePeopleADeliveryPagedBeforeItsOutcomeInOneDecision() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new RecordDelivery(
                        ID,
                        "n-1",
                        "slack",
                        "shop-incidents",
                        "page",
                        1,
                        false,
                        6,
                        "HTTP 500",
                        true,
                        T1,
                        List.of(
                                new RecordDelivery.Page("page-1", "bob", "Europe/Berlin", T0),
                                new RecordDelivery.Page("page-2", "kim", "Asia/Tokyo", T0)),
                        null),
                new ResponderPaged(ID, "shop", "page-1", "bob", "Europe/Berlin", "slack", 1, "user:alice", T0),
                new ResponderPaged(ID, "shop", "page-2", "kim", "Asia/Tokyo", "slack", 1, "user:alice", T0),
                new NotificationFailed(
                        ID,
                        "shop",
                        "n-1",
                        "slack",
                        "shop-incidents",
                        "page",
                        1,
                        6,
                        "HTTP 500",
                        true,
                        "user:alice",
                        T1));
    }

    @Test
    void escalatesAnUnacknowledgedIncidentFromTheLevelItIsAt() {
        IncidentEvent toTwo = new IncidentEscalated(ID, "shop", 1, 2, "shop", "user:alice", T1);

        then(List.of(OPENED, FIRST_ALERT), new EscalateIncident(ID, 1, "shop"), toTwo);
        then(
                List.of(OPENED, FIRST_ALERT, toTwo),
                new EscalateIncident(ID, 2, "shop"),
                new IncidentEscalated(ID, "shop", 2, 3, "shop", "user:alice", T1));
    }

    @Test
    void aResponderEscalatesNowFromTheLevelTheirPageShowedAndOnlyOnTheirProducts() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new EscalateIncident(ID, 1, null, List.of("shop")),
                new IncidentEscalated(ID, "shop", 1, 2, null, "user:alice", T1));
        refused(
                List.of(OPENED, FIRST_ALERT),
                new EscalateIncident(ID, 1, null, List.of("payments")),
                Outcome.NOT_FOUND,
                ID);
    }

    @Test
    void refusesASecondEscalationFromTheSameLevel() {
        IncidentEvent toTwo = new IncidentEscalated(ID, "shop", 1, 2, "shop", "user:alice", T0);

        refused(
                List.of(OPENED, FIRST_ALERT, toTwo),
                new EscalateIncident(ID, 1, "shop"),
                Outcome.CONFLICT,
                "at escalation level 2, not 1");
    }

    @Test
    void refusesToEscalateAnAcknowledgedOrResolvedIncident() {
        refused(
                List.of(OPENED, FIRST_ALERT, ACKNOWLEDGED),
                new EscalateIncident(ID, 1, "shop"),
                Outcome.CONFLICT,
                "incident is acknowledged");
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED),
                new EscalateIncident(ID, 1, "shop"),
                Outcome.CONFLICT,
                "incident is resolved");
    }

    @Test
    void aReopenedIncidentEscalatesFromTheFirstLevelAgain() {
        IncidentEvent toTwo = new IncidentEscalated(ID, "shop", 1, 2, "shop", "user:alice", T0);
        IncidentEvent reopened = new IncidentReopened(ID, "again", "user:bob", T0);

        then(
                List.of(OPENED, FIRST_ALERT, toTwo, RESOLVED, reopened),
                new EscalateIncident(ID, 1, "shop"),
                new IncidentEscalated(ID, "shop", 1, 2, "shop", "user:alice", T1));
    }

    @Test
    void recordsADeliveryAFinalFailureAndAFailureThatIsTriedAgain() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new RecordDelivery(
                        ID, "n-1", "slack", "shop-incidents", "page", 1, true, 2, null, false, T0, List.of(), null),
                new NotificationDelivered(
                        ID, "shop", "n-1", "slack", "shop-incidents", "page", 1, 2, "user:alice", T0, null));
        then(
                List.of(OPENED, FIRST_ALERT),
                new RecordDelivery(
                        ID,
                        "n-2",
                        "email",
                        "bob",
                        "resolved",
                        0,
                        false,
                        5,
                        "550 mailbox unavailable",
                        false,
                        null,
                        null,
                        null),
                new NotificationFailed(
                        ID,
                        "shop",
                        "n-2",
                        "email",
                        "bob",
                        "resolved",
                        0,
                        5,
                        "550 mailbox unavailable",
                        false,
                        "user:alice",
                        T1));
        then(
                List.of(OPENED, FIRST_ALERT),
                new RecordDelivery(
                        ID,
                        "n-3",
                        "slack",
                        "shop-incidents",
                        "page",
                        1,
                        false,
                        6,
                        "HTTP 500",
                        true,
                        null,
                        List.of(),
                        null),
                new NotificationFailed(
                        ID,
                        "shop",
                        "n-3",
                        "slack",
                        "shop-incidents",
                        "page",
                        1,
                        6,
                        "HTTP 500",
                        true,
                        "user:alice",
                        T1));
    }

    @Test
    void refusesAPageForAnIncidentThatDoesNotExist() {
        refused(List.of(), new RecordPage(ID, "page-1", "bob", "Europe/Berlin", "slack", 1, T0), Outcome.NOT_FOUND, ID);
    }

    @Test
    void closesOnlyAResolvedIncident() {
        refused(List.of(OPENED, FIRST_ALERT), new CloseIncident(ID, null, SHOP), Outcome.CONFLICT, "not resolved");
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION, CLOSED),
                new CloseIncident(ID, null, SHOP),
                Outcome.CONFLICT,
                "already closed");
    }

    @Test
    void refusesToCloseASev2IncidentWithoutAPreventionActionItem() {
        IncidentEvent mitigation = new ActionItemAdded(
                ID, "ai-2", "Alert earlier", "detection", "bob", LocalDate.parse("2026-12-01"), "user:bob", T0);

        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED, mitigation, LearningDeciderTest.PUBLISHED),
                new CloseIncident(ID, null, SHOP),
                Outcome.CONFLICT,
                "missing: a prevention action item.");
        then(
                List.of(OPENED, FIRST_ALERT, RESOLVED, mitigation, PREVENTION, LearningDeciderTest.PUBLISHED),
                new CloseIncident(ID, null, SHOP),
                new IncidentClosed(ID, "user:alice", T1));
    }

    @Test
    void closesASev3IncidentWithoutActionItems() {
        IncidentEvent lowered = new SeverityChanged(ID, Severity.SEV2, Severity.SEV3, "minor", "user:bob", T0);

        then(
                List.of(OPENED, FIRST_ALERT, lowered, RESOLVED),
                new CloseIncident(ID, null, SHOP),
                new IncidentClosed(ID, "user:alice", T1));
    }

    @Test
    void refusesAlertsAndChangesOnAClosedIncident() {
        List<IncidentEvent> closed = List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION, CLOSED);

        refused(closed, new AttachAlert(ID, signal("sig-2", "fp-2", "firing")), Outcome.CONFLICT, "closed");
        refused(closed, new AssignRole(ID, "sre", "dan", null, SHOP), Outcome.CONFLICT, "closed");
        refused(closed, new ChangeSeverity(ID, Severity.SEV1, "x", null, SHOP), Outcome.CONFLICT, "closed");
    }

    static Incident given(List<IncidentEvent> history) {
        Incident state = null;
        for (IncidentEvent event : history) {
            state = IncidentDecider.evolve(state, event);
        }
        return state;
    }

    static Decision decide(List<IncidentEvent> history, IncidentCommand command) {
        return IncidentDecider.decide(BY_ALICE, command, given(history));
    }

    static void then(List<IncidentEvent> history, IncidentCommand command, IncidentEvent... expected) {
        Decision decision = decide(history, command);
        assertThat(decision).isInstanceOf(Accepted.class);
        assertThat(((Accepted) decision).events()).isEqualTo(List.of(expected));
    }

    static void refused(List<IncidentEvent> history, IncidentCommand command, Outcome outcome, String detail) {
        Decision decision = decide(history, command);
        assertThat(decision).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.outcome()).isEqualTo(outcome);
            assertThat(rejected.detail()).contains(detail);
        });
    }

    private static SignalReceived withSeverity(SignalReceived s, Severity severity) {
        return new SignalReceived(
                s.signalId(),
                s.source(),
                s.dedupKey(),
                s.fingerprint(),
                s.status(),
                s.title(),
                s.product(),
                s.service(),
                severity,
                s.labels(),
                s.annotations(),
                s.startsAt(),
                s.endsAt(),
                s.receivedAt(),
                s.original(),
                s.integration(),
                s.signalClass(),
                s.links(),
                s.warnings());
    }
}
