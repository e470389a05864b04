package io.kizuki.incident.domain;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;

/**
 * The incident decider's state of one incident stream, folded from its events by {@link IncidentDecider#evolve}.
 *
 * @param dedupKey      the dedup stream it was detected in; {@code null} for a declared incident
 * @param sequence      the sequence number of the last event of the stream
 * @param roles         who holds which role
 * @param actionItems   the improvement action items, by id
 * @param linkedChanges the ids of the changes linked to it
 * @param level         the escalation level it is paged at, 1-based (1 when opened and when reopened)
 * @param learning      its postmortem, the people seen on it, adoptions and recurrences
 * @param changedSequence the sequence of the last event that changed the incident for its responders: every event
 *                      but notify-service's records of pages and deliveries and its escalations (a responder who
 *                      acknowledges as the next level is paged acts on what they saw); 0 when not known (states
 *                      written before it was kept)
 */
public record Incident(
        String id,
        IncidentStatus status,
        String title,
        String product,
        String service,
        Severity severity,
        String dedupKey,
        int alertCount,
        long sequence,
        Map<String, String> roles,
        Map<String, ActionItem> actionItems,
        Set<String> linkedChanges,
        int level,
        long changedSequence,
        Learning learning) {

    /** An improvement action item as the decider needs it (and as a published postmortem shares it). */
    public record ActionItem(String kind, boolean done, String title, String owner, LocalDate dueDate) {

        ActionItem asDone() {
            return new ActionItem(kind, true, title, owner, dueDate);
        }

        ActionItem updated(String newOwner, LocalDate newDueDate) {
            return new ActionItem(kind, done, title, newOwner, newDueDate);
        }
    }

    public Incident {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        actionItems = actionItems == null ? Map.of() : Map.copyOf(actionItems);
        linkedChanges = linkedChanges == null ? Set.of() : Set.copyOf(linkedChanges);
        level = Math.max(level, 1);
        learning = learning == null ? Learning.NONE : learning;
    }

    /** At the next sequence, after an event that changed the incident for its responders. */
    Incident next(long nextSequence) {
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                nextSequence,
                roles,
                actionItems,
                linkedChanges,
                level,
                nextSequence,
                learning);
    }

    /**
     * At the next sequence, after a record of a page or a delivery or an escalation, which change nothing a responder
     * acts on.
     */
    Incident recorded(long nextSequence) {
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                nextSequence,
                roles,
                actionItems,
                linkedChanges,
                level,
                changedSequence == 0 ? sequence : changedSequence,
                learning);
    }

    /**
     * Whether a command that saw the incident at {@code expected} (its {@code If-Match}) may act: nothing has changed
     * it since, records of pages, deliveries and escalations aside.
     */
    boolean unchangedSince(long expected) {
        long changed = changedSequence == 0 ? sequence : changedSequence;
        return expected >= changed && expected <= sequence;
    }

    Incident withStatus(IncidentStatus newStatus) {
        return new Incident(
                id,
                newStatus,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                sequence,
                roles,
                actionItems,
                linkedChanges,
                level,
                changedSequence,
                learning);
    }

    Incident atLevel(int newLevel) {
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                sequence,
                roles,
                actionItems,
                linkedChanges,
                newLevel,
                changedSequence,
                learning);
    }

    Incident withSeverity(Severity newSeverity) {
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                newSeverity,
                dedupKey,
                alertCount,
                sequence,
                roles,
                actionItems,
                linkedChanges,
                level,
                changedSequence,
                learning);
    }

    Incident withAlert() {
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount + 1,
                sequence,
                roles,
                actionItems,
                linkedChanges,
                level,
                changedSequence,
                learning);
    }

    Incident withRole(String role, String assignee) {
        Map<String, String> changed = new HashMap<>(roles);
        changed.put(role, assignee);
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                sequence,
                changed,
                actionItems,
                linkedChanges,
                level,
                changedSequence,
                learning);
    }

    Incident withActionItem(String actionItemId, ActionItem item) {
        Map<String, ActionItem> changed = new HashMap<>(actionItems);
        changed.put(actionItemId, item);
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                sequence,
                roles,
                changed,
                linkedChanges,
                level,
                changedSequence,
                learning);
    }

    Incident withChange(String changeId) {
        Set<String> changed = new HashSet<>(linkedChanges);
        changed.add(changeId);
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                sequence,
                roles,
                actionItems,
                changed,
                level,
                changedSequence,
                learning);
    }

    Incident withLearning(Learning newLearning) {
        return new Incident(
                id,
                status,
                title,
                product,
                service,
                severity,
                dedupKey,
                alertCount,
                sequence,
                roles,
                actionItems,
                linkedChanges,
                level,
                changedSequence,
                newLearning);
    }
}
