package io.kizuki.incident.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.kizuki.incident.domain.Decision.Accepted;
import io.kizuki.incident.domain.Decision.Rejected;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
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
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.command.RecordPage;
import io.kizuki.ledger.command.RecordWarning;
import io.kizuki.ledger.command.ReopenIncident;
import io.kizuki.ledger.command.ResolveIncident;
import io.kizuki.ledger.command.SetStatus;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.ChangeLinked;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.ContributingFactor;
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
import io.kizuki.ledger.event.SharedAction;
import io.kizuki.ledger.event.SignalReceived;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;
import io.kizuki.ledger.event.WarningRecorded;

/**
 * The incident decider: pure functions, no I/O. {@code null} state means the stream does not exist yet.
 * <p>
 * Lifecycle: triggered → acknowledged → investigating / identified / monitoring → resolved → closed; a resolved
 * incident can be reopened. Severity comes from the first signal and is raised, never lowered, by later alerts; a
 * responder may set it either way, with a reason. A SEV1 or SEV2 incident closes only once it has a prevention action
 * item. An unacknowledged incident escalates level by level (notify-service asks when a level's timeout passes).
 */
public final class IncidentDecider {

    /** In a command's allowed products: every product. */
    public static final String ALL_PRODUCTS = "*";

    private IncidentDecider() {
    }

