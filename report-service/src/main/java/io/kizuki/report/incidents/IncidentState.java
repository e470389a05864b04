package io.kizuki.report.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
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
 * An incident as its events so far make it: the incidents read model stores it (as JSON beside the columns it is
 * filtered by), and time travel folds it from the timeline up to an instant. {@link #apply} is the one place where
 * an event type changes an incident's view.
 */
public class IncidentState {

    /** The longest warning kept. */
    static final int MAX_WARNING = 1000;

    public String id;
    public String title;
    public String product;
    public String service;
    public Severity severity;
    public IncidentStatus status;
    public String dedupKey;
    public String source;

    @JsonProperty("class")
    public String incidentClass;

    public String recurrenceOf;
    public String summary;
    public String warning;
    public List<Link> links = List.of();
    public Instant openedAt;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public Instant resolvedAt;
    public String resolvedBy;
    public String resolution;
    public Instant closedAt;
    public String closedBy;
    public Map<String, String> roles = new TreeMap<>();
    public List<SeverityStep> severityHistory = new ArrayList<>();
    public List<ActionItem> actionItems = new ArrayList<>();
    public List<LinkedChange> linkedChanges = new ArrayList<>();
    public long alerts;
    public long pages;
    /** The escalation level it is paged at, 1-based: raised by each escalation, back to 1 when reopened. */
    public int escalationLevel = 1;
    /** Notifications about it that could not be delivered. */
    public long failedNotifications;

    public int reopened;
    /** Its postmortem: none, draft or published. */
    public String postmortem = "none";

    public Instant postmortemPublishedAt;
    /** Recurrences flagged on it: prevention did not hold. */
    public List<Recurrence> recurrences = new ArrayList<>();

    public long sequence;
    public Instant updatedAt;

    /** A severity the incident had from a point in time, and why. */
    public record SeverityStep(Severity severity, String reason, String by, Instant at) {}

    /** A follow-up of the incident. */
    public record ActionItem(
            String id,
            String title,
            String kind,
            String owner,
            LocalDate dueDate,
            String addedBy,
            Instant addedAt,
            boolean done,
            String completedBy,
            Instant completedAt) {}

    /**
     * An incident like this one, opened after an earlier one whose prevention actions were all done.
     *
     * @param relation {@code recurrence-of} (this one is the new incident) or {@code recurred-as} (this one's
     *                 prevention did not hold)
     */
    public record Recurrence(String otherIncidentId, String relation, String matchedBy, Instant flaggedAt) {}

    /** A change a responder linked as related. */
    public record LinkedChange(String changeId, String service, String summary, String linkedBy, Instant linkedAt) {}

    /** The incident an opening event starts. */
    public static IncidentState opened(IncidentOpened opened, long sequence, Instant at) {
        var state = new IncidentState();
        state.id = opened.incidentId();
        state.title = opened.title();
        state.product = opened.product();
        state.service = opened.service();
        state.severity = opened.severity();
        state.status = IncidentStatus.TRIGGERED;
        state.dedupKey = opened.dedupKey();
        state.source = opened.source();
        state.incidentClass = opened.signalClass();
        state.recurrenceOf = opened.recurrenceOf();
        state.summary = opened.summary();
        state.links = opened.links();
        state.openedAt = opened.openedAt();
        state.severityHistory.add(new SeverityStep(opened.severity(), "opened", null, opened.openedAt()));
        state.sequence = sequence;
        state.updatedAt = at;
        return state;
    }

    /**
     * Applies the event at this stream sequence; an event at or before the state's sequence was applied already and
     * changes nothing.
     *
     * @return whether the event changed the state
     */
    public boolean apply(IncidentEvent event, long sequence, Instant at) {
        if (sequence <= this.sequence) {
            return false;
        }
        this.sequence = sequence;
        this.updatedAt = at;
        switch (event) {
            case AlertAttached a -> alerts++;
            case WarningRecorded w ->
                warning = w.warning() != null && w.warning().length() > MAX_WARNING
                        ? w.warning().substring(0, MAX_WARNING)
                        : w.warning();
            case IncidentAcknowledged a -> {
                status = IncidentStatus.ACKNOWLEDGED;
                if (acknowledgedAt == null) {
                    acknowledgedAt = a.acknowledgedAt();
                    acknowledgedBy = a.acknowledgedBy();
                }
            }
            case IncidentResolved r -> {
                status = IncidentStatus.RESOLVED;
                resolvedAt = r.resolvedAt();
                resolvedBy = r.resolvedBy();
                resolution = r.resolution();
            }
            case StatusChanged s -> {
                status = s.to();
                if (acknowledgedAt == null && s.to() != IncidentStatus.TRIGGERED) {
                    acknowledgedAt = s.changedAt();
                    acknowledgedBy = s.changedBy();
                }
            }
            case SeverityChanged s -> {
                severity = s.to();
                severityHistory.add(new SeverityStep(s.to(), s.reason(), s.changedBy(), s.changedAt()));
            }
            case RoleAssigned r -> roles.put(r.role(), r.assignee());
            case IncidentReopened r -> {
                status = IncidentStatus.TRIGGERED;
                resolvedAt = null;
                resolvedBy = null;
                resolution = null;
                reopened++;
                escalationLevel = 1;
            }
            case IncidentClosed c -> {
                status = IncidentStatus.CLOSED;
                closedAt = c.closedAt();
                closedBy = c.closedBy();
            }
            case ActionItemAdded a ->
                actionItems.add(new ActionItem(
                        a.actionItemId(),
                        a.title(),
                        a.kind(),
                        a.owner(),
                        a.dueDate(),
                        a.addedBy(),
                        a.addedAt(),
                        false,
                        null,
                        null));
            case ActionItemCompleted c ->
                actionItems.replaceAll(item -> item.id().equals(c.actionItemId())
                        ? new ActionItem(
                                item.id(),
                                item.title(),
                                item.kind(),
                                item.owner(),
                                item.dueDate(),
                                item.addedBy(),
                                item.addedAt(),
                                true,
                                c.completedBy(),
                                c.completedAt())
                        : item);
            case ActionItemUpdated u ->
                actionItems.replaceAll(item -> item.id().equals(u.actionItemId())
                        ? new ActionItem(
                                item.id(),
                                item.title(),
                                item.kind(),
                                u.owner(),
                                u.dueDate(),
                                item.addedBy(),
                                item.addedAt(),
                                item.done(),
                                item.completedBy(),
                                item.completedAt())
                        : item);
            case ChangeLinked c ->
                linkedChanges.add(new LinkedChange(c.changeId(), c.service(), c.summary(), c.linkedBy(), c.linkedAt()));
            case ResponderPaged p -> pages++;
            case IncidentEscalated e -> escalationLevel = e.toLevel();
            case NotificationDelivered d -> {
                // deliveries are on the timeline; the incident only moves its sequence
            }
            case NotificationFailed f -> failedNotifications++;
            case PostmortemEdited e -> postmortem = "published".equals(postmortem) ? postmortem : "draft";
            case PostmortemPublished p -> {
                postmortem = "published";
                postmortemPublishedAt = p.publishedAt();
            }
            case RecurrenceFlagged r ->
                recurrences.add(new Recurrence(r.otherIncidentId(), r.relation(), r.matchedBy(), r.flaggedAt()));
            case AdoptionRecorded a -> {
                // adoptions are the knowledge feed's; the incident only moves its sequence
            }
            case TimelineEntryAdded t -> {
                // the timeline read model holds entries; the incident only moves its sequence
            }
            case IncidentOpened o -> {
                // a stream opens once; a second opening is not an event the deciders write
            }
        }
        return true;
    }
}
