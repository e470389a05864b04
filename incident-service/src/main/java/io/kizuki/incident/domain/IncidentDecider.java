package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.Decisions.allowed;

import java.util.function.Supplier;

import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Vocabulary;
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
import io.kizuki.ledger.command.EditPostmortem;
import io.kizuki.ledger.command.EscalateIncident;
import io.kizuki.ledger.command.FlagRecurrence;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.command.LinkChange;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.PublishPostmortem;
import io.kizuki.ledger.command.RecordAdoption;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.command.RecordWarning;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.command.ServiceCommand;
import io.kizuki.ledger.command.SetStatus;
import io.kizuki.ledger.command.UpdateActionItem;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.ActionItemUpdated;
import io.kizuki.ledger.event.AdoptionRecorded;
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
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.ledger.event.WarningRecorded;

/**
 * The incident decider: pure functions, no I/O. {@code null} state means the stream does not exist yet. It checks
 * what every command on an incident needs (the incident exists, the caller may see it, it is at the expected
 * sequence) and hands the decision to the part the command belongs to: {@link LifecycleDecider},
 * {@link PagingDecider}, {@link LearningDecider}. A service's stream is not an incident: {@link ServiceDecider}
 * decides its commands.
 * {@link #evolve} folds every event.
 */
public final class IncidentDecider {

    /** In a command's allowed products: every product. */
    public static final String ALL_PRODUCTS = "*";

    private IncidentDecider() {}

    public static Decision decide(CommandContext context, IncidentCommand command, Incident state) {
        if (command.incidentId().startsWith(ServiceCommand.STREAM_PREFIX)) {
            return notFound(command.incidentId());
        }
        return switch (command) {
            case OpenIncident open -> LifecycleDecider.open(open, state, context);
            case DeclareIncident declare -> LifecycleDecider.declare(declare, state, context);
            case RecordAdoption adoption ->
                state == null
                        ? notFound(command.incidentId())
                        : allowed(adoption, adoption.adoptingProduct())
                                ? LearningDecider.adopt(state, adoption, context)
                                : new Rejected(
                                        Outcome.FORBIDDEN,
                                        "the caller may not answer for product " + adoption.adoptingProduct());
            case AttachAlert attach ->
                onIncident(command, state, () -> LifecycleDecider.attach(state, attach.signal(), context));
            case RecordWarning warning ->
                onIncident(command, state, () -> LifecycleDecider.recordWarning(state, warning, context));
            case AcknowledgeIncident ack ->
                onIncident(command, state, () -> LifecycleDecider.acknowledge(state, context));
            case ResolveIncident resolve ->
                onIncident(command, state, () -> LifecycleDecider.resolve(state, resolve, context));
            case SetStatus set -> onIncident(command, state, () -> LifecycleDecider.setStatus(state, set, context));
            case AssignRole assign ->
                onIncident(command, state, () -> LifecycleDecider.assignRole(state, assign, context));
            case ChangeSeverity change ->
                onIncident(command, state, () -> LifecycleDecider.changeSeverity(state, change, context));
            case AddTimelineEntry entry ->
                onIncident(command, state, () -> LifecycleDecider.addTimelineEntry(state, entry, context));
            case LinkChange link -> onIncident(command, state, () -> LifecycleDecider.linkChange(state, link, context));
            case ReopenIncident reopen ->
                onIncident(command, state, () -> LifecycleDecider.reopen(state, reopen, context));
            case AddActionItem add ->
                onIncident(command, state, () -> LifecycleDecider.addActionItem(state, add, context));
            case CompleteActionItem complete ->
                onIncident(command, state, () -> LifecycleDecider.completeActionItem(state, complete, context));
            case UpdateActionItem update ->
                onIncident(command, state, () -> LifecycleDecider.updateActionItem(state, update, context));
            case CloseIncident close -> onIncident(command, state, () -> LifecycleDecider.close(state, context));
            case RecordPage page -> onIncident(command, state, () -> PagingDecider.recordPage(state, page, context));
            case EscalateIncident escalate ->
                onIncident(command, state, () -> PagingDecider.escalate(state, escalate, context));
            case RecordDelivery delivery ->
                onIncident(command, state, () -> PagingDecider.recordDelivery(state, delivery, context));
            case EditPostmortem edit ->
                onIncident(command, state, () -> LearningDecider.editPostmortem(state, edit, context));
            case PublishPostmortem publish -> onIncident(command, state, () -> LearningDecider.publish(state, context));
            case FlagRecurrence flag ->
                onIncident(command, state, () -> LearningDecider.flagRecurrence(state, flag, context));
        };
    }

