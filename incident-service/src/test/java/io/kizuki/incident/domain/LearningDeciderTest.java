package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.IncidentDeciderTest.FIRST_ALERT;
import static io.kizuki.incident.domain.IncidentDeciderTest.ID;
import static io.kizuki.incident.domain.IncidentDeciderTest.OPENED;
import static io.kizuki.incident.domain.IncidentDeciderTest.SHOP;
import static io.kizuki.incident.domain.IncidentDeciderTest.T0;
import static io.kizuki.incident.domain.IncidentDeciderTest.T1;
import static io.kizuki.incident.domain.LifecycleDeciderTest.PREVENTION;
import static io.kizuki.incident.domain.LifecycleDeciderTest.RESOLVED;
import static io.kizuki.incident.domain.LifecycleDeciderTest.decide;
import static io.kizuki.incident.domain.LifecycleDeciderTest.refused;
import static io.kizuki.incident.domain.LifecycleDeciderTest.then;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.CloseIncident;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.EditPostmortem;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.command.PublishPostmortem;
import io.kizuki.ledger.command.RecordAdoption;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SharedAction;

/** The learning loop: postmortem, publication, the close guard, adoption, recurrence. Given / when / then. */
class LearningDeciderTest {

    static final ContributingFactor UNTESTED =
            new ContributingFactor("missing-non-functional-verification", "the pool size change was never load-tested");
    static final IncidentEvent FACTORS = new PostmortemEdited(
            ID, "shop", "contributing-factors", null, List.of(UNTESTED), List.of(), "user:bob", T0);
    static final IncidentEvent LESSONS =
            new PostmortemEdited(ID, "shop", "lessons", "Pool sizes get load tests", null, List.of(), "user:bob", T0);
    static final IncidentEvent PUBLISHED = new PostmortemPublished(
            ID,
            "shop",
            "shop-db",
            "Disk full",
            Severity.SEV2,
            null,
            "Pool sizes get load tests",
            List.of(UNTESTED),
            List.of(),
            "user:bob",
            T0);
    static final List<String> PAYMENTS = List.of("payments");

    @Test
    void writesASectionAndAcceptsTheSameTextAgainWithoutAnEvent() {
        then(
                List.of(OPENED, FIRST_ALERT),
                new EditPostmortem(ID, "lessons", "Pool sizes get load tests", null, null, SHOP),
                new PostmortemEdited(
                        ID, "shop", "lessons", "Pool sizes get load tests", List.of(), List.of(), "user:alice", T1));
        then(
                List.of(OPENED, FIRST_ALERT, LESSONS),
                new EditPostmortem(ID, "lessons", "Pool sizes get load tests", null, null, SHOP));
    }

    @Test
    void warnsWhenTheTextNamesAPersonSeenOnTheIncidentOrBlamesButKeepsTheEdit() {
        var commander = new RoleAssigned(ID, "commander", "carol", "user:dave", T0);
        var edit = new EditPostmortem(
                ID, "went-badly", "Carol's rollback was slow; human error by dave", null, null, SHOP);

        Decision decision = decide(List.of(OPENED, FIRST_ALERT, commander), edit);

        assertThat(decision).isInstanceOfSatisfying(Accepted.class, accepted -> assertThat(accepted.events())
                .singleElement()
                .isInstanceOfSatisfying(PostmortemEdited.class, edited -> {
                    assertThat(edited.text()).isEqualTo(edit.text());
                    assertThat(edited.warnings())
                            .hasSize(3)
                            .anySatisfy(w -> assertThat(w).startsWith("names carol"))
                            .anySatisfy(w -> assertThat(w).startsWith("names dave"))
                            .anySatisfy(w -> assertThat(w).contains("\"human error\""));
                }));
    }

    @Test
    void doesNotWarnAboutAWordThatOnlyContainsAName() {
        var owner = new RoleAssigned(ID, "responder", "al", "user:al", T0);

        Decision decision = decide(
                List.of(OPENED, FIRST_ALERT, owner),
                new EditPostmortem(ID, "summary", "All alerts fired as designed", null, null, SHOP));

        assertThat(((Accepted) decision).events())
                .singleElement()
                .isInstanceOfSatisfying(PostmortemEdited.class, edited -> assertThat(edited.warnings())
                        .isEmpty());
    }

