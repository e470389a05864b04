package io.kizuki.incident.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.AttachAlert;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.NotificationDelivered;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.SignalReceived;

class IncidentDeciderTest {

    static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-22T03:05:00Z");
    static final String ID = "inc-1";
    static final List<String> SHOP = List.of("shop");
    static final CommandContext BY_ALICE = new CommandContext("cmd-1", "user:alice", T1);

    static SignalReceived signal(String signalId, String fingerprint, String status) {
        return new SignalReceived(
                signalId,
                "alertmanager",
                "alertmanager:abc",
                fingerprint,
                status,
                "Disk full",
                "shop",
                "shop-db",
                Severity.SEV2,
                Map.of("alertname", "DiskFull"),
                Map.of(),
                T0,
                null,
                T0,
                null,
                "integration:test",
                "saturation",
                List.of(),
                List.of());
    }

    static final IncidentOpened OPENED = new IncidentOpened(
            ID,
            "Disk full",
            "shop",
            "shop-db",
            Severity.SEV2,
            "alertmanager:abc",
            "alertmanager",
            "sig-1",
            T0,
            null,
            "saturation",
            List.of(),
            null);
    static final AlertAttached FIRST_ALERT = new AlertAttached(ID, "sig-1", "fp-1", "Disk full", T0);

    @Test
    void opensAnIncidentWithItsFirstAlert() {
        then(
                given(),
                new OpenIncident(ID, signal("sig-1", "fp-1", "firing"), null),
                List.of(OPENED, FIRST_ALERT).stream().map(e -> withTime(e, T1)).toList());
    }

    @Test
    void acknowledgesATriggeredIncidentAndRecordsTheActor() {
        then(
                given(OPENED, FIRST_ALERT),
                new AcknowledgeIncident(ID, null, SHOP),
                List.of(new IncidentAcknowledged(ID, "user:alice", T1)));
    }

    @Test
    void rejectsASecondAcknowledgeWithConflict() {
        rejected(
                given(OPENED, FIRST_ALERT, new IncidentAcknowledged(ID, "user:bob", T0)),
                new AcknowledgeIncident(ID, null, SHOP),
                Outcome.CONFLICT);
    }

    @Test
    void resolvesAnAcknowledgedIncident() {
        then(
                given(OPENED, FIRST_ALERT, new IncidentAcknowledged(ID, "user:bob", T0)),
                new ResolveIncident(ID, IncidentResolved.MANUAL, null, SHOP),
                List.of(new IncidentResolved(ID, "user:alice", IncidentResolved.MANUAL, T1)));
    }

    @Test
    void rejectsResolveOfResolvedIncident() {
        rejected(
                given(OPENED, FIRST_ALERT, new IncidentResolved(ID, "user:bob", IncidentResolved.MANUAL, T0)),
                new ResolveIncident(ID, IncidentResolved.MANUAL, null, SHOP),
                Outcome.CONFLICT);
    }

    @Test
    void rejectsAcknowledgeOfResolvedIncident() {
        rejected(
                given(OPENED, FIRST_ALERT, new IncidentResolved(ID, "user:bob", IncidentResolved.AUTO, T0)),
                new AcknowledgeIncident(ID, null, SHOP),
                Outcome.CONFLICT);
    }

    @Test
    void answersCallersOfAnotherProductExactlyAsForAMissingIncident() {
        Decision missing =
                IncidentDecider.decide(BY_ALICE, new AcknowledgeIncident(ID, null, List.of("payments")), given());
        assertThat(missing).isEqualTo(new Rejected(Outcome.NOT_FOUND, "no incident " + ID));

        assertThat(IncidentDecider.decide(
                        BY_ALICE, new AcknowledgeIncident(ID, null, List.of("payments")), given(OPENED, FIRST_ALERT)))
                .isEqualTo(missing);
        assertThat(IncidentDecider.decide(
                        BY_ALICE,
                        new ResolveIncident(ID, IncidentResolved.MANUAL, 1L, List.of()),
                        given(OPENED, FIRST_ALERT)))
                .isEqualTo(missing);
    }

    @Test
    void letsCallersOfEveryProductAct() {
        then(
                given(OPENED, FIRST_ALERT),
                new AcknowledgeIncident(ID, null, List.of("*")),
                List.of(new IncidentAcknowledged(ID, "user:alice", T1)));
    }

    @Test
    void rejectsCommandsOnUnknownIncidents() {
        rejected(given(), new AcknowledgeIncident(ID, null, SHOP), Outcome.NOT_FOUND);
    }

    @Test
    void rejectsAStaleIfMatchSequence() {
        rejected(given(OPENED, FIRST_ALERT), new AcknowledgeIncident(ID, 1L, SHOP), Outcome.PRECONDITION_FAILED);
    }

