package io.kizuki.notify.channel;

import java.time.Duration;

/**
 * An attempt to deliver failed. Retryable: a timeout, a refused connection, a 5xx, a 429 (with the wait the channel
 * asked for in {@code Retry-After}), an SMTP 4xx reply. Not retryable: any other refusal (a 4xx, an SMTP 5xx reply),
 * which another attempt would only repeat.
 */
public class DeliveryException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public DeliveryException(String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** What an HTTP status other than 2xx means for another attempt. */
    public static DeliveryException ofStatus(String channel, int status, String body, String retryAfterHeader) {
        String message = channel + " answered " + status + (body == null || body.isBlank() ? ""
                : ": " + (body.length() > 200 ? body.substring(0, 200) : body));
        if (status == 429) {
            return new DeliveryException(message, true, retryAfter(retryAfterHeader));
        }
        return new DeliveryException(message, status >= 500 || status == 408, null);
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the channel asked us to wait, if it did. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
