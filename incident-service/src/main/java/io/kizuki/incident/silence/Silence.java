package io.kizuki.incident.silence;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import io.kizuki.ledger.WireType;
import io.kizuki.ledger.event.SignalReceived;

/**
 * A silence (a maintenance window): from {@code startsAt} until {@code endsAt} (or until it was ended early), a signal
 * of {@code product} whose service is {@code service} (any, if null) and whose labels hold every one of
 * {@code labels} is still recorded but opens no incident and pages nobody. Kept as its latest state on the compacted
 * topic {@code kizuki.silences.v1}: who made it and when, who ended it and when.
 */
public record Silence(
        String silenceId,
        String product,
        String service,
        Map<String, String> labels,
        Instant startsAt,
        Instant endsAt,
        String reason,
        String createdBy,
        Instant createdAt,
        String endedBy,
        Instant endedAt)
        implements WireType {

    public static final String TYPE = "kizuki.silence.v1";

    public Silence {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** When it stops silencing: its end, or when it was ended, whichever came first. */
    public Instant until() {
        return endedAt != null && endedAt.isBefore(endsAt) ? endedAt : endsAt;
    }

    /** Whether it silences at that instant. */
    public boolean activeAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(until());
    }

    /** Whether it silences the signal, received when it was. */
    public boolean silences(SignalReceived signal) {
        return product.equals(signal.product())
                && (service == null || service.equals(signal.service()))
                && labels.entrySet().stream()
                        .allMatch(label -> signal.labels() != null
                                && label.getValue().equals(signal.labels().get(label.getKey())))
                && activeAt(signal.receivedAt());
    }

    /** The silence that silences the signal, if any: of several, the one made first. */
    public static Optional<Silence> matching(Collection<Silence> silences, SignalReceived signal) {
        return silences.stream()
                .filter(silence -> silence.silences(signal))
                .min(Comparator.comparing(Silence::createdAt).thenComparing(Silence::silenceId));
    }

    /** The same silence, ended now by {@code actor}. */
    public Silence ended(String actor, Instant at) {
        return new Silence(
                silenceId, product, service, labels, startsAt, endsAt, reason, createdBy, createdAt, actor, at);
    }
}
