package io.kizuki.report.timeline;

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

/** How each event type reads on an incident's timeline: the one place a new event type gets its line. */
public final class TimelineEntries {

    /** How notify-service ends the id of a notification it sends again, before the round's number. */
    private static final String ROUND = "~round-";

    /** A timeline line: what kind of step it was, and a sentence for people. */
    public record Line(String kind, String summary) {}

    private TimelineEntries() {}

    public static Line describe(IncidentEvent event) {
        return switch (event) {
            case IncidentOpened o ->
                new Line(
                        "opened",
                        "Opened " + o.severity() + " \"" + o.title() + "\" on "
                                + o.service() + " (" + o.source() + ")"
                                + (o.recurrenceOf() == null ? "" : ", a recurrence of " + o.recurrenceOf()));
            case AlertAttached a -> new Line("signal", "Alert " + a.fingerprint() + ": " + a.title());
            case WarningRecorded w -> new Line("warning", w.warning());
            case IncidentAcknowledged a -> new Line("status", "Acknowledged by " + a.acknowledgedBy());
            case IncidentResolved r ->
                new Line("status", "Resolved by " + r.resolvedBy() + " (" + r.resolution() + ")");
            case StatusChanged s ->
                new Line("status", "Status " + s.from() + " → " + s.to() + (s.note() == null ? "" : ": " + s.note()));
            case SeverityChanged s ->
                new Line(
                        "severity",
                        "Severity " + s.from() + " → " + s.to() + (s.reason() == null ? "" : ": " + s.reason()));
            case RoleAssigned r -> new Line("role", r.assignee() + " is " + r.role());
            case TimelineEntryAdded t ->
                new Line(t.kind(), (t.action() == null ? "" : "[" + t.action() + "] ") + t.text());
            case ChangeLinked c ->
                new Line(
                        "change",
                        "Linked change " + c.changeId() + " of " + c.service()
                                + (c.summary() == null ? "" : ": " + c.summary()));
            case IncidentReopened r -> new Line("status", "Reopened" + (r.reason() == null ? "" : ": " + r.reason()));
            case ActionItemAdded a ->
                new Line(
                        "action-item",
                        "Action item (" + a.kind() + "): " + a.title()
                                + (a.owner() == null ? "" : ", owner " + a.owner()));
            case ActionItemCompleted c -> new Line("action-item", "Action item " + c.actionItemId() + " done");
            case ActionItemUpdated u ->
                new Line(
                        "action-item",
                        "Action item " + u.actionItemId() + ": owner " + u.owner() + ", due " + u.dueDate());
            case IncidentClosed c -> new Line("status", "Closed by " + c.closedBy());
            case ResponderPaged p ->
                new Line("page", "Paged " + p.person() + " by " + p.channel() + " (level " + p.level() + ")");
            case IncidentEscalated e ->
                new Line(
                        "escalation",
                        e.policy() == null
                                ? "Escalated from level " + e.fromLevel() + " to " + e.toLevel() + " by "
                                        + e.escalatedBy()
                                : "Escalated from level " + e.fromLevel() + " to " + e.toLevel() + " (policy "
                                        + e.policy() + "): nobody acknowledged in time");
            case NotificationDelivered d ->
                new Line(
                        "notification",
                        "Delivered " + d.purpose() + " by " + d.channel()
                                + " to " + d.recipient()
                                + (d.attempts() > 1 ? " after " + d.attempts() + " attempts" : "")
                                + round(d.notificationId()));
            case NotificationFailed f ->
                new Line(
                        "notification-failed",
                        "Could not deliver " + f.purpose() + " by "
                                + f.channel() + " to " + f.recipient() + " (" + f.attempts() + " attempts"
                                + round(f.notificationId())
                                + "): " + f.reason() + (f.retrying() ? "; trying again later" : ""));
            case PostmortemEdited e ->
                new Line(
                        "postmortem",
                        "Postmortem: wrote " + e.section()
                                + (e.warnings().isEmpty()
                                        ? ""
                                        : " (" + e.warnings().size() + " blameless warning"
                                                + (e.warnings().size() == 1 ? "" : "s") + ")"));
            case PostmortemPublished p ->
                new Line(
                        "postmortem",
                        "Postmortem published, sharing "
                                + p.preventionActions().size() + " prevention action"
                                + (p.preventionActions().size() == 1 ? "" : "s") + " with every product");
            case AdoptionRecorded a ->
                new Line(
                        "adoption",
                        "Product " + a.adoptingProduct() + ": " + a.status() + " for action " + a.actionItemId()
                                + (a.note() == null ? "" : " (" + a.note() + ")"));
            case RecurrenceFlagged r ->
                new Line(
                        "recurrence",
                        RecurrenceFlagged.RECURRED_AS.equals(r.relation())
                                ? "Prevention did not hold: it recurred as " + r.otherIncidentId() + " (same "
                                        + matched(r) + ")"
                                : "Recurrence of " + r.otherIncidentId() + ", whose prevention actions were done (same "
                                        + matched(r) + ")");
        };
    }

    /** ", round N" for a notification notify-service sent again (its id ends {@code ~round-N}), else nothing. */
    private static String round(String notificationId) {
        int at = notificationId == null ? -1 : notificationId.lastIndexOf(ROUND);
        String digits = at < 0 ? "" : notificationId.substring(at + ROUND.length());
        return !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) ? ", round " + digits : "";
    }

    private static String matched(RecurrenceFlagged flagged) {
        return RecurrenceFlagged.SAME_DEDUP_KEY.equals(flagged.matchedBy()) ? "dedup key" : "service and class";
    }
}