    public static Decision decide(CommandContext context, IncidentCommand command, Incident state) {
        if (command instanceof OpenIncident open) {
            return state == null ? new Accepted(opening(open, context)) : conflict("incident already exists");
        }
        if (command instanceof DeclareIncident declare) {
            if (!allowed(declare, declare.product())) {
                return forbidden(declare.product());
            }
            return state == null ? new Accepted(declaration(declare, context)) : conflict("incident already exists");
        }
        if (command instanceof RecordChange change) {
            return recordChange(change, context);
        }
        if (state == null || state.status() == null) {
            return notFound(command.incidentId());
        }
        if (command instanceof RecordAdoption adoption) {
            return allowed(adoption, adoption.adoptingProduct()) ? adopt(state, adoption, context)
                    : new Rejected(Outcome.FORBIDDEN, "the caller may not answer for product "
                            + adoption.adoptingProduct());
        }
        if (!visibleTo(command, state)) {
            return notFound(command.incidentId());
        }
        if (command.expectedSequence() != null && !state.unchangedSince(command.expectedSequence())) {
            return new Rejected(Outcome.PRECONDITION_FAILED, "incident is at sequence " + state.sequence()
                    + ", not " + command.expectedSequence());
        }
        String actor = context.actor();
        return switch (command) {
            case AttachAlert attach -> attach(state, attach.signal(), context);
            case RecordWarning warning -> accept(new WarningRecorded(state.id(), warning.warning(),
                    warning.signalId(), context.time()));
            case AcknowledgeIncident ack -> switch (state.status()) {
                case TRIGGERED -> accept(new IncidentAcknowledged(state.id(), actor, context.time()));
                case RESOLVED, CLOSED -> conflict("incident is " + word(state.status()));
                default -> conflict("incident is already acknowledged");
            };
            case ResolveIncident resolve -> state.status().open()
                    ? accept(new IncidentResolved(state.id(), actor,
                            resolve.resolution() == null ? IncidentResolved.MANUAL : resolve.resolution(),
                            context.time()))
                    : conflict("incident is already " + word(state.status()));
            case SetStatus set -> setStatus(state, set, context);
            case AssignRole assign -> {
                if (state.status() == IncidentStatus.CLOSED) {
                    yield conflict("incident is closed");
                }
                yield assign.assignee().equals(state.roles().get(assign.role())) ? new Accepted(List.of())
                        : accept(new RoleAssigned(state.id(), assign.role(), assign.assignee(), actor,
                                context.time()));
            }
            case ChangeSeverity change -> {
                if (state.status() == IncidentStatus.CLOSED) {
                    yield conflict("incident is closed");
                }
                yield change.severity() == state.severity() ? conflict("incident is already " + change.severity())
                        : accept(new SeverityChanged(state.id(), state.severity(), change.severity(), change.reason(),
                                actor, context.time()));
            }
            case AddTimelineEntry entry -> accept(new TimelineEntryAdded(state.id(), entry.entryId(), entry.kind(),
                    entry.action(), entry.text(), entry.occurredAt() == null ? context.time() : entry.occurredAt(),
                    actor, context.time()));
            case LinkChange link -> {
                if (state.status() == IncidentStatus.CLOSED) {
                    yield conflict("incident is closed");
                }
                yield state.linkedChanges().contains(link.changeId())
                        ? conflict("change " + link.changeId() + " is already linked")
                        : accept(new ChangeLinked(state.id(), link.changeId(), link.service(), link.summary(), actor,
                                context.time()));
            }
            case ReopenIncident reopen -> state.status() == IncidentStatus.RESOLVED
                    ? accept(new IncidentReopened(state.id(), reopen.reason(), actor, context.time()))
                    : conflict(state.status() == IncidentStatus.CLOSED ? "a closed incident cannot be reopened"
                            : "only a resolved incident can be reopened");
            case AddActionItem add -> state.actionItems().containsKey(add.actionItemId())
                    ? conflict("action item " + add.actionItemId() + " already exists")
                    : accept(new ActionItemAdded(state.id(), add.actionItemId(), add.title(), add.kind(), add.owner(),
                            add.dueDate(), actor, context.time()));
            case CompleteActionItem complete -> {
                Incident.ActionItem item = state.actionItems().get(complete.actionItemId());
                if (item == null) {
                    yield conflict("incident has no action item " + complete.actionItemId());
                }
                yield item.done() ? conflict("action item " + complete.actionItemId() + " is already done")
                        : accept(new ActionItemCompleted(state.id(), complete.actionItemId(), actor, context.time()));
            }
            case CloseIncident close -> close(state, context);
            case RecordPage page -> accept(new ResponderPaged(state.id(), state.product(), page.pageId(), page.person(),
                    page.timeZone(), page.channel(), page.level(), actor,
                    page.pagedAt() == null ? context.time() : page.pagedAt()));
            case EscalateIncident escalate -> escalate(state, escalate, context);
            case RecordDelivery delivery -> accept(delivery.delivered()
                    ? new NotificationDelivered(state.id(), state.product(), delivery.notificationId(),
                            delivery.channel(), delivery.recipient(), delivery.purpose(), delivery.level(),
                            delivery.attempts(), actor, delivery.at() == null ? context.time() : delivery.at())
                    : new NotificationFailed(state.id(), state.product(), delivery.notificationId(),
                            delivery.channel(), delivery.recipient(), delivery.purpose(), delivery.level(),
                            delivery.attempts(), delivery.reason(), delivery.retrying(), actor,
                            delivery.at() == null ? context.time() : delivery.at()));
            case EditPostmortem edit -> editPostmortem(state, edit, context);
            case PublishPostmortem publish -> publish(state, context);
            case FlagRecurrence flag -> state.learning().recurrences().contains(flag.otherIncidentId() + "/"
                    + flag.relation()) ? new Accepted(List.of())
                    : accept(new RecurrenceFlagged(state.id(), state.product(), flag.otherIncidentId(),
                            flag.relation(), flag.matchedBy(), actor, context.time()));
            case RecordAdoption adoption -> throw new IllegalStateException("handled above");
            case OpenIncident open -> throw new IllegalStateException("handled above");
            case DeclareIncident declare -> throw new IllegalStateException("handled above");
            case RecordChange change -> throw new IllegalStateException("handled above");
        };
    }

