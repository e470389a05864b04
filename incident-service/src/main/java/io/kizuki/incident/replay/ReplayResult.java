package io.kizuki.incident.replay;

import java.util.List;
import java.util.Map;

import io.kizuki.ledger.Severity;

/**
 * What a replay found: what happened (the recorded signals through today's rules, which reproduce the incidents that
 * were opened) beside what the draft rules would have done.
 *
 * @param signals     the signals replayed
 * @param actual      the incidents the signals opened, as they were
 * @param draft       the incidents they would have opened under the draft rules
 * @param incidents   each real incident's fate under the draft: {@code kept} (its own incident still), {@code merged}
 *                    (its alerts would have joined an incident another signal opened), {@code split} (into several),
 *                    {@code suppressed} (a draft silence: no incident); and {@code new}: the draft's incidents opened
 *                    by a signal that opened none
 * @param pagesNotSent the real incidents merged or suppressed: each one paged its product's on-call and would not
 *                     have
 * @param pagesAdded   the draft's new incidents: each one would have paged
 * @param rows         per service and class, the incidents opened then and under the draft (the most first)
 * @param rowsLeftOut  how many service and class rows were left out (at most {@value ReplaySandbox#MAX_ROWS} kept)
 * @param examples     for each fate but {@code kept}, a few real incidents (or the draft's new ones) to look at
 */
public record ReplayResult(
        long signals,
        Side actual,
        Side draft,
        Map<String, Long> incidents,
        long pagesNotSent,
        long pagesAdded,
        List<Row> rows,
        int rowsLeftOut,
        List<Example> examples) {

    /**
     * @param incidents  incidents opened (each one pages)
     * @param severities incidents opened, by severity
     * @param silenced   signals a silence matched
     */
    public record Side(long incidents, Map<Severity, Long> severities, long silenced) {}

    /** Incidents opened by signals of a service and class, then and under the draft. */
    public record Row(String service, String signalClass, long actual, long draft) {}

    /**
     * @param outcome         {@code merged}, {@code split}, {@code suppressed} or {@code new}
     * @param incidentId      the real incident (of {@code new}: the one its opening signal joined, if any)
     * @param draftIncidentId the draft's incident it went into (of {@code merged}: the one it joined), if any
     */
    public record Example(String outcome, String incidentId, String draftIncidentId, String service, String title) {}
}
