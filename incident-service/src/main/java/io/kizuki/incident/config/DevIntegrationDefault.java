package io.kizuki.incident.config;

import java.util.List;

import jakarta.inject.Singleton;

import io.kizuki.web.DevelopmentDefaults;

/** The dev integration's well-known routing key must not be accepted in production. */
@Singleton
public class DevIntegrationDefault implements DevelopmentDefaults {

    private final IncidentServiceConfig config;

    public DevIntegrationDefault(IncidentServiceConfig config) {
        this.config = config;
    }

    @Override
    public List<String> found() {
        return config.devIntegration()
                .routingKey()
                .map(key -> List.of("kizuki.dev-integration.routing-key is set "
                        + "(dev only); unset KIZUKI_DEV_INTEGRATION_ROUTING_KEY"))
                .orElse(List.of());
    }
}