    public static Incident evolve(Incident state, IncidentEvent event) {
        long sequence = state == null ? 1 : state.sequence() + 1;
        return switch (event) {
            case IncidentOpened o -> new Incident(o.incidentId(), IncidentStatus.TRIGGERED, o.title(), o.product(),
                    o.service(), o.severity(), o.dedupKey(), 0, sequence, null, null, null, 1, sequence, null);
            case AlertAttached a -> state.withAlert().next(sequence);
            case PostmortemEdited e -> state.withLearning(Vocabulary.CONTRIBUTING_FACTORS.equals(e.section())
                    ? state.learning().withFactors(e.factors()).withPerson(e.editedBy())
                    : state.learning().withSection(e.section(), e.text()).withPerson(e.editedBy())).next(sequence);
            case PostmortemPublished p -> state.withLearning(state.learning().asPublished()).next(sequence);
            case AdoptionRecorded a -> state.withLearning(state.learning().withAdoption(a.actionItemId(),
                    a.adoptingProduct(), a.status() + "|" + (a.note() == null ? "" : a.note()))).recorded(sequence);
            case RecurrenceFlagged r -> state.withLearning(state.learning().withRecurrence(r.otherIncidentId(),
                    r.relation())).recorded(sequence);
            case WarningRecorded w -> state.next(sequence);
            case IncidentAcknowledged a -> state.withStatus(IncidentStatus.ACKNOWLEDGED)
                    .withLearning(state.learning().withPerson(a.acknowledgedBy())).next(sequence);
            case IncidentResolved r -> state.withStatus(IncidentStatus.RESOLVED)
                    .withLearning(state.learning().withPerson(r.resolvedBy())).next(sequence);
            case StatusChanged s -> state.withStatus(s.to())
                    .withLearning(state.learning().withPerson(s.changedBy())).next(sequence);
            case RoleAssigned r -> state.withRole(r.role(), r.assignee())
                    .withLearning(state.learning().withPerson(r.assignee()).withPerson(r.assignedBy())).next(sequence);
            case SeverityChanged s -> state.withSeverity(s.to()).next(sequence);
            case TimelineEntryAdded t -> state.withLearning(state.learning().withPerson(t.addedBy())).next(sequence);
            case ChangeLinked c -> state.withChange(c.changeId()).next(sequence);
            case IncidentReopened r -> state.withStatus(IncidentStatus.TRIGGERED).atLevel(1).next(sequence);
            case IncidentEscalated e -> state.atLevel(e.toLevel()).recorded(sequence);
            case NotificationDelivered d -> state.recorded(sequence);
            case NotificationFailed f -> state.recorded(sequence);
            case ActionItemAdded a -> state.withActionItem(a.actionItemId(), new Incident.ActionItem(a.kind(), false,
                    a.title(), a.owner(), a.dueDate())).withLearning(state.learning().withPerson(a.owner()))
                    .next(sequence);
            case ActionItemCompleted c -> state.withActionItem(c.actionItemId(),
                    state.actionItems().get(c.actionItemId()).asDone()).next(sequence);
            case IncidentClosed c -> state.withStatus(IncidentStatus.CLOSED).next(sequence);
            case ResponderPaged p -> state.withLearning(state.learning().withPerson(p.person())).recorded(sequence);
            case ChangeRecorded c -> state == null ? Incident.serviceStream(c.incidentId()) : state.next(sequence);
        };
    }

    /** Changes go on the service's stream, whatever it holds; the stream is not an incident. */
    private static Decision recordChange(RecordChange change, CommandContext context) {
        if (!change.incidentId().startsWith(RecordChange.STREAM_PREFIX)) {
            return conflict("changes are recorded on service streams, not on incident " + change.incidentId());
        }
        if (!allowed(change, change.product())) {
            return forbidden(change.product());
        }
        return accept(new ChangeRecorded(change.incidentId(), change.changeId(), change.product(), change.service(),
                change.version(), change.kind(), change.summary(), change.links(), change.actor(),
                change.occurredAt() == null ? context.time() : change.occurredAt(), context.actor(), context.time()));
    }

    private static Decision attach(Incident state, SignalReceived signal, CommandContext context) {
        if (!state.status().open()) {
            return conflict("incident is " + word(state.status()));
        }
        AlertAttached attached = attached(state.id(), signal, context);
        if (signal.severity() != null && signal.severity().compareTo(state.severity()) < 0) {
            return new Accepted(List.of(attached, new SeverityChanged(state.id(), state.severity(), signal.severity(),
                    "raised by alert " + signal.fingerprint() + ": " + signal.title(), context.actor(),
                    context.time())));
        }
        return new Accepted(List.of(attached));
    }

