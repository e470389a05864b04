package io.kizuki.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * In the production profile, refuses to start with a development default: the local Keycloak, or any of the
 * service's own {@link DevelopmentDefaults}. Every secret comes from the environment or a mounted file.
 */
public class ProductionGuard {

    static final String DEV_OIDC_URL = "http://localhost:8180/realms/kizuki";

    void check(
            @Observes StartupEvent startup,
            Instance<DevelopmentDefaults> defaults,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcUrl) {
        if (LaunchMode.current() != LaunchMode.NORMAL
                || !ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> problems = new ArrayList<>();
        defaults.forEach(service -> problems.addAll(service.found()));
        oidcUrl.filter(DEV_OIDC_URL::equals)
                .ifPresent(url -> problems.add(
                        "quarkus.oidc.auth-server-url is the " + "local development Keycloak; set KIZUKI_OIDC_URL"));
        if (!problems.isEmpty()) {
            String refusal =
                    "refusing to start in production with development defaults: " + String.join("; ", problems);
            // straight to stderr as well: an asynchronous log handler may lose its last lines when start-up fails
            System.err.println(refusal);
            throw new IllegalStateException(refusal);
        }
    }
}
