package io.kizuki.report.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kizuki.ledger.Guards;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.report.changes.ChangeRepository;
import io.kizuki.report.incidents.IncidentRepository;
import io.kizuki.report.incidents.IncidentState;
import io.kizuki.report.learning.PostmortemState;
import io.kizuki.report.timeline.TimelineRepository;

/**
 * An incident's postmortem as report-service renders it: what is drafted from the ledger (summary when none is
 * written, impact, timeline, the changes of the service just before, alerts, action items) and what responders wrote
 * (contributing factors, what went well and badly, where we got lucky, lessons). The drafted parts name systems and
 * times, never a person as a cause.
 *
 * @param status           none (nothing written yet), draft or published
 * @param summaryDrafted   whether the summary is the drafted one (nobody wrote one)
 * @param warnings         the blameless check's warnings on each written section
 * @param publishBlockers  what keeps it from being published now, by the decider's own rule ({@link Guards}): none
 *                         when it may
 * @param sequence         the incident's sequence, for a command's {@code If-Match}
 */
public record Postmortem(
        String incidentId,
        String title,
        String product,
        String service,
        Severity severity,
        IncidentStatus incidentStatus,
        String status,
        String summary,
        boolean summaryDrafted,
        Impact impact,
        List<ContributingFactor> contributingFactors,
        String wentWell,
        String wentBadly,
        String lucky,
        String lessons,
        List<IncidentState.ActionItem> actionItems,
        List<TimelineRepository.Entry> timeline,
        List<ChangeRepository.Change> recentChanges,
        List<IncidentRepository.Alert> alerts,
        Map<String, List<String>> warnings,
        List<PostmortemState.Edit> edits,
        String publishedBy,
        Instant publishedAt,
        List<PostmortemState.Recurrence> recurredAs,
        List<PostmortemState.Recurrence> recurrenceOf,
        List<String> publishBlockers,
        long sequence) {

    /** Timeline kinds a postmortem shows: the response, not the plumbing of pages and deliveries. */
    public static final List<String> TIMELINE_KINDS = List.of(
            "opened",
            "status",
            "severity",
            "role",
            "note",
            "decision",
            "action",
            "communication",
            "change",
            "escalation",
            "action-item",
            "recurrence");

    /**
     * What the incident cost.
     *
     * @param durationSeconds     opened to resolved (to now while open)
     * @param timeToAcknowledgeSeconds opened to acknowledged; {@code null} if never acknowledged
     * @param timeToResolveSeconds opened to resolved; {@code null} while open
     */
    public record Impact(
            Instant openedAt,
            Instant acknowledgedAt,
            Instant resolvedAt,
            Instant closedAt,
            long durationSeconds,
            Long timeToAcknowledgeSeconds,
            Long timeToResolveSeconds,
            List<String> affectedServices,
            List<String> affectedProducts,
            long alerts,
            long pages,
            int escalationLevel) {}

    /** Drafts the postmortem from the incident, its timeline, changes and alerts, and what was written so far. */
    public static Postmortem of(
            IncidentState incident,
            PostmortemState written,
            List<TimelineRepository.Entry> timeline,
            List<ChangeRepository.Change> changes,
            List<IncidentRepository.Alert> alerts,
            Instant now) {
        PostmortemState pm = written == null ? PostmortemState.of(incident.id) : written;
        Instant end =
                incident.resolvedAt != null ? incident.resolvedAt : incident.closedAt != null ? incident.closedAt : now;
        Set<String> services = new LinkedHashSet<>();
        services.add(incident.service);
        incident.linkedChanges.forEach(change -> {
            if (change.service() != null) {
                services.add(change.service());
            }
        });
        var impact = new Impact(
                incident.openedAt,
                incident.acknowledgedAt,
                incident.resolvedAt,
                incident.closedAt,
                Duration.between(incident.openedAt, end).toSeconds(),
                seconds(incident.openedAt, incident.acknowledgedAt),
                seconds(incident.openedAt, incident.resolvedAt),
                List.copyOf(services),
                List.of(incident.product),
                incident.alerts,
                incident.pages,
                incident.escalationLevel);
        String summary = pm.sections.get("summary");
        return new Postmortem(
                incident.id,
                incident.title,
                incident.product,
                incident.service,
                incident.severity,
                incident.status,
                pm.status,
                summary != null ? summary : draftSummary(incident, impact, changes),
                summary == null,
                impact,
                pm.factors,
                pm.sections.get("went-well"),
                pm.sections.get("went-badly"),
                pm.sections.get("lucky"),
                pm.sections.get("lessons"),
                incident.actionItems,
                timeline,
                changes,
                alerts,
                pm.warnings,
                pm.edits,
                pm.published == null ? null : pm.published.publishedBy(),
                pm.published == null ? null : pm.published.publishedAt(),
                pm.recurredAs,
                pm.recurrenceOf,
                Guards.publishBlockers(
                        incident.status,
                        PostmortemState.PUBLISHED.equals(pm.status),
                        !pm.factors.isEmpty(),
                        pm.sections.get("lessons") != null),
                incident.sequence);
    }

    /** A summary from facts only: what, where, when, how long; no person. */
    static String draftSummary(IncidentState incident, Impact impact, List<ChangeRepository.Change> changes) {
        StringBuilder text = new StringBuilder();
        text.append(incident.severity)
                .append(" incident on ")
                .append(incident.service)
                .append(" (product ")
                .append(incident.product)
                .append("): ")
                .append(incident.title)
                .append(". Opened ")
                .append(incident.openedAt);
        if (impact.timeToAcknowledgeSeconds() != null) {
            text.append(", acknowledged after ").append(minutes(impact.timeToAcknowledgeSeconds()));
        }
        if (impact.timeToResolveSeconds() != null) {
            text.append(", resolved after ").append(minutes(impact.timeToResolveSeconds()));
        } else {
            text.append(", still open");
        }
        text.append(". ").append(impact.alerts()).append(impact.alerts() == 1 ? " alert" : " alerts");
        if (impact.escalationLevel() > 1) {
            text.append("; escalated to level ").append(impact.escalationLevel());
        }
        if (!changes.isEmpty()) {
            text.append("; ")
                    .append(changes.size())
                    .append(changes.size() == 1 ? " change" : " changes")
                    .append(" to ")
                    .append(incident.service)
                    .append(" just before it opened (the latest: ")
                    .append(changes.getFirst().kind())
                    .append(
                            changes.getFirst().version() == null
                                    ? ""
                                    : " " + changes.getFirst().version())
                    .append(')');
        }
        return text.append('.').toString();
    }

    private static Long seconds(Instant from, Instant to) {
        return to == null ? null : Duration.between(from, to).toSeconds();
    }

    static String minutes(long seconds) {
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }

    /** The written sections in reading order, with their headings. */
    List<String[]> sections() {
        List<String[]> sections = new ArrayList<>();
        sections.add(new String[] {"What went well", wentWell});
        sections.add(new String[] {"What went badly", wentBadly});
        sections.add(new String[] {"Where we got lucky", lucky});
        sections.add(new String[] {"Lessons", lessons});
        return sections;
    }
}