    /** Escalates only what nobody acknowledged, from the level it is at: a second timer for a level is refused. */
    private static Decision escalate(Incident state, EscalateIncident escalate, CommandContext context) {
        if (state.status() != IncidentStatus.TRIGGERED) {
            return conflict("incident is " + word(state.status()) + "; only a triggered incident escalates");
        }
        if (state.level() != escalate.fromLevel()) {
            return conflict("incident is at escalation level " + state.level() + ", not " + escalate.fromLevel());
        }
        return accept(new IncidentEscalated(state.id(), state.product(), state.level(), state.level() + 1,
                escalate.policy(), context.actor(), context.time()));
    }

    private static Decision editPostmortem(Incident state, EditPostmortem edit, CommandContext context) {
        Learning learning = state.learning();
        if (learning.published()) {
            return conflict("the postmortem is published; it no longer changes");
        }
        boolean factors = Vocabulary.CONTRIBUTING_FACTORS.equals(edit.section());
        List<ContributingFactor> newFactors = factors && edit.factors() != null ? edit.factors() : List.of();
        String text = factors || edit.text() == null || edit.text().isBlank() ? null : edit.text();
        if (factors ? newFactors.equals(learning.factors())
                : Objects.equals(text, learning.sections().get(edit.section()))) {
            return new Accepted(List.of());
        }
        List<String> warnings = new ArrayList<>(Blameless.check(text, learning.people()));
        for (ContributingFactor factor : newFactors) {
            Blameless.check(factor.text(), learning.people()).stream().filter(w -> !warnings.contains(w))
                    .forEach(warnings::add);
        }
        return accept(new PostmortemEdited(state.id(), state.product(), edit.section(), text, newFactors, warnings,
                context.actor(), context.time()));
    }

    /** Publishes what is written, if enough is: the incident is over, and it says why it happened and what it taught. */
    private static Decision publish(Incident state, CommandContext context) {
        Learning learning = state.learning();
        if (learning.published()) {
            return conflict("the postmortem is already published");
        }
        List<String> missing = new ArrayList<>();
        if (state.status().open()) {
            missing.add("a resolved incident (it is " + word(state.status()) + ")");
        }
        if (learning.factors().isEmpty()) {
            missing.add("contributing factors");
        }
        if (learning.sections().get("lessons") == null) {
            missing.add("lessons");
        }
        if (!missing.isEmpty()) {
            return conflict("missing: " + String.join(", ", missing) + ". A postmortem is published once the "
                    + "incident is resolved and it names its contributing factors and lessons");
        }
        List<SharedAction> prevention = state.actionItems().entrySet().stream()
                .filter(item -> Vocabulary.PREVENTION.equals(item.getValue().kind()))
                .sorted(Map.Entry.comparingByKey())
                .map(item -> new SharedAction(item.getKey(), item.getValue().title(), item.getValue().owner(),
                        item.getValue().dueDate(), item.getValue().done()))
                .toList();
        return accept(new PostmortemPublished(state.id(), state.product(), state.service(), state.title(),
                state.severity(), learning.sections().get("summary"), learning.sections().get("lessons"),
                learning.factors(), prevention, context.actor(), context.time()));
    }

    /**
     * Another product's answer to a shared prevention action. What is not shared (no published postmortem, not a
     * prevention action) is not found, so that nothing unpublished shows through to other products.
     */
    private static Decision adopt(Incident state, RecordAdoption adoption, CommandContext context) {
        Incident.ActionItem item = state.actionItems().get(adoption.actionItemId());
        if (!state.learning().published() || item == null || !Vocabulary.PREVENTION.equals(item.kind())) {
            return new Rejected(Outcome.NOT_FOUND, "no shared prevention action " + adoption.actionItemId()
                    + " on incident " + state.id());
        }
        if (adoption.adoptingProduct().equals(state.product())) {
            return conflict("product " + state.product() + " shared this action; adoption is recorded by the other "
                    + "products");
        }
        String answer = adoption.status() + "|" + (adoption.note() == null ? "" : adoption.note());
        if (answer.equals(state.learning().adoptions().get(adoption.actionItemId() + "/"
                + adoption.adoptingProduct()))) {
            return new Accepted(List.of());
        }
        return accept(new AdoptionRecorded(state.id(), state.product(), adoption.actionItemId(),
                adoption.adoptingProduct(), adoption.status(), adoption.note(), context.actor(), context.time()));
    }

