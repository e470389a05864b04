package io.kizuki.incident.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.kizuki.ledger.LedgerCheckpoint;
import io.kizuki.ledger.MerkleRoot;

/**
 * One ledger partition's chained events since its last checkpoint, as {@link LedgerCheckpoints} reads them, and when
 * the next checkpoint is due: after {@code events} of them, or once the first of them is {@code interval} old and
 * another event arrives (a quiet ledger is not written to; its last events are covered after the next one). A
 * checkpoint another writer put on the partition (the previous owner, before a hand-over) takes the events it covers
 * off. Not thread-safe.
 */
final class PartitionCheckpoint {

    /** An event to cover: its id, its hash, its offset, and when it was read. */
    private record Leaf(String id, String hash, long offset, Instant read) {}

    private final int partition;
    private final List<Leaf> pending = new ArrayList<>();
    private String after;

    /**
     * @param after the event the last checkpoint ended at (from the consumer group's commit), or {@code null}
     */
    PartitionCheckpoint(int partition, String after) {
        this.partition = partition;
        this.after = after;
    }

    /** A chained event read. */
    void event(String id, String hash, long offset, Instant now) {
        pending.add(new Leaf(id, hash, offset, now));
    }

    /** A checkpoint read on the partition, ours or another writer's: the events it covers are done. */
    void checkpoint(LedgerCheckpoint written) {
        if (!written.lastEventId().equals(after)) {
            written(written);
        }
    }

    /** Whether a checkpoint is due now, {@code arrived}: an event of this partition was just read. */
    boolean due(int events, Duration interval, boolean arrived, Instant now) {
        return pending.size() >= events
                || (arrived
                        && !pending.isEmpty()
                        && !pending.getFirst().read().plus(interval).isAfter(now));
    }

    /** The checkpoint of every pending event (at least one). */
    LedgerCheckpoint next(Instant now) {
        return new LedgerCheckpoint(
                partition,
                after,
                pending.getLast().id(),
                pending.size(),
                MerkleRoot.of(pending.stream().map(Leaf::hash).toList()),
                now);
    }

    /**
     * A checkpoint was written: the events it covers, up to its last, are done; those read since it was made wait for
     * the next (a checkpoint whose last event is no longer pending, taken off already, changes nothing).
     */
    void written(LedgerCheckpoint checkpoint) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).id().equals(checkpoint.lastEventId())) {
                pending.subList(0, i + 1).clear();
                after = checkpoint.lastEventId();
                return;
            }
        }
    }

    /** The offset of the last pending event: where the checkpoint {@link #next} makes ends. */
    long lastOffset() {
        return pending.getLast().offset();
    }

    String after() {
        return after;
    }

    int pending() {
        return pending.size();
    }
}
