package io.kizuki.incident.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.incident.config.IncidentServiceConfig;

/**
 * Ingestion rate limits: a token bucket per integration (per caller), in this instance. Every instance limits on its
 * own, so the cluster-wide limit is the per-instance limit times the instances.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(IncidentServiceConfig config) {
        this.perSecond = config.ingest().rateLimit().perSecond();
        this.burst = config.ingest().rateLimit().burst();
    }

    /** Takes one request from the caller's bucket: 0 when allowed, else the seconds to wait before a retry. */
    public long acquire(String caller) {
        return buckets.computeIfAbsent(caller, c -> new Bucket(burst, System.nanoTime())).take(perSecond, burst);
    }

    private static final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(double perSecond, double burst) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }
    }
}
