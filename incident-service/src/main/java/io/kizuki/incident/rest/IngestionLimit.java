package io.kizuki.incident.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.kizuki.incident.security.Caller;
import io.kizuki.incident.service.RateLimiter;
import io.kizuki.web.Problem;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The rate limit of the ingestion endpoints (signals, webhooks, heartbeats, changes), per caller under its
 * integration's limit, and its answer: 429 with {@code Retry-After}, as Alertmanager and Grafana expect.
 */
@ApplicationScoped
public class IngestionLimit {

    private final RateLimiter rateLimiter;

    public IngestionLimit(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    /** Takes one request from the caller's bucket: {@code null} when allowed, else the 429 to answer. */
    public Response refusal(SecurityIdentity identity, String path) {
        long retryAfter =
                rateLimiter.acquire(Caller.of(identity).actor(), identity.getAttribute(Caller.INTEGRATION_ATTRIBUTE));
        if (retryAfter <= 0) {
            return null;
        }
        return Problem.of(
                        429,
                        "rate-limited",
                        "Too many requests",
                        "the integration's rate limit is reached; retry after " + retryAfter + " s",
                        path)
                .toResponseBuilder()
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .build();
    }
}
