package io.kizuki.incident.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kizuki.incident.domain.Detection;
import io.kizuki.incident.domain.DetectionDecider;
import io.kizuki.incident.domain.DetectionState;
import io.kizuki.incident.domain.FiringChange;
import io.kizuki.incident.domain.IncidentIds;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.event.SignalReceived;

/**
 * Runs recorded signals through the detection decider production runs ({@link DetectionDecider}, not a copy) twice,
 * in memory and never writing anywhere: once as they were recorded (which opens the incidents that were opened, under
 * their real ids) and once rewritten by draft rules; then compares. A person's resolve or reopen of a real incident is
 * replayed on both sides at its place in time (on the draft side, on the draft incident the real one's opening signal
 * went into), as the decider's feedback was. Not thread-safe: one replay, one thread.
 */
public final class ReplaySandbox {

    /** The most service and class rows a result keeps. */
    static final int MAX_ROWS = 200;
    /** The most examples of each outcome a result keeps. */
    static final int EXAMPLES = 10;

    static final String KEPT = "kept";
    static final String MERGED = "merged";
    static final String SPLIT = "split";
    static final String SUPPRESSED = "suppressed";
    static final String NEW = "new";

    /** The draft's incidents are named after the signal that opened them. */
    private static final IncidentIds DRAFT_IDS = signalId -> "draft-" + signalId;

    private final ReplayRules rules;
    private final Detector actual = new Detector();
    private final Detector draft = new Detector();
    private final Map<String, RealIncident> real = new LinkedHashMap<>();
    private final Map<String, DraftIncident> drafted = new LinkedHashMap<>();
    private long signals;

    public ReplaySandbox(ReplayRules rules) {
        this.rules = rules;
    }

    /**
     * A recorded signal, in the order detection read it.
     *
     * @param ids how production named the incidents this signal's stream opened (its partition's co-location)
     */
    public void signal(SignalReceived recorded, IncidentIds ids) {
        signals++;
        SignalReceived rewritten = rules.rewrite(recorded);
        Landing then = actual.onSignal(recorded, ids);
        Landing now = draft.onSignal(rewritten, DRAFT_IDS);
        if (then.opened() != null) {
            real.put(then.opened(), new RealIncident(recorded));
        }
        if (now.opened() != null) {
            drafted.put(now.opened(), new DraftIncident(rewritten, then.opened(), then.in()));
        }
        RealIncident incident = then.in() == null ? null : real.get(then.in());
        if (incident != null && now.in() != null) {
            incident.draftIncidents.add(now.in());
        }
    }

    /** A person resolved a real incident. */
    public void resolved(String incidentId) {
        actual.closed(incidentId);
        RealIncident incident = real.get(incidentId);
        if (incident != null && !incident.draftIncidents.isEmpty()) {
            draft.closed(incident.draftIncidents.iterator().next());
        }
    }

    /** A person reopened a real incident. */
    public void reopened(String incidentId) {
        actual.reopened(incidentId);
        RealIncident incident = real.get(incidentId);
        if (incident != null && !incident.draftIncidents.isEmpty()) {
            draft.reopened(incident.draftIncidents.iterator().next());
        }
    }

