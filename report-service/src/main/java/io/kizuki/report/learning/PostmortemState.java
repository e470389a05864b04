package io.kizuki.report.learning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.kizuki.ledger.Vocabulary;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;

/**
 * An incident's postmortem as its events so far make it: what responders wrote, section by section, with the
 * blameless check's warnings; what publication shared; the recurrences flagged since. The learning read model stores
 * it as JSON. {@link #apply} is the one place where an event changes it.
 */
public class PostmortemState {

    public static final String DRAFT = "draft";
    public static final String PUBLISHED = "published";
    /** Nothing written yet (a recurrence was flagged on the incident). */
    public static final String NONE = "none";

    public String incidentId;
    public String status = NONE;
    /** Text by section (every section but contributing factors). */
    public Map<String, String> sections = new TreeMap<>();

    public List<ContributingFactor> factors = new ArrayList<>();
    /** The blameless check's warnings on each section's latest text. */
    public Map<String, List<String>> warnings = new TreeMap<>();
    /** Who wrote which section when, oldest first. */
    public List<Edit> edits = new ArrayList<>();
    /** What publication shared, as it stood. */
    public PostmortemPublished published;
    /** Later incidents like this one, after its prevention actions were done: prevention did not hold. */
    public List<Recurrence> recurredAs = new ArrayList<>();
    /** Earlier incidents this one repeats, whose prevention actions were done. */
    public List<Recurrence> recurrenceOf = new ArrayList<>();

    public long sequence;
    public Instant updatedAt;

    /** One edit of one section. */
    public record Edit(String section, String by, Instant at, int warnings) {}

    /** The incident on the other side of a recurrence, and how the two were found alike. */
    public record Recurrence(String incidentId, String matchedBy, Instant flaggedAt) {}

    public static PostmortemState of(String incidentId) {
        var state = new PostmortemState();
        state.incidentId = incidentId;
        return state;
    }

    /**
     * Applies the event at this stream sequence, if it is one of the learning loop's and not applied yet.
     *
     * @return whether the event changed the state
     */
    public boolean apply(IncidentEvent event, long sequence, Instant at) {
        if (sequence <= this.sequence) {
            return false;
        }
        switch (event) {
            case PostmortemEdited e -> {
                if (Vocabulary.CONTRIBUTING_FACTORS.equals(e.section())) {
                    factors = new ArrayList<>(e.factors());
                } else if (e.text() == null) {
                    sections.remove(e.section());
                } else {
                    sections.put(e.section(), e.text());
                }
                if (e.warnings().isEmpty()) {
                    warnings.remove(e.section());
                } else {
                    warnings.put(e.section(), e.warnings());
                }
                edits.add(new Edit(
                        e.section(), e.editedBy(), e.editedAt(), e.warnings().size()));
                if (!PUBLISHED.equals(status)) {
                    status = DRAFT;
                }
            }
            case PostmortemPublished p -> {
                status = PUBLISHED;
                published = p;
            }
            case RecurrenceFlagged r ->
                (RecurrenceFlagged.RECURRED_AS.equals(r.relation()) ? recurredAs : recurrenceOf)
                        .add(new Recurrence(r.otherIncidentId(), r.matchedBy(), r.flaggedAt()));
            default -> {
                return false;
            }
        }
        this.sequence = sequence;
        this.updatedAt = at;
        return true;
    }
}
