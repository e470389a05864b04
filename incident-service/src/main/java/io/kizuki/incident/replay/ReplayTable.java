package io.kizuki.incident.replay;

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
import io.quarkus.runtime.StartupEvent;

/** Every replay's latest state, read in full from {@code kizuki.replays.v1} by every instance. */
@ApplicationScoped
public class ReplayTable {

    private final Map<String, Replay> byId = new ConcurrentHashMap<>();
    private final WholeTopicTable topic;

    public ReplayTable(KafkaSettings settings) {
        this.topic = new WholeTopicTable(
                settings, Topics.REPLAYS, new WireCodec(Map.of(Replay.TYPE, Replay.class)), value -> {
                    if (value instanceof Replay replay) {
                        apply(replay);
                    }
                });
    }

    void start(@Observes StartupEvent startup) {
        topic.start();
    }

    @PreDestroy
    void stop() {
        topic.stop();
    }

    /** Keeps a replay's state, unless a later one is known (this instance's own write and the topic's race). */
    void apply(Replay replay) {
        byId.merge(
                replay.replayId(),
                replay,
                (known, next) -> next.updatedAt().isBefore(known.updatedAt()) ? known : next);
    }

    public Optional<Replay> byId(String replayId) {
        return Optional.ofNullable(byId.get(replayId));
    }

    /** Every replay, the latest asked first. */
    public List<Replay> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing(Replay::requestedAt).reversed().thenComparing(Replay::replayId))
                .toList();
    }
}
