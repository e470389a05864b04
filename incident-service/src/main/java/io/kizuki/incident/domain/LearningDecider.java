package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.Decisions.accept;
import static io.kizuki.incident.domain.Decisions.conflict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.Guards;
import io.kizuki.ledger.Vocabulary;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.EditPostmortem;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.command.RecordAdoption;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.SharedAction;

/**
 * The learning loop: the postmortem written section by section and published, other products' adoption of its
 * prevention actions, and recurrences. Pure: no I/O.
 */
final class LearningDecider {

    private LearningDecider() {}

    /** Flags a recurrence once per other incident and relation. */
    static Decision flagRecurrence(Incident state, FlagRecurrence flag, CommandContext context) {
        return state.learning().recurrences().contains(flag.otherIncidentId() + "/" + flag.relation())
                ? new Accepted(List.of())
                : accept(new RecurrenceFlagged(
                        state.id(),
                        state.product(),
                        flag.otherIncidentId(),
                        flag.relation(),
                        flag.matchedBy(),
                        context.actor(),
                        context.time()));
    }

    static Decision editPostmortem(Incident state, EditPostmortem edit, CommandContext context) {
        Learning learning = state.learning();
        if (learning.published()) {
            return conflict("the postmortem is published; it no longer changes");
        }
        boolean factors = Vocabulary.CONTRIBUTING_FACTORS.equals(edit.section());
        List<ContributingFactor> newFactors = factors && edit.factors() != null ? edit.factors() : List.of();
        String text = factors || edit.text() == null || edit.text().isBlank() ? null : edit.text();
        if (factors
                ? newFactors.equals(learning.factors())
                : Objects.equals(text, learning.sections().get(edit.section()))) {
            return new Accepted(List.of());
        }
        List<String> warnings = new ArrayList<>(Blameless.check(text, learning.people()));
        for (ContributingFactor factor : newFactors) {
            Blameless.check(factor.text(), learning.people()).stream()
                    .filter(w -> !warnings.contains(w))
                    .forEach(warnings::add);
        }
        return accept(new PostmortemEdited(
                state.id(),
                state.product(),
                edit.section(),
                text,
                newFactors,
                warnings,
                context.actor(),
                context.time()));
    }

    /** Publishes what is written, if enough is: the incident is over, and it says why it happened and what it
     * taught. */
    static Decision publish(Incident state, CommandContext context) {
        Learning learning = state.learning();
        String refusal = Guards.publishRefusal(
                state.status(),
                learning.published(),
                !learning.factors().isEmpty(),
                learning.sections().get("lessons") != null);
        if (refusal != null) {
            return conflict(refusal);
        }
        List<SharedAction> prevention = state.actionItems().entrySet().stream()
                .filter(item -> Vocabulary.PREVENTION.equals(item.getValue().kind()))
                .sorted(Map.Entry.comparingByKey())
                .map(item -> new SharedAction(
                        item.getKey(),
                        item.getValue().title(),
                        item.getValue().owner(),
                        item.getValue().dueDate(),
                        item.getValue().done()))
                .toList();
        return accept(new PostmortemPublished(
                state.id(),
                state.product(),
                state.service(),
                state.title(),
                state.severity(),
                learning.sections().get("summary"),
                learning.sections().get("lessons"),
                learning.factors(),
                prevention,
                context.actor(),
                context.time()));
    }

    /**
     * Another product's answer to a shared prevention action. What is not shared (no published postmortem, not a
     * prevention action) is not found, so that nothing unpublished shows through to other products.
     */
    static Decision adopt(Incident state, RecordAdoption adoption, CommandContext context) {
        Incident.ActionItem item = state.actionItems().get(adoption.actionItemId());
        if (!state.learning().published() || item == null || !Vocabulary.PREVENTION.equals(item.kind())) {
            return new Rejected(
                    Outcome.NOT_FOUND,
                    "no shared prevention action " + adoption.actionItemId() + " on incident " + state.id());
        }
        if (adoption.adoptingProduct().equals(state.product())) {
            return conflict("product " + state.product() + " shared this action; adoption is recorded by the other "
                    + "products");
        }
        String answer = adoption.status() + "|" + (adoption.note() == null ? "" : adoption.note());
        if (answer.equals(
                state.learning().adoptions().get(adoption.actionItemId() + "/" + adoption.adoptingProduct()))) {
            return new Accepted(List.of());
        }
        return accept(new AdoptionRecorded(
                state.id(),
                state.product(),
                adoption.actionItemId(),
                adoption.adoptingProduct(),
                adoption.status(),
                adoption.note(),
                context.actor(),
                context.time()));
    }
}
