package io.kizuki.incident.silence;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.kizuki.incident.config.KafkaSettings;
import io.kizuki.incident.kafka.WholeTopicTable;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;
import io.quarkus.runtime.StartupEvent;

/**
 * Every silence, read in full from {@code kizuki.silences.v1} by every instance: a signal is marked with the silence it
 * matches as it is received ({@link #mark}), so the ledger says which silence kept it from opening an incident.
 * Until the topic is read at start, nothing is silenced: a page is never lost to a silence not yet known. Beside the
 * silences, the same topic holds the alerts each one suppresses ({@link SuppressedAlert}, written by detection).
 */
@ApplicationScoped
public class SilenceTable {

    private final Map<String, Silence> byId = new ConcurrentHashMap<>();
    private final Map<String, SuppressedAlert> suppressed = new ConcurrentHashMap<>();
    private final WholeTopicTable topic;

    public SilenceTable(KafkaSettings settings) {
        this.topic = new WholeTopicTable(
                settings,
                Topics.SILENCES,
                new WireCodec(Map.of(Silence.TYPE, Silence.class, SuppressedAlert.TYPE, SuppressedAlert.class)),
                value -> {
                    switch (value) {
                        case Silence silence -> apply(silence);
                        case SuppressedAlert alert ->
                            suppressed.put(
                                    SuppressedAlert.key(alert.silenceId(), alert.dedupKey(), alert.fingerprint()),
                                    alert);
                        default -> {}
                    }
                },
                suppressed::remove);
    }

    void start(@Observes StartupEvent startup) {
        topic.start();
    }

    @PreDestroy
    void stop() {
        topic.stop();
    }

    /** Keeps a silence's state: from the topic, or right after this instance wrote it. */
    public void apply(Silence silence) {
        byId.put(silence.silenceId(), silence);
    }

    /** The signal, marked with the silence it matches if one does (the one made first). */
    public SignalReceived mark(SignalReceived signal) {
        if (byId.isEmpty() || signal.silencedBy() != null) {
            return signal;
        }
        return Silence.matching(byId.values(), signal)
                .map(silence -> signal.withSilence(silence.silenceId()))
                .orElse(signal);
    }

    public Optional<Silence> byId(String silenceId) {
        return Optional.ofNullable(byId.get(silenceId));
    }

    /**
     * The alerts the silence keeps from opening an incident that have neither resolved nor come again unsilenced since,
     * the longest suppressed first.
     */
    public List<SuppressedAlert> suppressedBy(String silenceId) {
        return suppressed.values().stream()
                .filter(alert -> alert.silenceId().equals(silenceId))
                .sorted(Comparator.comparing(SuppressedAlert::since)
                        .thenComparing(SuppressedAlert::dedupKey)
                        .thenComparing(SuppressedAlert::fingerprint))
                .toList();
    }

    /** Every silence, the latest start first. */
    public List<Silence> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing(Silence::startsAt).reversed().thenComparing(Silence::silenceId))
                .toList();
    }

    /** Whether any silence is active at that instant (for the gauge). */
    public long activeAt(Instant at) {
        return byId.values().stream().filter(silence -> silence.activeAt(at)).count();
    }
}
