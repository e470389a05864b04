package io.kizuki.notify.service;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.notify.config.NotifyConfig;
import io.kizuki.web.ServiceAccountToken;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * notify-service's own Keycloak service account (client {@code kizuki-notify-service}, realm role {@code notifier}
 * only): its access token goes with every command in {@link CommandAuthorization#HEADER}.
 */
@Singleton
public class ServiceAccount extends ServiceAccountToken {

    public ServiceAccount(
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl,
            NotifyConfig config,
            MeterRegistry meters) {
        super(
                realmUrl,
                config.serviceAccount().clientId(),
                config.serviceAccount().clientSecret());
        bindTo(meters);
    }
}
