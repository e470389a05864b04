package io.kizuki.incident.integration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PagerDuty-style routing keys: 32 characters of {@code [A-Z0-9]}. Only a salted hash is kept; keys are compared in
 * constant time.
 */
public final class RoutingKeys {

    public static final int LENGTH = 32;
    public static final int KEY_ID_LENGTH = 8;
    private static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{" + LENGTH + "}");
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DECOY_SALT = new byte[16];

    /** What is stored of a key. */
    public record Stored(String keyId, String salt, String hash) {}

    private RoutingKeys() {}

    public static boolean looksLikeKey(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    public static String generate() {
        char[] key = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    public static String keyId(String key) {
        return key.substring(0, KEY_ID_LENGTH);
    }

    public static Stored store(String key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        var encoder = Base64.getEncoder();
        return new Stored(keyId(key), encoder.encodeToString(salt), encoder.encodeToString(hmac(salt, key)));
    }

    /** Whether the key matches the integration's stored hash; {@code null} integration costs the same time. */
    public static boolean matches(Integration integration, String key) {
        if (integration == null) {
            MessageDigest.isEqual(hmac(DECOY_SALT, key), new byte[32]);
            return false;
        }
        var decoder = Base64.getDecoder();
        return MessageDigest.isEqual(
                hmac(decoder.decode(integration.keySalt()), key), decoder.decode(integration.keyHash()));
    }

    private static byte[] hmac(byte[] salt, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
