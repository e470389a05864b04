package io.kizuki.incident.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.incident.integration.Integration;
import io.kizuki.incident.integration.IntegrationTable;
import io.kizuki.incident.integration.RateLimit;

/**
 * Ingestion rate limits: a token bucket per integration (per caller), in this instance. An integration's own limit
 * (set through the admin API) replaces the configured default. Every instance limits on its own, so the cluster-wide
 * limit is the per-instance limit times the instances.
 */
@ApplicationScoped
public class RateLimiter {

    private final RateLimit defaultLimit;
    private final IntegrationTable integrations;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(IncidentServiceConfig config, IntegrationTable integrations) {
        this.defaultLimit = new RateLimit(
                config.ingest().rateLimit().perSecond(),
                config.ingest().rateLimit().burst());
        this.integrations = integrations;
    }

    /**
     * Takes one request from the caller's bucket, under the limit of its integration ({@code integrationId}, null for
     * a token of an integration client) or else the default: 0 when allowed, else the seconds to wait before a retry.
     */
    public long acquire(String caller, String integrationId) {
        RateLimit own = integrationId == null
                ? null
                : integrations.byId(integrationId).map(Integration::rateLimit).orElse(null);
        RateLimit effective = own == null ? defaultLimit : own;
        Bucket bucket = buckets.compute(
                caller,
                (c, existing) -> existing == null || !existing.limit.equals(effective)
                        ? new Bucket(effective, System.nanoTime())
                        : existing);
        return bucket.take();
    }

    private static final class Bucket {

        private final RateLimit limit;
        private double tokens;
        private long refilledAt;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.refilledAt = now;
        }

        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.perSecond());
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / limit.perSecond()));
        }
    }
}
