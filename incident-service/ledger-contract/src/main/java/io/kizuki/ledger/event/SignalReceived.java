package io.kizuki.ledger.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.ledger.Link;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireType;

/**
 * One accepted, normalised signal, as it travels on {@code kizuki.signals.v1}.
 *
 * @param signalId    unique id of this signal
 * @param source      the producer format: {@code alertmanager}, {@code grafana}, {@code pagerduty}, {@code generic},
 *                    {@code heartbeat}
 * @param dedupKey    the dedup stream key: signals with the same key belong to one open incident
 * @param fingerprint identity of the alert inside its stream (Alertmanager's fingerprint)
 * @param status      {@code firing} or {@code resolved}; {@code acknowledged} only from PagerDuty's
 *                    {@code event_action}
 * @param title       a one-line summary
 * @param product     the product the signal belongs to
 * @param service     the affected service
 * @param severity    the severity derived from the producer's fields
 * @param labels      the producer's labels
 * @param annotations the producer's annotations
 * @param startsAt    when the producer says the alert started
 * @param endsAt      when the producer says it ended, if it did
 * @param receivedAt  when Kizuki accepted it
 * @param original    the original alert, as received
 * @param integration the integration that pushed it ({@code integration:<name>}, or the client), {@code null} in
 *                    records written before it was added
 * @param signalClass the classification: {@code service-down}, {@code latency}, {@code error-rate},
 *                    {@code saturation} or {@code other} (JSON {@code class})
 * @param links       links the producer gave: dashboards, panels, runbooks, silences, images, the source
 * @param warnings    what the producer says went wrong on its side, e.g. alerts it truncated
 * @param silencedBy  the silence it matched when it was received ({@code kizuki.silences.v1}): recorded, but it
 *                    opens and changes no incident; {@code null} when none did
 */
public record SignalReceived(
        String signalId,
        String source,
        String dedupKey,
        String fingerprint,
        String status,
        String title,
        String product,
        String service,
        Severity severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        Instant receivedAt,
        JsonNode original,
        String integration,
        @JsonProperty("class") String signalClass,
        List<Link> links,
        List<String> warnings,
        String silencedBy)
        implements WireType {

    public static final String TYPE = "kizuki.signal.received.v1";
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
    public static final String ACKNOWLEDGED = "acknowledged";

    public SignalReceived {
        links = links == null ? List.of() : List.copyOf(links);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A signal no silence matched. */
    public SignalReceived(
            String signalId,
            String source,
            String dedupKey,
            String fingerprint,
            String status,
            String title,
            String product,
            String service,
            Severity severity,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            Instant receivedAt,
            JsonNode original,
            String integration,
            String signalClass,
            List<Link> links,
            List<String> warnings) {
        this(
                signalId,
                source,
                dedupKey,
                fingerprint,
                status,
                title,
                product,
                service,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                receivedAt,
                original,
                integration,
                signalClass,
                links,
                warnings,
                null);
    }

    /** The same signal, matched by a silence. */
    public SignalReceived withSilence(String silence) {
        return new SignalReceived(
                signalId,
                source,
                dedupKey,
                fingerprint,
                status,
                title,
                product,
                service,
                severity,
                labels,
                annotations,
                startsAt,
                endsAt,
                receivedAt,
                original,
                integration,
                signalClass,
                links,
                warnings,
                silence);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public boolean firing() {
        return FIRING.equals(status);
    }
}
