package io.kizuki.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Headers;

/**
 * Verifies the ledger's hash chains ({@link LedgerChain}) record by record, each partition in offset order (a stream's
 * events are all on one partition), and names the first event that breaks one: modified (its hash does not match
 * what it holds), removed (its stream's sequence jumps, or it does not follow the stream's previous hash), reordered
 * (its stream's sequence goes back), or stripped of its chain after chained events. A stream first seen inside a
 * range (not from the ledger's beginning) is taken as it is from there. Each checkpoint ({@link LedgerCheckpoint})
 * is checked against the chained events it names, which catches what the chains alone cannot (a stream's last events
 * removed, or a whole stream); one whose first event lies before what was read (a range, or a checkpoint written twice
 * after a hand-over) is counted as skipped. Not thread-safe.
 */
public final class LedgerVerifier {

    /** The first event that breaks a chain: where it is, and why. */
    public record Break(int partition, long offset, String eventId, String stream, Long sequence, String reason) {}

    /**
     * What was verified.
     *
     * @param records   ledger records read
     * @param chained   of them, events that carry the chain
     * @param unchained of them, events written before the chain began
     * @param streams   streams seen
     * @param checkpoints         checkpoints whose Merkle root matched the events they name
     * @param checkpointsSkipped  checkpoints that name events before what was read (not checked)
     * @param broken    the first event that breaks a chain (or a checkpoint that does not match), or {@code null}:
     *                  every chain and checkpoint holds
     */
    public record Report(
            long records,
            long chained,
            long unchained,
            long streams,
            long checkpoints,
            long checkpointsSkipped,
            Break broken) {

        public boolean holds() {
            return broken == null;
        }
    }

    private record Last(String hash, Long sequence) {}

    /**
     * A partition's chained events not yet covered by a checked checkpoint (and the one the last checked checkpoint
     * ended at, first, so that a checkpoint written twice is found again); {@code whole} while they run from the
     * partition's first record.
     */
    private static final class Leaves {
        final List<String> ids = new ArrayList<>();
        final List<String> hashes = new ArrayList<>();
        boolean whole;

        void dropBefore(int index) {
            ids.subList(0, index).clear();
            hashes.subList(0, index).clear();
            whole = false;
        }
    }

    /** At most this many events kept per partition between checkpoints; older ones are let go (their checkpoint skipped). */
    static final int MAX_LEAVES = 500_000;

    private final Map<String, Last> streams = new HashMap<>();
    private final Map<Integer, Leaves> leaves = new HashMap<>();
    private final WireCodec codec = new WireCodec();
    private long records;
    private long chained;
    private long unchained;
    private long checkpoints;
    private long checkpointsSkipped;
    private Break broken;

    /** Verifies the next record of a partition; false once a chain is broken (the rest need not be read). */
    public boolean accept(int partition, long offset, Headers headers, byte[] value) {
        if (broken != null) {
            return false;
        }
        records++;
        Leaves partitionLeaves = leaves.computeIfAbsent(partition, p -> {
            Leaves first = new Leaves();
            first.whole = offset == 0;
            return first;
        });
        if (LedgerCheckpoint.TYPE.equals(CloudEventHeaders.type(headers))) {
            return checkpoint(partition, offset, headers, value, partitionLeaves);
        }
        Envelope event;
        try {
            event = CloudEventHeaders.read(headers, value);
        } catch (MalformedRecordException e) {
            return fail(partition, offset, null, null, null, "unreadable: " + e.getMessage());
        }
        String stream = event.subject();
        Last last = streams.get(stream);
        Long sequence = event.sequence();
        if (last != null && last.sequence() != null && sequence != null && sequence != last.sequence() + 1) {
            return fail(
                    partition,
                    offset,
                    event,
                    stream,
                    sequence,
                    sequence <= last.sequence()
                            ? "out of order: sequence " + sequence + " after " + last.sequence() + " (reordered or "
                                    + "repeated)"
                            : "events missing here: sequence " + sequence + " after " + last.sequence()
                                    + " (removed or reordered)");
        }
        String hash = LedgerChain.read(headers, LedgerChain.HASH);
        if (hash == null) {
            if (last != null && last.hash() != null) {
                return fail(partition, offset, event, stream, sequence, "not chained after chained events (stripped)");
            }
            unchained++;
            streams.put(stream, new Last(null, sequence));
            return true;
        }
        String previous = LedgerChain.read(headers, LedgerChain.PREVIOUS);
        if (!hash.equals(LedgerChain.hash(previous, event))) {
            return fail(partition, offset, event, stream, sequence, "modified: its hash does not match what it holds");
        }
        String expected = last == null || last.hash() == null ? null : last.hash();
        boolean starts = previous == null || previous.isEmpty();
        if (expected != null ? !expected.equals(previous) : !starts && last != null) {
            return fail(
                    partition,
                    offset,
                    event,
                    stream,
                    sequence,
                    "does not follow the previous event of its stream (one was removed, changed or moved)");
        }
        chained++;
        streams.put(stream, new Last(hash, sequence));
        partitionLeaves.ids.add(event.id());
        partitionLeaves.hashes.add(hash);
        if (partitionLeaves.ids.size() > MAX_LEAVES) {
            partitionLeaves.dropBefore(MAX_LEAVES / 5);
        }
        return true;
    }

