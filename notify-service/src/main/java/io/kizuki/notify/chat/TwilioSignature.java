package io.kizuki.notify.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Twilio puts in {@code X-Twilio-Signature}, as it documents it: HMAC-SHA1, keyed with the account's
 * auth token, over the full URL Twilio requested (query included) followed, for a form POST, by every parameter's
 * name and value, sorted by name (then value), with nothing between them; Base64. A reply through an SMS gateway is
 * signed the same way with the gateway's secret.
 */
public final class TwilioSignature {

    private TwilioSignature() {}

    /** The signature of a request to {@code url} with these form parameters. */
    public static String sign(String key, String url, List<Map.Entry<String, String>> form) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(form);
        sorted.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        StringBuilder data = new StringBuilder(url);
        sorted.forEach(entry -> data.append(entry.getKey()).append(entry.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** Whether {@code signature} is the one for this request (compared in constant time). */
    public static boolean verify(String key, String url, List<Map.Entry<String, String>> form, String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(key, url, form).getBytes(StandardCharsets.US_ASCII),
                signature.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
