package io.kizuki.incident.domain;

import io.kizuki.ledger.WireType;
import io.kizuki.ledger.event.SignalReceived;

/**
 * What the incident decider tells the detection decider, on the internal topic {@code kizuki.detection-feedback.v1}
 * keyed by dedup key.
 */
public sealed interface DetectionFeedback extends WireType {

    String dedupKey();

    String incidentId();

    /** The incident was resolved. */
    record IncidentClosed(String dedupKey, String incidentId) implements DetectionFeedback {

        public static final String TYPE = "kizuki.detection.incident-closed.v1";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A resolved incident was reopened: the stream's next alerts belong to it again, if no other incident is open. */
    record IncidentReopened(String dedupKey, String incidentId) implements DetectionFeedback {

        public static final String TYPE = "kizuki.detection.incident-reopened.v1";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The incident refused an alert because it was already resolved. */
    record AlertRejected(String dedupKey, String incidentId, SignalReceived signal) implements DetectionFeedback {

        public static final String TYPE = "kizuki.detection.alert-rejected.v1";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
