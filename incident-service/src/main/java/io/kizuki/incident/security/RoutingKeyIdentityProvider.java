package io.kizuki.incident.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.incident.integration.Integration;
import io.kizuki.incident.integration.IntegrationTable;
import io.kizuki.web.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a routing key into the identity of its integration: role {@code integration}, bound to one product. */
@ApplicationScoped
public class RoutingKeyIdentityProvider implements IdentityProvider<RoutingKeyAuthenticationRequest> {

    private final IntegrationTable integrations;

    public RoutingKeyIdentityProvider(IntegrationTable integrations) {
        this.integrations = integrations;
    }

    @Override
    public Class<RoutingKeyAuthenticationRequest> getRequestType() {
        return RoutingKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            RoutingKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        String key = request.routingKey();
        Integration integration = integrations.byRoutingKey(key).orElse(null);
        if (integration == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown or revoked routing key"));
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("integration:" + integration.name()))
                        .addRole(Roles.INTEGRATION)
                        .addAttribute(Caller.PRODUCT_ATTRIBUTE, integration.product())
                        .addAttribute(Caller.INTEGRATION_ATTRIBUTE, integration.integrationId())
                        .build());
    }
}
