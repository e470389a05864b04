package io.kizuki.incident.silence;

import java.time.Instant;
import java.util.Map;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.event.SignalReceived;

/**
 * A firing alert a silence keeps from opening an incident, as the detection decider keeps it: written beside the
 * silences on the compacted {@code kizuki.silences.v1} under {@link #key}, and deleted (a tombstone under the same key)
 * once the alert resolves or comes again unsilenced.
 *
 * @param since    when the first signal of it that this silence suppressed was received
 * @param signalId that signal
 */
public record SuppressedAlert(
        String silenceId,
        String product,
        String service,
        String dedupKey,
        String fingerprint,
        String title,
        Severity severity,
        Map<String, String> labels,
        Instant since,
        String signalId)
        implements WireType {

    public static final String TYPE = "kizuki.silence.suppressed-alert.v1";

    public SuppressedAlert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The alert of a signal received with a silence ({@code silencedBy}). */
    public static SuppressedAlert of(SignalReceived signal) {
        return new SuppressedAlert(
                signal.silencedBy(),
                signal.product(),
                signal.service(),
                signal.dedupKey(),
                signal.fingerprint(),
                signal.title(),
                signal.severity(),
                signal.labels(),
                signal.receivedAt(),
                signal.signalId());
    }

    /**
     * Its key on {@code kizuki.silences.v1}: the silence's id, a slash (no silence id has one) and a name of the alert
     * within its stream.
     */
    public static String key(String silenceId, String dedupKey, String fingerprint) {
        return silenceId + "/" + StableId.of(dedupKey, fingerprint);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
