package io.kizuki.notify.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, as Slack documents it ("Verifying requests from Slack"): {@code X-Slack-Signature} is
 * {@code v0=} and the hex HMAC-SHA256, under the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<the
 * raw body>}; it is compared in constant time, and a timestamp more than five minutes from now, either way, is refused
 * (a replayed request).
 */
public final class SlackSignature {

    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    /** How far a request's timestamp may be from now. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final String VERSION = "v0";

    private SlackSignature() {}

    /** The signature header Slack sends for {@code body} at {@code timestamp} (seconds since the epoch). */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Why a request is not Slack's, or empty when it is. */
    public static Optional<String> refusal(
            String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
            return Optional.of(TIMESTAMP_HEADER + " is missing or not a number of seconds");
        }
        if (signature == null || !signature.matches(VERSION + "=[0-9a-f]{64}")) {
            return Optional.of(SIGNATURE_HEADER + " is missing or not v0=<64 hex digits>");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(MAX_SKEW) > 0) {
            return Optional.of(TIMESTAMP_HEADER + " is more than 5 minutes from now");
        }
        boolean same = MessageDigest.isEqual(
                sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.empty() : Optional.of(SIGNATURE_HEADER + " does not match the request");
    }
}
