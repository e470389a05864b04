package io.kizuki.incident.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Dedup stream keys, one way for every source: {@code <source>:} and the first 32 hex digits of the SHA-256 of the
 * scope (a product, or a PagerDuty integration) and the source's own key, so that the same key of two products (or
 * integrations) never names one stream.
 */
public final class StreamKeys {

    private StreamKeys() {}

    /** The dedup stream key of {@code key} within {@code scope}, for signals of {@code source}. */
    public static String of(String source, String scope, String key) {
        return source + ":" + sha256(scope + "\n" + key).substring(0, 32);
    }

    /** Hex SHA-256 of a string. */
    public static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
