package io.kizuki.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle root of a list of event hashes, as {@link LedgerCheckpoint}s record it: SHA-256 of {@code 0x00} and the
 * hash for a leaf, of {@code 0x01} and both children for a node (so a leaf is never taken for a node), pairs from
 * the left, a level's odd last node carried up as it is. Any change, removal, addition or move of a leaf changes the
 * root.
 */
public final class MerkleRoot {

    private static final byte LEAF = 0;
    private static final byte NODE = 1;

    private MerkleRoot() {}

    /**
     * @param hashes the events' hashes ({@link LedgerChain#HASH}, hex), in order; at least one
     * @return the root, hex
     */
    public static String of(List<String> hashes) {
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle root needs at least one leaf");
        }
        List<byte[]> level = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            level.add(digest(LEAF, HexFormat.of().parseHex(hash), null));
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                up.add(digest(NODE, level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                up.add(level.getLast());
            }
            level = up;
        }
        return HexFormat.of().formatHex(level.getFirst());
    }

    private static byte[] digest(byte tag, byte[] left, byte[] right) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tag);
            digest.update(left);
            if (right != null) {
                digest.update(right);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
