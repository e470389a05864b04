package io.kizuki.ledger.event;

import java.time.Instant;

import io.kizuki.ledger.Severity;
import io.kizuki.ledger.WireType;

/**
 * A heartbeat's ping, on {@code kizuki.signals.v1} keyed by the heartbeat's dedup stream key. A heartbeat that is not
 * pinged again within its interval goes silent: detection raises a service-down signal for it, and the next ping
 * resolves it.
 *
 * @param dedupKey        the heartbeat's dedup stream key ({@code heartbeat:…}, one per product and name)
 * @param intervalSeconds how long after this ping the heartbeat counts as silent
 * @param severity        the severity of the incident a silence opens
 * @param integration     who pinged
 */
public record HeartbeatPinged(
        String pingId,
        String dedupKey,
        String name,
        String product,
        String service,
        Severity severity,
        long intervalSeconds,
        Instant pingedAt,
        String integration)
        implements WireType {

    public static final String TYPE = "kizuki.heartbeat.pinged.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