    public Report report() {
        return new Report(records, chained, unchained, streams.size(), checkpoints, checkpointsSkipped, broken);
    }

    private boolean checkpoint(int partition, long offset, Headers headers, byte[] value, Leaves partitionLeaves) {
        Envelope envelope;
        LedgerCheckpoint checkpoint;
        try {
            envelope = CloudEventHeaders.read(headers, value);
            checkpoint = (LedgerCheckpoint) codec.decode(envelope).orElseThrow();
        } catch (MalformedRecordException e) {
            return fail(partition, offset, null, null, null, "unreadable checkpoint: " + e.getMessage());
        }
        if (checkpoint.partition() != partition) {
            return fail(
                    partition,
                    offset,
                    envelope,
                    "a checkpoint of partition " + checkpoint.partition() + " in partition " + partition + " (moved)");
        }
        int start;
        if (checkpoint.afterEventId() == null) {
            if (!partitionLeaves.whole) {
                checkpointsSkipped++;
                return true;
            }
            start = 0;
        } else {
            int after = partitionLeaves.ids.indexOf(checkpoint.afterEventId());
            if (after < 0) {
                checkpointsSkipped++;
                return true;
            }
            start = after + 1;
        }
        int last =
                partitionLeaves.ids.subList(start, partitionLeaves.ids.size()).indexOf(checkpoint.lastEventId());
        if (last < 0) {
            return fail(
                    partition,
                    offset,
                    envelope,
                    envelope.subject(),
                    null,
                    "the checkpoint's last event " + checkpoint.lastEventId() + " is not in this partition after "
                            + (checkpoint.afterEventId() == null ? "its beginning" : checkpoint.afterEventId())
                            + " (removed or moved)");
        }
        List<String> covered = partitionLeaves.hashes.subList(start, start + last + 1);
        if (covered.size() != checkpoint.events() || !MerkleRoot.of(covered).equals(checkpoint.root())) {
            return fail(
                    partition,
                    offset,
                    envelope,
                    "the Merkle root of the " + covered.size() + " events up to " + checkpoint.lastEventId()
                            + " does not match the checkpoint's (" + checkpoint.events() + " events): one of them "
                            + "was changed, removed, added or moved");
        }
        checkpoints++;
        if (start > 1) {
            partitionLeaves.dropBefore(start - 1);
        }
        return true;
    }

    private boolean fail(int partition, long offset, Envelope checkpoint, String reason) {
        return fail(partition, offset, checkpoint, checkpoint.subject(), null, reason);
    }

    private boolean fail(int partition, long offset, Envelope event, String stream, Long sequence, String reason) {
        broken = new Break(partition, offset, event == null ? null : event.id(), stream, sequence, reason);
        return false;
    }
}
