package io.kizuki.incident.domain;

import io.kizuki.ledger.StableId;

/**
 * How detection names the incidents it opens. An id is derived from the signal that opened the incident: unique in the
 * log (every accepted signal has its own id), so ids never repeat even if the detection state were rebuilt from
 * nothing, and a replay yields the same ids. A signal has several candidate ids; which one is taken may depend on
 * where the incident's stream will live (so that it lives beside the dedup stream that opened it).
 */
@FunctionalInterface
public interface IncidentIds {

    /** The first candidate, wherever its stream lives. */
    IncidentIds FIRST = openingSignalId -> candidate(openingSignalId, 0);

    /** The id of the incident this signal opens. */
    String forOpening(String openingSignalId);

    /** The {@code n}-th candidate id for the incident a signal opens; candidates of one signal never repeat. */
    static String candidate(String openingSignalId, int n) {
        return n == 0
                ? "inc-" + StableId.of("incident", openingSignalId)
                : "inc-" + StableId.of("incident", openingSignalId, Integer.toString(n));
    }
}
