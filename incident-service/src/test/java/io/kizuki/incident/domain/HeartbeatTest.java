package io.kizuki.incident.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.SignalReceived;

class HeartbeatTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private static HeartbeatPinged ping(String id, Instant at) {
        return new HeartbeatPinged(
                id,
                "heartbeat:abc",
                "nightly-export",
                "shop",
                "shop-export",
                Severity.SEV3,
                60,
                at,
                "integration:cron");
    }

    @Test
    void staysQuietWithinItsInterval() {
        Heartbeat alive = Heartbeat.onPing(null, ping("p1", T0)).state();

        assertThat(Heartbeat.onClock(alive, T0.plusSeconds(60)).signal()).isEmpty();
    }

    @Test
    void raisesOneServiceDownSignalWhenSilentAndResolvesItOnTheNextPing() {
        Heartbeat alive = Heartbeat.onPing(null, ping("p1", T0)).state();

        Heartbeat.Decided silent = Heartbeat.onClock(alive, T0.plusSeconds(61));
        Heartbeat.Decided stillSilent = Heartbeat.onClock(silent.state(), T0.plusSeconds(120));
        Heartbeat.Decided back = Heartbeat.onPing(silent.state(), ping("p2", T0.plusSeconds(130)));

        SignalReceived firing = silent.signal().orElseThrow();
        assertThat(firing.status()).isEqualTo(SignalReceived.FIRING);
        assertThat(firing.signalClass()).isEqualTo("service-down");
        assertThat(firing.severity()).isEqualTo(Severity.SEV3);
        assertThat(firing.fingerprint()).isEqualTo("nightly-export");
        assertThat(stillSilent.signal()).isEmpty();
        SignalReceived resolved = back.signal().orElseThrow();
        assertThat(resolved.status()).isEqualTo(SignalReceived.RESOLVED);
        assertThat(resolved.dedupKey()).isEqualTo(firing.dedupKey());
        assertThat(back.state().silent()).isFalse();
    }

    @Test
    void derivesTheSameSignalIdOnAReplay() {
        Heartbeat alive = Heartbeat.onPing(null, ping("p1", T0)).state();

        assertThat(Heartbeat.onClock(alive, T0.plusSeconds(61))
                        .signal()
                        .orElseThrow()
                        .signalId())
                .isEqualTo(Heartbeat.onClock(alive, T0.plusSeconds(99))
                        .signal()
                        .orElseThrow()
                        .signalId());
    }
}
