package io.kizuki.incident.domain;

import static io.kizuki.incident.domain.Decisions.accept;
import static io.kizuki.incident.domain.Decisions.allowed;
import static io.kizuki.incident.domain.Decisions.conflict;
import static io.kizuki.incident.domain.Decisions.forbidden;
import static io.kizuki.incident.domain.Decisions.word;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.ledger.Guards;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.command.AddActionItem;
import io.kizuki.ledger.command.AddTimelineEntry;
import io.kizuki.ledger.command.AssignRole;
import io.kizuki.ledger.command.ChangeSeverity;
import io.kizuki.ledger.command.CompleteActionItem;
import io.kizuki.ledger.command.DeclareIncident;
import io.kizuki.ledger.command.LinkChange;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.command.RecordWarning;
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
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.ledger.event.WarningRecorded;

/**
 * The lifecycle of an incident: triggered → acknowledged → investigating / identified / monitoring → resolved →
 * closed; a resolved incident can be reopened. Severity comes from the first signal and is raised, never lowered, by
 * later alerts; a responder may set it either way, with a reason. A SEV1 or SEV2 incident closes only once its
 * postmortem is published and it has a prevention action item. Pure: no I/O.
 */
final class LifecycleDecider {

    private LifecycleDecider() {}

    /** Opens the incident detection asked for: opened, and its first alert attached. */
    static Decision open(OpenIncident open, Incident state, CommandContext context) {
        return state == null ? new Accepted(opening(open, context)) : conflict("incident already exists");
    }

    /** A responder declares an incident no alert raised. */
    static Decision declare(DeclareIncident declare, Incident state, CommandContext context) {
        if (!allowed(declare, declare.product())) {
            return forbidden(declare.product());
        }
        return state == null ? new Accepted(declaration(declare, context)) : conflict("incident already exists");
    }

    static Decision recordWarning(Incident state, RecordWarning warning, CommandContext context) {
        return accept(new WarningRecorded(state.id(), warning.warning(), warning.signalId(), context.time()));
    }

    static Decision acknowledge(Incident state, CommandContext context) {
        return switch (state.status()) {
            case TRIGGERED -> accept(new IncidentAcknowledged(state.id(), context.actor(), context.time()));
            case RESOLVED, CLOSED -> conflict("incident is " + word(state.status()));
            default -> conflict("incident is already acknowledged");
        };
    }

    static Decision resolve(Incident state, ResolveIncident resolve, CommandContext context) {
        return state.status().open()
                ? accept(new IncidentResolved(
                        state.id(),
                        context.actor(),
                        resolve.resolution() == null ? IncidentResolved.MANUAL : resolve.resolution(),
                        context.time()))
                : conflict("incident is already " + word(state.status()));
    }

    static Decision assignRole(Incident state, AssignRole assign, CommandContext context) {
        if (state.status() == IncidentStatus.CLOSED) {
            return conflict("incident is closed");
        }
        return assign.assignee().equals(state.roles().get(assign.role()))
                ? new Accepted(List.of())
                : accept(new RoleAssigned(
                        state.id(), assign.role(), assign.assignee(), context.actor(), context.time()));
    }

    static Decision changeSeverity(Incident state, ChangeSeverity change, CommandContext context) {
        if (state.status() == IncidentStatus.CLOSED) {
            return conflict("incident is closed");
        }
        return change.severity() == state.severity()
                ? conflict("incident is already " + change.severity())
                : accept(new SeverityChanged(
                        state.id(),
                        state.severity(),
                        change.severity(),
                        change.reason(),
                        context.actor(),
                        context.time()));
    }

    static Decision addTimelineEntry(Incident state, AddTimelineEntry entry, CommandContext context) {
        return accept(new TimelineEntryAdded(
                state.id(),
                entry.entryId(),
                entry.kind(),
                entry.action(),
                entry.text(),
                entry.occurredAt() == null ? context.time() : entry.occurredAt(),
                context.actor(),
                context.time()));
    }

    static Decision linkChange(Incident state, LinkChange link, CommandContext context) {
        if (state.status() == IncidentStatus.CLOSED) {
            return conflict("incident is closed");
        }
        return state.linkedChanges().contains(link.changeId())
                ? conflict("change " + link.changeId() + " is already linked")
                : accept(new ChangeLinked(
                        state.id(), link.changeId(), link.service(), link.summary(), context.actor(), context.time()));
    }

    static Decision reopen(Incident state, ReopenIncident reopen, CommandContext context) {
        return state.status() == IncidentStatus.RESOLVED
                ? accept(new IncidentReopened(state.id(), reopen.reason(), context.actor(), context.time()))
                : conflict(
                        state.status() == IncidentStatus.CLOSED
                                ? "a closed incident cannot be reopened"
                                : "only a resolved incident can be reopened");
    }

