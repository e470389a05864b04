package io.kizuki.incident.domain;

/**
 * The detection decider's state of one dedup stream. Which alerts are firing is kept beside it, one entry per
 * fingerprint (see {@link FiringChange}), so that a group of 50,000 alerts costs one small read and write per alert.
 *
 * @param openIncidentId the incident new alerts of this stream attach to, or {@code null}
 * @param firingCount    how many alerts of the open incident are still firing
 * @param lastIncidentId the stream's incident resolved most recently, for a new one to name as a recurrence
 * @param lastWarning    the producer warning last recorded on the open incident, so that a re-sent notification does
 *                       not record it again
 */
public record DetectionState(String openIncidentId, int firingCount, String lastIncidentId, String lastWarning) {

    public static final DetectionState EMPTY = new DetectionState(null, 0, null, null);

    DetectionState closed() {
        return new DetectionState(null, 0, openIncidentId, null);
    }
}
