package io.kizuki.ledger;

import java.time.Instant;

/**
 * A checkpoint of one ledger partition ({@value #TYPE}): the Merkle root ({@link MerkleRoot}) of the hashes
 * ({@link LedgerChain#HASH}) of the partition's chained events that follow {@code afterEventId} (the previous
 * checkpoint's last event; {@code null}: from the partition's first) up to and including {@code lastEventId}, in the
 * partition's order. Events are named, not offsets, so that a checkpoint holds in a restored copy of the ledger, whose
 * offsets differ. Written by incident-service every so many events or minutes; no incident's or service's event, so
 * every consumer of the ledger skips it. Removing the last events of a stream leaves its chain whole; it does not leave
 * the checkpoint that covered them whole ({@link LedgerVerifier}).
 *
 * @param partition    the ledger partition it covers (and sits in)
 * @param afterEventId the event the previous checkpoint ended at; {@code null} for the partition's first
 * @param lastEventId  the last event it covers
 * @param events       how many chained events it covers
 * @param root         the Merkle root of their hashes, hex
 * @param at           when it was written
 */
public record LedgerCheckpoint(
        int partition, String afterEventId, String lastEventId, long events, String root, Instant at)
        implements WireType {

    public static final String TYPE = "kizuki.ledger.checkpoint.v1";
    /** The key (and CloudEvents subject) of partition {@code p}'s checkpoints: this and the partition. */
    public static final String SUBJECT = "ledger-partition-";

    @Override
    public String type() {
        return TYPE;
    }

    /** The key and subject of a partition's checkpoints. */
    public static String subject(int partition) {
        return SUBJECT + partition;
    }
}
