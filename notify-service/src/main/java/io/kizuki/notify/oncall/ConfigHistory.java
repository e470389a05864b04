package io.kizuki.notify.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every version of the on-call configuration this instance knows, by the instant it came in force: the file it
 * started with and every one put in force since (read back from Kafka at start). Answers which was in force at an
 * instant, so that "who was on call at T" is answered by the configuration of T, not by today's.
 */
public final class ConfigHistory {

    /**
     * One version: the instant it came in force (its id), its text, who or what put it ({@code PUT by alice},
     * {@code import from pagerduty by alice}, a file's path) and why, if they said.
     */
    public record Version(Instant at, String yaml, String source, String reason) {}

    private final ConcurrentSkipListMap<Instant, Version> versions = new ConcurrentSkipListMap<>();

    /** Keeps a version; one of the same instant already kept stays. */
    public void add(Version version) {
        versions.putIfAbsent(version.at(), version);
    }

    /**
     * The version in force at an instant: the last to come in force at or before it; before the first kept, the
     * first (the earliest the configuration is known).
     */
    public Optional<Version> at(Instant instant) {
        return Optional.ofNullable(versions.floorEntry(instant))
                .or(() -> Optional.ofNullable(versions.firstEntry()))
                .map(Map.Entry::getValue);
    }

    /** A version by the instant it came in force. */
    public Optional<Version> version(Instant at) {
        return Optional.ofNullable(versions.get(at));
    }

    /** Every version, the newest first. */
    public List<Version> all() {
        return List.copyOf(versions.descendingMap().values());
    }
}
