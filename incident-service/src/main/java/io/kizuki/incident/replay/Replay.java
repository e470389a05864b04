package io.kizuki.incident.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.ledger.WireType;

/**
 * A replay of recorded signals through draft detection rules, as its latest state on the compacted topic
 * {@code kizuki.replays.v1}: asked, running (how far), done (its result) or failed (why).
 *
 * @param products the products it read: those of the request, or all of the caller's ({@code *}: every product)
 * @param rules    the draft rules as they were given
 * @param read     signals read so far, of {@code total} in the window (both 0 while it reads the people's resolves
 *                 and reopens from the ledger)
 */
public record Replay(
        String replayId,
        List<String> products,
        Instant from,
        Instant until,
        JsonNode rules,
        String requestedBy,
        Instant requestedAt,
        String status,
        long read,
        long total,
        Instant updatedAt,
        ReplayResult result,
        String error)
        implements WireType {

    public static final String TYPE = "kizuki.replay.v1";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** A running replay whose state has not moved for this long stopped with its instance. */
    static final Duration ABANDONED = Duration.ofMinutes(1);

    public Replay {
        products = List.copyOf(products);
    }

    @Override
    public String type() {
        return TYPE;
    }

    Replay progressed(long read, long total, Instant at) {
        return new Replay(
                replayId, products, from, until, rules, requestedBy, requestedAt, RUNNING, read, total, at, null, null);
    }

    Replay done(long read, long total, ReplayResult result, Instant at) {
        return new Replay(
                replayId, products, from, until, rules, requestedBy, requestedAt, DONE, read, total, at, result, null);
    }

    Replay failed(String why, Instant at) {
        return new Replay(
                replayId, products, from, until, rules, requestedBy, requestedAt, FAILED, read, total, at, null, why);
    }

    /** As seen at {@code now}: a running replay that stopped moving failed with the instance that ran it. */
    public Replay seenAt(Instant now) {
        return RUNNING.equals(status) && updatedAt.plus(ABANDONED).isBefore(now)
                ? failed("the instance running it stopped; ask again", updatedAt)
                : this;
    }
}
