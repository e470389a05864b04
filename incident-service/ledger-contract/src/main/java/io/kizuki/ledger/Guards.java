package io.kizuki.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * When an incident may close and when its postmortem may be published: the rules the deciders refuse by and
 * report-service shows before the click (as codes, which the console names in the reader's language). One place for
 * each rule.
 */
public final class Guards {

    /** Close: it is closed already. */
    public static final String ALREADY_CLOSED = "already-closed";
    /** Close, publish: it is not resolved. */
    public static final String NOT_RESOLVED = "not-resolved";
    /** Close (SEV1, SEV2): its postmortem is not published. */
    public static final String POSTMORTEM = "postmortem";
    /** Close (SEV1, SEV2): it has no prevention action item. */
    public static final String PREVENTION = "prevention";
    /** Publish: it is published already. */
    public static final String ALREADY_PUBLISHED = "already-published";
    /** Publish: no contributing factor is named. */
    public static final String FACTORS = "factors";
    /** Publish: the lessons are not written. */
    public static final String LESSONS = "lessons";

    private Guards() {}

    /**
     * What keeps the incident from closing now: none when it may.
     *
     * @param actionItemKinds the kinds of its improvement action items
     */
    public static List<String> closeBlockers(
            IncidentStatus status, Severity severity, boolean postmortemPublished, Collection<String> actionItemKinds) {
        if (status == IncidentStatus.CLOSED) {
            return List.of(ALREADY_CLOSED);
        }
        if (status != IncidentStatus.RESOLVED) {
            return List.of(NOT_RESOLVED);
        }
        boolean serious = severity == Severity.SEV1 || severity == Severity.SEV2;
        List<String> blockers = new ArrayList<>();
        if (serious && !postmortemPublished) {
            blockers.add(POSTMORTEM);
        }
        if (serious && !actionItemKinds.contains(Vocabulary.PREVENTION)) {
            blockers.add(PREVENTION);
        }
        return List.copyOf(blockers);
    }

    /** Why the incident may not close, as the decider answers it; {@code null} when it may. */
    public static String closeRefusal(
            IncidentStatus status, Severity severity, boolean postmortemPublished, Collection<String> actionItemKinds) {
        List<String> blockers = closeBlockers(status, severity, postmortemPublished, actionItemKinds);
        if (blockers.isEmpty()) {
            return null;
        }
        if (blockers.contains(ALREADY_CLOSED)) {
            return "incident is already closed";
        }
        if (blockers.contains(NOT_RESOLVED)) {
            return "incident is not resolved; resolve it before closing it";
        }
        List<String> missing = new ArrayList<>();
        if (blockers.contains(POSTMORTEM)) {
            missing.add("a published postmortem");
        }
        if (blockers.contains(PREVENTION)) {
            missing.add("a prevention action item");
        }
        return "missing: " + String.join(" and ", missing) + ". A " + severity
                + " incident closes only once its postmortem is published and at least one prevention action item "
                + "exists";
    }

    /** What keeps the postmortem from being published now: none when it may. */
    public static List<String> publishBlockers(
            IncidentStatus status, boolean published, boolean hasFactors, boolean hasLessons) {
        if (published) {
            return List.of(ALREADY_PUBLISHED);
        }
        List<String> blockers = new ArrayList<>();
        if (status.open()) {
            blockers.add(NOT_RESOLVED);
        }
        if (!hasFactors) {
            blockers.add(FACTORS);
        }
        if (!hasLessons) {
            blockers.add(LESSONS);
        }
        return List.copyOf(blockers);
    }

    /** Why the postmortem may not be published, as the decider answers it; {@code null} when it may. */
    public static String publishRefusal(
            IncidentStatus status, boolean published, boolean hasFactors, boolean hasLessons) {
        List<String> blockers = publishBlockers(status, published, hasFactors, hasLessons);
        if (blockers.isEmpty()) {
            return null;
        }
        if (blockers.contains(ALREADY_PUBLISHED)) {
            return "the postmortem is already published";
        }
        List<String> missing = new ArrayList<>();
        if (blockers.contains(NOT_RESOLVED)) {
            missing.add("a resolved incident (it is " + status.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        if (blockers.contains(FACTORS)) {
            missing.add("contributing factors");
        }
        if (blockers.contains(LESSONS)) {
            missing.add("lessons");
        }
        return "missing: " + String.join(", ", missing) + ". A postmortem is published once the incident is resolved "
                + "and it names its contributing factors and lessons";
    }
}
