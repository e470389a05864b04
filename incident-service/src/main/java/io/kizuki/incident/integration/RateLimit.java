package io.kizuki.incident.integration;

/**
 * An integration's ingestion rate limit: a token bucket refilled at {@code perSecond} requests a second, holding at
 * most {@code burst}. Each instance of incident-service enforces it on its own.
 */
public record RateLimit(double perSecond, double burst) {

    /** The largest rate or burst an admin may set. */
    public static final double MAX = 1_000_000;
}