    @Test
    void refusesToPublishNamingWhatIsMissing() {
        refused(
                List.of(OPENED, FIRST_ALERT),
                new PublishPostmortem(ID, null, SHOP),
                Outcome.CONFLICT,
                "missing: a resolved incident (it is triggered), contributing factors, lessons");
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED, FACTORS),
                new PublishPostmortem(ID, null, SHOP),
                Outcome.CONFLICT,
                "missing: lessons");
    }

    @Test
    void publishesTheLessonsFactorsAndPreventionActionsAsTheyStand() {
        var detection = new ActionItemAdded(
                ID,
                "ai-2",
                "Alert on pool saturation",
                "detection",
                "bob",
                LocalDate.parse("2026-12-01"),
                "user:bob",
                T0);

        then(
                List.of(OPENED, FIRST_ALERT, RESOLVED, FACTORS, LESSONS, PREVENTION, detection),
                new PublishPostmortem(ID, null, SHOP),
                new PostmortemPublished(
                        ID,
                        "shop",
                        "shop-db",
                        "Disk full",
                        Severity.SEV2,
                        null,
                        "Pool sizes get load tests",
                        List.of(UNTESTED),
                        List.of(new SharedAction(
                                "ai-1", "Load-test the pool", "bob", LocalDate.parse("2026-12-01"), false)),
                        "user:alice",
                        T1));
    }

    @Test
    void aPublishedPostmortemNoLongerChanges() {
        List<IncidentEvent> published = List.of(OPENED, FIRST_ALERT, RESOLVED, FACTORS, LESSONS, PUBLISHED);

        refused(published, new EditPostmortem(ID, "lessons", "other", null, null, SHOP), Outcome.CONFLICT, "published");
        refused(published, new PublishPostmortem(ID, null, SHOP), Outcome.CONFLICT, "already published");
    }

    @Test
    void aSev2IncidentClosesOnlyWithAPublishedPostmortemAndAPreventionAction() {
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED),
                new CloseIncident(ID, null, SHOP),
                Outcome.CONFLICT,
                "missing: a published postmortem and a prevention action item.");
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION),
                new CloseIncident(ID, null, SHOP),
                Outcome.CONFLICT,
                "missing: a published postmortem.");
    }

    @Test
    void anotherProductRecordsItsAdoptionOfASharedPreventionAction() {
        List<IncidentEvent> shared = List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION, FACTORS, LESSONS, PUBLISHED);

        then(
                shared,
                new RecordAdoption(ID, "ai-1", "payments", "planned", "in Q1", PAYMENTS),
                new AdoptionRecorded(ID, "shop", "ai-1", "payments", "planned", "in Q1", "user:alice", T1));
        List<IncidentEvent> answered = new ArrayList<>(shared);
        answered.add(new AdoptionRecorded(ID, "shop", "ai-1", "payments", "planned", "in Q1", "user:alice", T0));
        then(answered, new RecordAdoption(ID, "ai-1", "payments", "planned", "in Q1", PAYMENTS));
        then(
                answered,
                new RecordAdoption(ID, "ai-1", "payments", "adopted", null, PAYMENTS),
                new AdoptionRecorded(ID, "shop", "ai-1", "payments", "adopted", null, "user:alice", T1));
    }

    @Test
    void aTeamAnswersOnlyForItsOwnProductAndOnlyForWhatWasShared() {
        List<IncidentEvent> shared = List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION, FACTORS, LESSONS, PUBLISHED);

        refused(
                shared,
                new RecordAdoption(ID, "ai-1", "billing", "adopted", null, PAYMENTS),
                Outcome.FORBIDDEN,
                "product billing");
        refused(
                shared,
                new RecordAdoption(ID, "ai-1", "shop", "adopted", null, SHOP),
                Outcome.CONFLICT,
                "shared this action");
        refused(
                shared,
                new RecordAdoption(ID, "ai-9", "payments", "adopted", null, PAYMENTS),
                Outcome.NOT_FOUND,
                "ai-9");
        refused(
                List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION),
                new RecordAdoption(ID, "ai-1", "payments", "adopted", null, PAYMENTS),
                Outcome.NOT_FOUND,
                "no shared prevention action");
    }

    @Test
    void flagsARecurrenceOnceAndItDoesNotStaleAResponderView() {
        var flag = new FlagRecurrence(ID, "inc-0", RecurrenceFlagged.RECURRENCE_OF, RecurrenceFlagged.SAME_DEDUP_KEY);
        var flagged = new RecurrenceFlagged(
                ID,
                "shop",
                "inc-0",
                RecurrenceFlagged.RECURRENCE_OF,
                RecurrenceFlagged.SAME_DEDUP_KEY,
                "user:alice",
                T1);

        then(List.of(OPENED, FIRST_ALERT), flag, flagged);
        then(List.of(OPENED, FIRST_ALERT, flagged), flag);
        then(
                List.of(OPENED, FIRST_ALERT, flagged),
                new AcknowledgeIncident(ID, 2L, SHOP),
                new IncidentAcknowledged(ID, "user:alice", T1));
    }

    @Test
    void publishesADoneActionAsDone() {
        var done = new ActionItemCompleted(ID, "ai-1", "user:bob", T0);

        Decision decision = decide(
                List.of(OPENED, FIRST_ALERT, RESOLVED, PREVENTION, done, FACTORS, LESSONS),
                new PublishPostmortem(ID, null, SHOP));

        assertThat(((Accepted) decision).events())
                .singleElement()
                .isInstanceOfSatisfying(
                        PostmortemPublished.class, published -> assertThat(published.preventionActions())
                                .extracting(SharedAction::done)
                                .containsExactly(true));
    }
}
