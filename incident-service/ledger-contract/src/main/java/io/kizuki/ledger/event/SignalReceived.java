package io.kizuki.ledger.event;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireType;

/**
 * One accepted, normalised alert, as it travels on {@code kizuki.signals.v1}.
 *
 * @param signalId    unique id of this signal
 * @param source      the producer format, e.g. {@code alertmanager}
 * @param dedupKey    the dedup stream key: signals with the same key belong to one open incident
 * @param fingerprint identity of the alert inside its group (Alertmanager's fingerprint)
 * @param status      {@code firing} or {@code resolved}
 * @param title       a one-line summary
 * @param product     the product the signal belongs to (the pushing integration's product)
 * @param service     the affected service
 * @param severity    the severity derived from the producer's labels
 * @param labels      the producer's labels
 * @param annotations the producer's annotations
 * @param startsAt    when the producer says the alert started
 * @param endsAt      when the producer says it ended, if it did
 * @param receivedAt  when Kizuki accepted it
 * @param original    the original alert, as received
 */
public record SignalReceived(String signalId, String source, String dedupKey, String fingerprint, String status,
        String title, String product, String service, Severity severity, Map<String, String> labels,
        Map<String, String> annotations, Instant startsAt, Instant endsAt, Instant receivedAt, JsonNode original) implements WireType {

    public static final String TYPE = "kizuki.signal.received.v1";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    @Override
    public String type() {
        return TYPE;
    }

    public boolean firing() {
        return FIRING.equals(status);
    }
}
