package io.kizuki.ledger;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Headers;

/**
 * Verifies the ledger's hash chains ({@link LedgerChain}) record by record, each partition in offset order (a stream's
 * events are all on one partition), and names the first event that breaks one: modified (its hash does not match
 * what it holds), removed (its stream's sequence jumps, or it does not follow the stream's previous hash), reordered
 * (its stream's sequence goes back), or stripped of its chain after chained events. A stream first seen inside a
 * range (not from the ledger's beginning) is taken as it is from there. Not thread-safe.
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
     * @param broken    the first event that breaks a chain, or {@code null}: every chain holds
     */
    public record Report(long records, long chained, long unchained, long streams, Break broken) {

        public boolean holds() {
            return broken == null;
        }
    }

    private record Last(String hash, Long sequence) {}

    private final Map<String, Last> streams = new HashMap<>();
    private long records;
    private long chained;
    private long unchained;
    private Break broken;

    /** Verifies the next record of a partition; false once a chain is broken (the rest need not be read). */
    public boolean accept(int partition, long offset, Headers headers, byte[] value) {
        if (broken != null) {
            return false;
        }
        records++;
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
        return true;
    }

    public Report report() {
        return new Report(records, chained, unchained, streams.size(), broken);
    }

    private boolean fail(int partition, long offset, Envelope event, String stream, Long sequence, String reason) {
        broken = new Break(partition, offset, event == null ? null : event.id(), stream, sequence, reason);
        return false;
    }
}
