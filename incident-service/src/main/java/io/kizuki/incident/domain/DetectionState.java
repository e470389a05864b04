package io.kizuki.incident.domain;

import java.util.Set;

/**
 * The detection decider's state of one dedup stream.
 *
 * @param openIncidentId  the incident new alerts of this stream attach to, or {@code null}
 * @param firing          fingerprints of the alerts of the open incident that are still firing
 * @param incidentsOpened how many incidents this stream has opened, so incident ids are deterministic
 */
public record DetectionState(String openIncidentId, Set<String> firing, int incidentsOpened) {

    public static final DetectionState EMPTY = new DetectionState(null, Set.of(), 0);

    public DetectionState {
        firing = Set.copyOf(firing);
    }
}