    @Test
    void anIfMatchStaysGoodWhilePagesAndDeliveriesAreRecordedButNotOnceAnythingElseHappens() {
        IncidentEvent paged = new ResponderPaged(
                ID, "shop", "page-1", "bob", "Europe/Berlin", "slack", 1, "client:kizuki-notify-service", T0);
        IncidentEvent delivered = new NotificationDelivered(
                ID, "shop", "n-1", "slack", "shop-incidents", "page", 1, 1, "client:kizuki-notify-service", T0, null);
        then(
                given(OPENED, FIRST_ALERT, paged, delivered),
                new AcknowledgeIncident(ID, 2L, SHOP),
                List.of(new IncidentAcknowledged(ID, "user:alice", T1)));
        then(
                given(OPENED, FIRST_ALERT, paged, delivered),
                new AcknowledgeIncident(ID, 4L, SHOP),
                List.of(new IncidentAcknowledged(ID, "user:alice", T1)));
        rejected(
                given(OPENED, FIRST_ALERT, paged, delivered),
                new AcknowledgeIncident(ID, 1L, SHOP),
                Outcome.PRECONDITION_FAILED);
        rejected(
                given(OPENED, FIRST_ALERT, paged, new AlertAttached(ID, "s-2", "fp-2", "again", T0)),
                new AcknowledgeIncident(ID, 3L, SHOP),
                Outcome.PRECONDITION_FAILED);
        rejected(given(OPENED, FIRST_ALERT, paged), new AcknowledgeIncident(ID, 4L, SHOP), Outcome.PRECONDITION_FAILED);
    }

    @Test
    void anAcknowledgementAsTheNextLevelIsPagedStillMatchesWhatTheResponderSaw() {
        IncidentEvent escalated = new IncidentEscalated(ID, "shop", 1, 2, "shop", "client:kizuki-notify-service", T0);
        then(
                given(OPENED, FIRST_ALERT, escalated),
                new AcknowledgeIncident(ID, 2L, SHOP),
                List.of(new IncidentAcknowledged(ID, "user:alice", T1)));
    }

    @Test
    void acceptsAMatchingIfMatchSequence() {
        then(
                given(OPENED, FIRST_ALERT),
                new AcknowledgeIncident(ID, 2L, SHOP),
                List.of(new IncidentAcknowledged(ID, "user:alice", T1)));
    }

    @Test
    void attachesNewAlertsToAnOpenIncident() {
        then(
                given(OPENED, FIRST_ALERT),
                new AttachAlert(ID, signal("sig-2", "fp-2", "firing")),
                List.of(new AlertAttached(ID, "sig-2", "fp-2", "Disk full", T1)));
    }

    @Test
    void rejectsAlertsForAResolvedIncident() {
        rejected(
                given(OPENED, FIRST_ALERT, new IncidentResolved(ID, "user:bob", IncidentResolved.MANUAL, T0)),
                new AttachAlert(ID, signal("sig-2", "fp-2", "firing")),
                Outcome.CONFLICT);
    }

    @Test
    void numbersEveryEventOfTheStream() {
        Incident state = given(OPENED, FIRST_ALERT, new IncidentAcknowledged(ID, "user:bob", T0));

        assertThat(state.sequence()).isEqualTo(3);
        assertThat(state.status()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(state.alertCount()).isEqualTo(1);
    }

    private static Incident given(IncidentEvent... history) {
        Incident state = null;
        for (IncidentEvent event : history) {
            state = IncidentDecider.evolve(state, event);
        }
        return state;
    }

    private static void then(Incident state, IncidentCommand command, List<IncidentEvent> expected) {
        Decision decision = IncidentDecider.decide(BY_ALICE, command, state);
        assertThat(decision).isInstanceOf(Accepted.class);
        assertThat(((Accepted) decision).events()).isEqualTo(expected);
    }

    private static void rejected(Incident state, IncidentCommand command, Outcome outcome) {
        Decision decision = IncidentDecider.decide(BY_ALICE, command, state);
        assertThat(decision).isInstanceOf(Rejected.class);
        assertThat(((Rejected) decision).outcome()).isEqualTo(outcome);
    }

    private static IncidentEvent withTime(IncidentEvent event, Instant time) {
        return switch (event) {
            case IncidentOpened o ->
                new IncidentOpened(
                        o.incidentId(),
                        o.title(),
                        o.product(),
                        o.service(),
                        o.severity(),
                        o.dedupKey(),
                        o.source(),
                        o.firstSignalId(),
                        time,
                        o.recurrenceOf(),
                        o.signalClass(),
                        o.links(),
                        o.summary());
            case AlertAttached a -> new AlertAttached(a.incidentId(), a.signalId(), a.fingerprint(), a.title(), time);
            default -> event;
        };
    }
}
