package io.kizuki.incident.security;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.incident.integration.RoutingKeys;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets producers that cannot do OAuth push signals with a routing key as a bearer token, so Alertmanager's and
 * Grafana's {@code authorization} settings work unchanged. Only on the ingestion endpoints (signals, changes,
 * heartbeats), and only for values that
 * have the shape of a routing key: every other bearer token is left to OIDC.
 */
@ApplicationScoped
public class RoutingKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The ingestion endpoints: signals in every format, changes, heartbeats. */
    static final List<String> INGESTION_PATHS = List.of("/api/v1/signals", "/api/v1/changes", "/api/v1/heartbeats/");

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = routingKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new RoutingKeyAuthenticationRequest(key));
    }

    /** Before OIDC's mechanism, which would reject a routing key as a malformed JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(RoutingKeyAuthenticationRequest.class);
    }

    private static String routingKey(RoutingContext context) {
        String path = context.normalizedPath();
        if (INGESTION_PATHS.stream().noneMatch(path::startsWith)) {
            return null;
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return RoutingKeys.looksLikeKey(token) ? token : null;
    }
}