    /** Each real incident opened by the signals replayed, with its fate under the draft, in the order they opened. */
    public Map<String, String> outcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        real.forEach((id, incident) -> outcomes.put(id, outcome(id, incident)));
        return outcomes;
    }

    public ReplayResult result() {
        Map<String, String> outcomes = outcomes();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String outcome : List.of(KEPT, MERGED, SPLIT, SUPPRESSED)) {
            counts.put(
                    outcome, outcomes.values().stream().filter(outcome::equals).count());
        }
        List<ReplayResult.Example> examples = new ArrayList<>();
        for (String outcome : List.of(MERGED, SPLIT, SUPPRESSED)) {
            outcomes.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(outcome))
                    .limit(EXAMPLES)
                    .forEach(entry -> {
                        RealIncident incident = real.get(entry.getKey());
                        examples.add(new ReplayResult.Example(
                                outcome,
                                entry.getKey(),
                                incident.draftIncidents.isEmpty()
                                        ? null
                                        : incident.draftIncidents.iterator().next(),
                                incident.service,
                                incident.title));
                    });
        }
        List<Map.Entry<String, DraftIncident>> added = drafted.entrySet().stream()
                .filter(entry -> entry.getValue().openedBy == null)
                .toList();
        counts.put(NEW, (long) added.size());
        added.stream()
                .limit(EXAMPLES)
                .forEach(entry -> examples.add(new ReplayResult.Example(
                        NEW,
                        entry.getValue().joined,
                        entry.getKey(),
                        entry.getValue().service,
                        entry.getValue().title)));
        List<ReplayResult.Row> rows = rows();
        return new ReplayResult(
                signals,
                actual.side(real.values().stream()
                        .map(incident -> incident.severity)
                        .toList()),
                draft.side(drafted.values().stream()
                        .map(incident -> incident.severity)
                        .toList()),
                counts,
                counts.get(MERGED) + counts.get(SUPPRESSED),
                counts.get(NEW),
                rows.stream().limit(MAX_ROWS).toList(),
                Math.max(0, rows.size() - MAX_ROWS),
                examples);
    }

    private String outcome(String id, RealIncident incident) {
        if (incident.draftIncidents.isEmpty()) {
            return SUPPRESSED;
        }
        if (incident.draftIncidents.size() > 1) {
            return SPLIT;
        }
        return id.equals(drafted.get(incident.draftIncidents.iterator().next()).openedBy) ? KEPT : MERGED;
    }

    private List<ReplayResult.Row> rows() {
        Map<List<String>, long[]> counts = new HashMap<>();
        real.values().forEach(incident -> counts.computeIfAbsent(
                        List.of(incident.service, incident.signalClass), key -> new long[2])[0]++);
        drafted.values().forEach(incident -> counts.computeIfAbsent(
                        List.of(incident.service, incident.signalClass), key -> new long[2])[1]++);
        return counts.entrySet().stream()
                .map(entry -> new ReplayResult.Row(
                        entry.getKey().get(0), entry.getKey().get(1), entry.getValue()[0], entry.getValue()[1]))
                .sorted(Comparator.comparingLong((ReplayResult.Row row) -> -Math.max(row.actual(), row.draft()))
                        .thenComparing(ReplayResult.Row::service)
                        .thenComparing(ReplayResult.Row::signalClass))
                .toList();
    }

    /** Which incident a signal opened, if any, and which one it is part of (a firing signal's stream's open one). */
    private record Landing(String opened, String in) {}

    private static final class RealIncident {
        final String service;
        final String signalClass;
        final String title;
        final Severity severity;
        /** The draft incidents its signals went into, the one its opening signal went into first. */
        final Set<String> draftIncidents = new LinkedHashSet<>(2);

        RealIncident(SignalReceived opening) {
            this.service = text(opening.service());
            this.signalClass = text(opening.signalClass());
            this.title = opening.title();
            this.severity = opening.severity();
        }
    }

    private static final class DraftIncident {
        final String service;
        final String signalClass;
        final String title;
        final Severity severity;
        /** The real incident the same signal opened, or {@code null}: a new one. */
        final String openedBy;
        /** For a new one: the real incident its opening signal was part of, if any. */
        final String joined;

        DraftIncident(SignalReceived opening, String openedBy, String joined) {
            this.service = text(opening.service());
            this.signalClass = text(opening.signalClass());
            this.title = opening.title();
            this.severity = opening.severity();
            this.openedBy = openedBy;
            this.joined = joined;
        }
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** One side's detection: each dedup stream's state and firing fingerprints, as the detection store keeps them. */
    private static final class Detector {

        private final Map<String, DetectionState> states = new HashMap<>();
        private final Map<String, Set<String>> firing = new HashMap<>();
        private final Map<String, String> streams = new HashMap<>();
        private long silenced;

        Landing onSignal(SignalReceived signal, IncidentIds ids) {
            if (signal.silencedBy() != null) {
                silenced++;
            }
            String key = signal.dedupKey();
            DetectionState state = states.getOrDefault(key, DetectionState.EMPTY);
            Set<String> fingerprints = firing.get(key);
            boolean alreadyFiring = fingerprints != null && fingerprints.contains(signal.fingerprint());
            // what a silence suppresses is not kept: the sandbox counts the silenced signals instead
            Detection detection = DetectionDecider.onSignal(state, alreadyFiring, null, signal, ids);
            apply(key, detection);
            String opened = detection.commands().stream()
                    .filter(OpenIncident.class::isInstance)
                    .map(command -> command.incidentId())
                    .findFirst()
                    .orElse(null);
            if (opened != null) {
                streams.put(opened, key);
            }
            return new Landing(opened, signal.firing() ? detection.state().openIncidentId() : null);
        }

        void closed(String incidentId) {
            String key = streams.get(incidentId);
            if (key != null) {
                apply(key, DetectionDecider.onIncidentClosed(states.get(key), incidentId));
            }
        }

        void reopened(String incidentId) {
            String key = streams.get(incidentId);
            if (key != null) {
                apply(key, DetectionDecider.onIncidentReopened(states.get(key), incidentId));
            }
        }

        ReplayResult.Side side(List<Severity> opened) {
            Map<Severity, Long> severities = new EnumMap<>(Severity.class);
            opened.forEach(severity -> severities.merge(severity == null ? Severity.SEV3 : severity, 1L, Long::sum));
            return new ReplayResult.Side(opened.size(), severities, silenced);
        }

        private void apply(String key, Detection detection) {
            states.put(key, detection.state());
            for (FiringChange change : detection.changes()) {
                switch (change) {
                    case FiringChange.Add add ->
                        firing.computeIfAbsent(key, k -> new HashSet<>()).add(add.fingerprint());
                    case FiringChange.Remove remove -> {
                        Set<String> fingerprints = firing.get(key);
                        if (fingerprints != null) {
                            fingerprints.remove(remove.fingerprint());
                        }
                    }
                    case FiringChange.Clear clear -> firing.remove(key);
                    case FiringChange.Suppressed suppressed -> {}
                    case FiringChange.Lifted lifted -> {}
                }
            }
        }
    }
}
