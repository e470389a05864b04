package io.kizuki.incident.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.SignalReceived;

/**
 * The detection decider's state of one heartbeat, and the rules of silence. Pure functions, no I/O: a heartbeat not
 * pinged within its interval is silent, which raises a firing service-down signal (once); the next ping after a
 * silence raises the resolved signal, which auto-resolves the incident.
 */
public record Heartbeat(HeartbeatPinged lastPing, boolean silent) {

    public static final String SOURCE = "heartbeat";
    public static final String SERVICE_DOWN = "service-down";

    /** The new state after a ping, and the resolved signal if the heartbeat had gone silent. */
    public static Decided onPing(Heartbeat state, HeartbeatPinged ping) {
        Optional<SignalReceived> resolved = state != null && state.silent()
                ? Optional.of(
                        signal(state.lastPing(), SignalReceived.RESOLVED, "ping " + ping.pingId(), ping.pingedAt()))
                : Optional.empty();
        return new Decided(new Heartbeat(ping, false), resolved);
    }

    /** At {@code now}: still alive (nothing), or newly silent (the firing signal). */
    public static Decided onClock(Heartbeat state, Instant now) {
        if (state.silent() || !now.isAfter(silentAfter(state.lastPing()))) {
            return new Decided(state, Optional.empty());
        }
        return new Decided(
                new Heartbeat(state.lastPing(), true),
                Optional.of(signal(
                        state.lastPing(),
                        SignalReceived.FIRING,
                        "silence after " + state.lastPing().pingId(),
                        now)));
    }

    /** What a rule decided: the heartbeat's new state and the signal it raises, if any. */
    public record Decided(Heartbeat state, Optional<SignalReceived> signal) {}

    static Instant silentAfter(HeartbeatPinged ping) {
        return ping.pingedAt().plus(Duration.ofSeconds(ping.intervalSeconds()));
    }

    /** A signal derived from the heartbeat: its id is a function of what caused it, so a replay yields the same. */
    private static SignalReceived signal(HeartbeatPinged ping, String status, String cause, Instant at) {
        String signalId = StableId.of(ping.dedupKey(), status, cause);
        String title = SignalReceived.FIRING.equals(status)
                ? "Heartbeat " + ping.name() + " went silent: no ping for " + ping.intervalSeconds() + " s"
                : "Heartbeat " + ping.name() + " is back";
        Severity severity = ping.severity() == null ? Severity.SEV2 : ping.severity();
        return new SignalReceived(
                signalId,
                SOURCE,
                ping.dedupKey(),
                ping.name(),
                status,
                title,
                ping.product(),
                ping.service(),
                severity,
                Map.of("heartbeat", ping.name()),
                Map.of(),
                silentAfter(ping),
                SignalReceived.RESOLVED.equals(status) ? at : null,
                at,
                null,
                ping.integration(),
                SERVICE_DOWN,
                List.of(),
                List.of());
    }
}
