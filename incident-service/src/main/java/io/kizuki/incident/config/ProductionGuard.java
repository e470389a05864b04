package io.kizuki.incident.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * In the production profile, refuses to start with a development default: the dev integration's well-known routing
 * key, or the local Keycloak. Every secret comes from the environment or a mounted file.
 */
public class ProductionGuard {

    static final String DEV_OIDC_URL = "http://localhost:8180/realms/kizuki";

    void check(@Observes StartupEvent startup, IncidentServiceConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcUrl) {
        if (LaunchMode.current() != LaunchMode.NORMAL || !ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> problems = new ArrayList<>();
        config.devIntegration().routingKey().ifPresent(key -> problems.add("kizuki.dev-integration.routing-key is set (dev only)"));
        oidcUrl.filter(DEV_OIDC_URL::equals).ifPresent(url -> problems.add("quarkus.oidc.auth-server-url is the "
                + "local development Keycloak; set QUARKUS_OIDC_AUTH_SERVER_URL"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start in production with development defaults: "
                    + String.join("; ", problems));
        }
    }
}
