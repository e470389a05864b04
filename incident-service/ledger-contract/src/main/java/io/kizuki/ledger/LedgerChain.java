package io.kizuki.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The ledger's hash chain: each event carries the hash of the previous event of its stream ({@code ce_prevhash},
 * empty at the event that starts the stream's chain) and its own hash ({@code ce_hash}): SHA-256 over a version tag,
 * the previous hash and every CloudEvents attribute and the data, each one length-prefixed so that no two events
 * hash alike by moving bytes between fields. Changing, removing or reordering an event of a stream breaks the chain
 * at the next event ({@link LedgerVerifier}). Events written before the chain began carry neither header; the first
 * chained event of such a stream has an empty previous hash and a sequence above 1, which says where its chain starts.
 */
public final class LedgerChain {

    /** The hash of the previous event of the stream: CloudEvents extension {@code prevhash}. */
    public static final String PREVIOUS = "ce_prevhash";
    /** The event's own hash: CloudEvents extension {@code hash}. */
    public static final String HASH = "ce_hash";

    private static final String VERSION = "kizuki-ledger-chain-v1";

    private LedgerChain() {}

    /** The hash of an event following {@code previous} ({@code null} or empty: the chain starts here). */
    public static String hash(String previous, Envelope event) {
        MessageDigest digest = sha256();
        field(digest, VERSION);
        field(digest, previous == null ? "" : previous);
        field(digest, event.id());
        field(digest, event.source());
        field(digest, event.type());
        field(digest, event.subject());
        field(digest, event.time().toString());
        field(digest, event.sequence() == null ? "" : event.sequence().toString());
        field(digest, event.causationId());
        field(digest, event.correlationId());
        field(digest, event.actor());
        field(digest, event.via());
        field(digest, event.data());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Puts an event's chain headers on its record: the previous hash (empty at a chain's start) and its own. */
    public static void write(Headers headers, String previous, String hash) {
        headers.remove(PREVIOUS);
        headers.remove(HASH);
        headers.add(PREVIOUS, (previous == null ? "" : previous).getBytes(StandardCharsets.UTF_8));
        headers.add(HASH, hash.getBytes(StandardCharsets.UTF_8));
    }

    /** A chain header of a record, or {@code null}. */
    public static String read(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void field(MessageDigest digest, String value) {
        field(digest, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(MessageDigest digest, byte[] value) {
        digest.update(
                ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            digest.update(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
