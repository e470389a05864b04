package io.kizuki.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.header.Headers;

import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.LedgerVerifier;

/**
 * What a backup says of the ledger it holds, so that a restore can tell a backup that was changed: each partition's
 * root (SHA-256 over its events' hashes in offset order; an event written before the chain began counts by the
 * SHA-256 of its data) and the verification of every stream's hash chain ({@link LedgerVerifier}).
 */
final class LedgerRoots {

    private final LedgerVerifier verifier = new LedgerVerifier();
    private final Map<Integer, MessageDigest> partitions = new TreeMap<>();

    /** The next ledger record of a partition, in offset order. */
    void add(int partition, long offset, Headers headers, byte[] value) {
        verifier.accept(partition, offset, headers, value);
        String hash = LedgerChain.read(headers, LedgerChain.HASH);
        MessageDigest root = partitions.computeIfAbsent(partition, p -> sha256());
        root.update(
                (hash != null ? hash : HexFormat.of().formatHex(sha256().digest(value == null ? new byte[0] : value)))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Each partition's root, by partition number. */
    Map<String, String> roots() {
        Map<String, String> roots = new TreeMap<>();
        partitions.forEach((partition, digest) -> {
            try {
                roots.put(
                        Integer.toString(partition),
                        HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest()));
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests clone", e);
            }
        });
        return roots;
    }

    LedgerVerifier.Report chain() {
        return verifier.report();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
