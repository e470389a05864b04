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
 * <p>
 * A person's command relayed from chat ({@link CommandAuthorization#ON_BEHALF_OF}) needs a token holding
 * {@value CommandAuthorization#CHAT_RELAY_ROLE}, a {@linkplain CommandAuthorization#relayable relayable} command, a
 * user name and a way in; the actor recorded is the user, with the way in as the ledger's {@code ce_via}.
 */
@ApplicationScoped
public class ServiceTokenCredentials implements CommandCredentials {

    private static final Logger LOG = Logger.getLogger(ServiceTokenCredentials.class);
    private static final String BEARER = "Bearer ";
    /** Keycloak's user names of service accounts: never a person a command is relayed for. */
    private static final String SERVICE_ACCOUNT = "service-account-";

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
        String onBehalfOf = header(headers, CommandAuthorization.ON_BEHALF_OF);
        String role =
                onBehalfOf != null ? CommandAuthorization.CHAT_RELAY_ROLE : CommandAuthorization.requiredRole(command);
        if (role == null) {
            return Authority.ENVELOPE;
        }
        String via = header(headers, CommandAuthorization.VIA);
        if (onBehalfOf != null) {
            if (!CommandAuthorization.relayable(command)) {
                return Authority.refused(command.type() + " cannot be relayed for a person");
            }
            if (!CommandAuthorization.USERNAME.matcher(onBehalfOf).matches()
                    || onBehalfOf.startsWith(SERVICE_ACCOUNT)) {
                return Authority.refused(CommandAuthorization.ON_BEHALF_OF + " does not name a user");
            }
            if (via == null || !CommandAuthorization.WAY_IN.matcher(via).matches()) {
                return Authority.refused(CommandAuthorization.VIA + " does not name a way in");
            }
        }
        String value = header(headers, CommandAuthorization.HEADER);
        if (value == null || !value.startsWith(BEARER)) {
            return Authority.unauthenticated(command.type() + " needs a service-account token with the role " + role
                    + " in the " + CommandAuthorization.HEADER + " header");
        }
        Authority sender = sender(value.substring(BEARER.length()).trim(), role);
        return onBehalfOf == null || sender.refusal() != null ? sender : Authority.relayed("user:" + onBehalfOf, via);
    }

    /** Who sent the token, or why it does not do: verified once, then remembered until the token expires. */
    private Authority sender(String token, String role) {
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

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
