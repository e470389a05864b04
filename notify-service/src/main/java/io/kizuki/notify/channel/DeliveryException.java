package io.kizuki.notify.channel;

import java.time.Duration;

/**
 * An attempt to deliver failed. Retryable: a timeout, a refused connection, a 5xx, a 429 (with the wait the channel
 * asked for in {@code Retry-After}), an SMTP reply other than one refusing the recipient or the message. Not retryable:
 * any other refusal (a 4xx, an SMTP 55x reply), which another attempt would only repeat.
 */
public class DeliveryException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;
    /** The HTTP status the receiver answered, or 0. */
    private final int status;

    public DeliveryException(String message, boolean retryable, Duration retryAfter) {
        this(message, retryable, retryAfter, 0);
    }

    private DeliveryException(String message, boolean retryable, Duration retryAfter, int status) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.status = status;
    }

    /** The failure a future completed with, out of its {@link java.util.concurrent.CompletionException}. */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }

    /**
     * For a receiver whose 401 or 403 means the deployment's {@code credentials} were refused: such a refusal is tried
     * again (a credential's failure says nothing about the message); any other failure as it was.
     */
    public static Throwable credentialsRetried(Throwable failure, String credentials) {
        Throwable cause = unwrap(failure);
        if (cause instanceof DeliveryException refusal && !refusal.retryable() && refusal.credentials()) {
            return new DeliveryException(refusal.getMessage() + " (" + credentials + ")", true, null);
        }
        return cause;
    }

    /** Whether the receiver refused the credentials sent (401, 403): not the message's fault. */
    public boolean credentials() {
        return status == 401 || status == 403;
    }

    /**
     * What an HTTP status other than 2xx means for another attempt. The message (kept on the ledger, shown to every
     * viewer of the incident) has the status and its reason phrase only, never what the receiver wrote.
     */
    public static DeliveryException ofStatus(String channel, int status, String retryAfterHeader) {
        String message = channel + " answered " + status + phrase(status);
        if (status == 429) {
            return new DeliveryException(message, true, retryAfter(retryAfterHeader), status);
        }
        return new DeliveryException(message, status >= 500 || status == 408, null, status);
    }

    private static String phrase(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 408 -> " Request Timeout";
            case 410 -> " Gone";
            case 413 -> " Content Too Large";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
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