    static Decision addActionItem(Incident state, AddActionItem add, CommandContext context) {
        return state.actionItems().containsKey(add.actionItemId())
                ? conflict("action item " + add.actionItemId() + " already exists")
                : accept(new ActionItemAdded(
                        state.id(),
                        add.actionItemId(),
                        add.title(),
                        add.kind(),
                        add.owner(),
                        add.dueDate(),
                        context.actor(),
                        context.time()));
    }

    static Decision completeActionItem(Incident state, CompleteActionItem complete, CommandContext context) {
        Incident.ActionItem item = state.actionItems().get(complete.actionItemId());
        if (item == null) {
            return conflict("incident has no action item " + complete.actionItemId());
        }
        return item.done()
                ? conflict("action item " + complete.actionItemId() + " is already done")
                : accept(new ActionItemCompleted(state.id(), complete.actionItemId(), context.actor(), context.time()));
    }

    /**
     * Another owner, another due date, or both, for an action item that is not done; what is not given stays. Nothing
     * is recorded when nothing changes.
     */
    static Decision updateActionItem(Incident state, UpdateActionItem update, CommandContext context) {
        Incident.ActionItem item = state.actionItems().get(update.actionItemId());
        if (item == null) {
            return conflict("incident has no action item " + update.actionItemId());
        }
        if (item.done()) {
            return conflict("action item " + update.actionItemId() + " is already done");
        }
        String owner = update.owner() == null ? item.owner() : update.owner();
        LocalDate dueDate = update.dueDate() == null ? item.dueDate() : update.dueDate();
        if (Objects.equals(owner, item.owner()) && Objects.equals(dueDate, item.dueDate())) {
            return new Accepted(List.of());
        }
        return accept(new ActionItemUpdated(
                state.id(), update.actionItemId(), owner, dueDate, context.actor(), context.time()));
    }

    static Decision attach(Incident state, SignalReceived signal, CommandContext context) {
        if (!state.status().open()) {
            return conflict("incident is " + word(state.status()));
        }
        AlertAttached attached = attached(state.id(), signal, context);
        if (signal.severity() != null && signal.severity().compareTo(state.severity()) < 0) {
            return new Accepted(List.of(
                    attached,
                    new SeverityChanged(
                            state.id(),
                            state.severity(),
                            signal.severity(),
                            "raised by alert " + signal.fingerprint() + ": " + signal.title(),
                            context.actor(),
                            context.time())));
        }
        return new Accepted(List.of(attached));
    }

    static Decision setStatus(Incident state, SetStatus set, CommandContext context) {
        if (!IncidentStatus.WORKING.contains(set.status())) {
            return conflict("status " + set.status() + " is not set by hand; acknowledge, resolve or close instead");
        }
        if (!state.status().open()) {
            return conflict("incident is " + word(state.status()));
        }
        if (state.status() == set.status()) {
            return conflict("incident is already " + word(set.status()));
        }
        StatusChanged changed = new StatusChanged(
                state.id(),
                state.status() == IncidentStatus.TRIGGERED ? IncidentStatus.ACKNOWLEDGED : state.status(),
                set.status(),
                set.note(),
                context.actor(),
                context.time());
        return state.status() == IncidentStatus.TRIGGERED
                ? new Accepted(List.of(new IncidentAcknowledged(state.id(), context.actor(), context.time()), changed))
                : new Accepted(List.of(changed));
    }

    static Decision close(Incident state, CommandContext context) {
        String refusal = Guards.closeRefusal(
                state.status(),
                state.severity(),
                state.learning().published(),
                state.actionItems().values().stream()
                        .map(Incident.ActionItem::kind)
                        .toList());
        return refusal != null
                ? conflict(refusal)
                : accept(new IncidentClosed(state.id(), context.actor(), context.time()));
    }

    private static List<IncidentEvent> opening(OpenIncident open, CommandContext context) {
        SignalReceived signal = open.signal();
        return List.of(
                new IncidentOpened(
                        open.incidentId(),
                        signal.title(),
                        signal.product(),
                        signal.service(),
                        signal.severity(),
                        signal.dedupKey(),
                        signal.source(),
                        signal.signalId(),
                        context.time(),
                        open.recurrenceOf(),
                        signal.signalClass(),
                        signal.links(),
                        null),
                attached(open.incidentId(), signal, context));
    }

    private static List<IncidentEvent> declaration(DeclareIncident declare, CommandContext context) {
        var opened = new IncidentOpened(
                declare.incidentId(),
                declare.title(),
                declare.product(),
                declare.service(),
                declare.severity(),
                null,
                IncidentOpened.MANUAL,
                null,
                context.time(),
                null,
                null,
                List.of(),
                declare.summary());
        if (declare.commander() == null) {
            return List.of(opened);
        }
        return List.of(
                opened,
                new RoleAssigned(
                        declare.incidentId(), "commander", declare.commander(), context.actor(), context.time()));
    }

    private static AlertAttached attached(String incidentId, SignalReceived signal, CommandContext context) {
        return new AlertAttached(incidentId, signal.signalId(), signal.fingerprint(), signal.title(), context.time());
    }
}