    /**
     * A command on an incident that exists, that the caller may see, and that is still at the sequence the caller
     * expects: then the decision; otherwise the refusal.
     */
    private static Decision onIncident(IncidentCommand command, Incident state, Supplier<Decision> decision) {
        if (state == null || !visibleTo(command, state)) {
            return notFound(command.incidentId());
        }
        if (command.expectedSequence() != null && !state.unchangedSince(command.expectedSequence())) {
            return new Rejected(
                    Outcome.PRECONDITION_FAILED,
                    "incident is at sequence " + state.sequence() + ", not " + command.expectedSequence());
        }
        return decision.get();
    }

    public static Incident evolve(Incident state, IncidentEvent event) {
        long sequence = state == null ? 1 : state.sequence() + 1;
        return switch (event) {
            case IncidentOpened o ->
                new Incident(
                        o.incidentId(),
                        IncidentStatus.TRIGGERED,
                        o.title(),
                        o.product(),
                        o.service(),
                        o.severity(),
                        o.dedupKey(),
                        0,
                        sequence,
                        null,
                        null,
                        null,
                        1,
                        sequence,
                        null);
            case AlertAttached a -> state.withAlert().next(sequence);
            case PostmortemEdited e ->
                state.withLearning(
                                Vocabulary.CONTRIBUTING_FACTORS.equals(e.section())
                                        ? state.learning()
                                                .withFactors(e.factors())
                                                .withPerson(e.editedBy())
                                        : state.learning()
                                                .withSection(e.section(), e.text())
                                                .withPerson(e.editedBy()))
                        .next(sequence);
            case PostmortemPublished p ->
                state.withLearning(state.learning().asPublished()).next(sequence);
            case AdoptionRecorded a ->
                state.withLearning(state.learning()
                                .withAdoption(
                                        a.actionItemId(),
                                        a.adoptingProduct(),
                                        a.status() + "|" + (a.note() == null ? "" : a.note())))
                        .recorded(sequence);
            case RecurrenceFlagged r ->
                state.withLearning(state.learning().withRecurrence(r.otherIncidentId(), r.relation()))
                        .recorded(sequence);
            case WarningRecorded w -> state.next(sequence);
            case IncidentAcknowledged a ->
                state.withStatus(IncidentStatus.ACKNOWLEDGED)
                        .withLearning(state.learning().withPerson(a.acknowledgedBy()))
                        .next(sequence);
            case IncidentResolved r ->
                state.withStatus(IncidentStatus.RESOLVED)
                        .withLearning(state.learning().withPerson(r.resolvedBy()))
                        .next(sequence);
            case StatusChanged s ->
                state.withStatus(s.to())
                        .withLearning(state.learning().withPerson(s.changedBy()))
                        .next(sequence);
            case RoleAssigned r ->
                state.withRole(r.role(), r.assignee())
                        .withLearning(state.learning().withPerson(r.assignee()).withPerson(r.assignedBy()))
                        .next(sequence);
            case SeverityChanged s -> state.withSeverity(s.to()).next(sequence);
            case TimelineEntryAdded t ->
                state.withLearning(state.learning().withPerson(t.addedBy())).next(sequence);
            case ChangeLinked c -> state.withChange(c.changeId()).next(sequence);
            case IncidentReopened r ->
                state.withStatus(IncidentStatus.TRIGGERED).atLevel(1).next(sequence);
            case IncidentEscalated e -> state.atLevel(e.toLevel()).recorded(sequence);
            case NotificationDelivered d -> state.recorded(sequence);
            case NotificationFailed f -> state.recorded(sequence);
            case ActionItemAdded a ->
                state.withActionItem(
                                a.actionItemId(),
                                new Incident.ActionItem(a.kind(), false, a.title(), a.owner(), a.dueDate()))
                        .withLearning(state.learning().withPerson(a.owner()))
                        .next(sequence);
            case ActionItemCompleted c ->
                state.withActionItem(
                                c.actionItemId(),
                                state.actionItems().get(c.actionItemId()).asDone())
                        .next(sequence);
            case ActionItemUpdated u ->
                state.withActionItem(
                                u.actionItemId(),
                                state.actionItems().get(u.actionItemId()).updated(u.owner(), u.dueDate()))
                        .withLearning(state.learning().withPerson(u.owner()))
                        .next(sequence);
            case IncidentClosed c -> state.withStatus(IncidentStatus.CLOSED).next(sequence);
            case ResponderPaged p ->
                state.withLearning(state.learning().withPerson(p.person())).recorded(sequence);
        };
    }

    /**
     * Whether the command's caller may see the incident at all. Another product's incident answers exactly as a
     * missing one ({@link #notFound}), so that no answer tells its id exists; adoptions are the one command for
     * another product's (published) incident.
     */
    public static boolean visibleTo(IncidentCommand command, Incident state) {
        return command instanceof RecordAdoption || allowed(command, state.product());
    }

    /** The answer for an incident that does not exist, or that the caller may not see. */
    public static Rejected notFound(String incidentId) {
        return new Rejected(Outcome.NOT_FOUND, "no incident " + incidentId);
    }
}
