package io.kizuki.incident.domain;

import java.util.Set;

/**
 * The detection decider's state of one dedup stream.
 *
 * @param openIncidentId  the incident new alerts of this stream attach to, or {@code null}
 * @param firing          fingerprints of the alerts of the open incident that are still firing
 */
public record DetectionState(String openIncidentId, Set<String> firing) {

    public static final DetectionState EMPTY = new DetectionState(null, Set.of());

    public DetectionState {
        firing = Set.copyOf(firing);
    }
}
