package io.kizuki.incident.integration;

import java.time.Instant;

import io.kizuki.ledger.WireType;

/**
 * The latest state of one integration, as kept on the compacted topic {@code kizuki.integrations.v1}. The routing key
 * itself is never stored: only its id (its first characters) and a salted hash of it.
 *
 * @param keyId   the first {@link RoutingKeys#KEY_ID_LENGTH} characters of the key, to find the integration by key
 * @param keySalt random salt of the hash (Base64)
 * @param keyHash HMAC-SHA256 of the key under the salt (Base64)
 * @param rateLimit its own ingestion rate limit; {@code null} for the configured default
 */
public record Integration(
        String integrationId,
        String name,
        String product,
        String keyId,
        String keySalt,
        String keyHash,
        Status status,
        Instant createdAt,
        Instant updatedAt,
        String updatedBy,
        RateLimit rateLimit)
        implements WireType {

    public static final String TYPE = "kizuki.integration.v1";

    public enum Status {
        ACTIVE,
        REVOKED
    }

    @Override
    public String type() {
        return TYPE;
    }

    Integration withKey(RoutingKeys.Stored key, Instant at, String by) {
        return new Integration(
                integrationId,
                name,
                product,
                key.keyId(),
                key.salt(),
                key.hash(),
                status,
                createdAt,
                at,
                by,
                rateLimit);
    }

    Integration withRateLimit(RateLimit limit, Instant at, String by) {
        return new Integration(integrationId, name, product, keyId, keySalt, keyHash, status, createdAt, at, by, limit);
    }

    Integration revoked(Instant at, String by) {
        return new Integration(
                integrationId, name, product, keyId, keySalt, keyHash, Status.REVOKED, createdAt, at, by, rateLimit);
    }
}