    private static Decision setStatus(Incident state, SetStatus set, CommandContext context) {
        if (!IncidentStatus.WORKING.contains(set.status())) {
            return conflict("status " + set.status() + " is not set by hand; acknowledge, resolve or close instead");
        }
        if (!state.status().open()) {
            return conflict("incident is " + word(state.status()));
        }
        if (state.status() == set.status()) {
            return conflict("incident is already " + word(set.status()));
        }
        StatusChanged changed = new StatusChanged(state.id(),
                state.status() == IncidentStatus.TRIGGERED ? IncidentStatus.ACKNOWLEDGED : state.status(),
                set.status(), set.note(), context.actor(), context.time());
        return state.status() == IncidentStatus.TRIGGERED
                ? new Accepted(List.of(new IncidentAcknowledged(state.id(), context.actor(), context.time()), changed))
                : new Accepted(List.of(changed));
    }

    private static Decision close(Incident state, CommandContext context) {
        if (state.status() != IncidentStatus.RESOLVED) {
            return conflict(state.status() == IncidentStatus.CLOSED ? "incident is already closed"
                    : "incident is not resolved; resolve it before closing it");
        }
        boolean serious = state.severity() == Severity.SEV1 || state.severity() == Severity.SEV2;
        List<String> missing = new ArrayList<>();
        if (serious && !state.learning().published()) {
            missing.add("a published postmortem");
        }
        if (serious && state.actionItems().values().stream().noneMatch(item -> Vocabulary.PREVENTION.equals(
                item.kind()))) {
            missing.add("a prevention action item");
        }
        if (!missing.isEmpty()) {
            return conflict("missing: " + String.join(" and ", missing) + ". A " + state.severity()
                    + " incident closes only once its postmortem is published and at least one prevention action "
                    + "item exists");
        }
        return accept(new IncidentClosed(state.id(), context.actor(), context.time()));
    }

    private static List<IncidentEvent> opening(OpenIncident open, CommandContext context) {
        SignalReceived signal = open.signal();
        return List.of(
                new IncidentOpened(open.incidentId(), signal.title(), signal.product(), signal.service(),
                        signal.severity(), signal.dedupKey(), signal.source(), signal.signalId(), context.time(),
                        open.recurrenceOf(), signal.signalClass(), signal.links(), null),
                attached(open.incidentId(), signal, context));
    }

    private static List<IncidentEvent> declaration(DeclareIncident declare, CommandContext context) {
        var opened = new IncidentOpened(declare.incidentId(), declare.title(), declare.product(), declare.service(),
                declare.severity(), null, IncidentOpened.MANUAL, null, context.time(), null, null, List.of(),
                declare.summary());
        if (declare.commander() == null) {
            return List.of(opened);
        }
        return List.of(opened, new RoleAssigned(declare.incidentId(), "commander", declare.commander(),
                context.actor(), context.time()));
    }

    private static AlertAttached attached(String incidentId, SignalReceived signal, CommandContext context) {
        return new AlertAttached(incidentId, signal.signalId(), signal.fingerprint(), signal.title(), context.time());
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

    private static boolean allowed(IncidentCommand command, String product) {
        return command.allowedProducts() == null || command.allowedProducts().contains(ALL_PRODUCTS)
                || command.allowedProducts().contains(product);
    }

    private static Rejected forbidden(String product) {
        return new Rejected(Outcome.FORBIDDEN, "the caller may not act on incidents of product " + product);
    }

    private static String word(IncidentStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Accepted accept(IncidentEvent event) {
        return new Accepted(List.of(Objects.requireNonNull(event)));
    }

    private static Rejected conflict(String detail) {
        return new Rejected(Outcome.CONFLICT, detail);
    }
}
