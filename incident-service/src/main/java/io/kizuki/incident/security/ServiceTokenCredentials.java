package io.kizuki.incident.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.kizuki.incident.streams.CommandCredentials;
import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.command.LedgerCommand;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Commands only notify-service sends (record a page, record a delivery, escalate) or only report-service sends (flag
 * a recurrence) need that service account's token in {@link CommandAuthorization#HEADER}, verified like a bearer
 * token of the API (Keycloak's keys, issuer, expiry, audience {@code kizuki-api}) and holding the realm role
 * {@code notifier} or {@code reporter}; the actor recorded is the token's client.
 * Every other command comes from incident-service's own API and deciders, which checked their callers already.
 * A verified token is remembered until it expires, so a token is verified once, not once per command. A token that
 * is missing, expired or cannot be verified is not a decision ({@link Authority#unauthenticated}): the command is
 * answered but not remembered, and is decided when it comes again with a valid token.
 */
@ApplicationScoped
public class ServiceTokenCredentials implements CommandCredentials {

    private static final Logger LOG = Logger.getLogger(ServiceTokenCredentials.class);
    private static final String BEARER = "Bearer ";
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);
    private static final int REMEMBERED = 1_000;

    private final TenantIdentityProvider tokens;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Authority authority, Instant expiresAt) {}

    public ServiceTokenCredentials(TenantIdentityProvider tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authority check(LedgerCommand command, Headers headers) {
        String role = CommandAuthorization.requiredRole(command);
        if (role == null) {
            return Authority.ENVELOPE;
        }
        Header header = headers.lastHeader(CommandAuthorization.HEADER);
        String value =
                header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (value == null || !value.startsWith(BEARER)) {
            return Authority.unauthenticated(command.type() + " needs a service-account token with the role " + role
                    + " in the " + CommandAuthorization.HEADER + " header");
        }
        String token = value.substring(BEARER.length()).trim();
        String key = role + " " + token;
        Verified known = verified.get(key);
        if (known != null && known.expiresAt().isAfter(Instant.now())) {
            return known.authority();
        }
        Verified checked = verify(token, role);
        if (verified.size() >= REMEMBERED) {
            verified.clear();
        }
        if (checked.expiresAt() != null) {
            verified.put(key, checked);
        }
        return checked.authority();
    }

    private Verified verify(String token, String role) {
        SecurityIdentity identity;
        try {
            identity = tokens.authenticate(new AccessTokenCredential(token))
                    .await()
                    .atMost(VERIFY_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("a command's service-account token was refused: %s", e.getMessage());
            return new Verified(
                    Authority.unauthenticated("the service-account token could not be verified (expired, "
                            + "not valid, or the keys could not be had)"),
                    null);
        }
        if (!identity.hasRole(role)) {
            return new Verified(Authority.refused("the token's client lacks the role " + role), expiry(identity));
        }
        return new Verified(new Authority(Caller.actor(identity.getPrincipal()), null), expiry(identity));
    }

    private static Instant expiry(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
                ? Instant.ofEpochSecond(jwt.getExpirationTime())
                : null;
    }
}
