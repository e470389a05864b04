package io.kizuki.incident.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** incident-service settings ({@code kizuki.*}). */
@ConfigMapping(prefix = "kizuki")
public interface IncidentServiceConfig {

    /** How long an HTTP command waits for its decision before answering 202 (pending). */
    @WithDefault("10s")
    Duration commandTimeout();

    Ingest ingest();

    /** Dev only: an integration with a well-known routing key, seeded at start (refused in production). */
    DevIntegration devIntegration();

    interface Ingest {

        RateLimit rateLimit();

        /** A token bucket per integration and instance. */
        interface RateLimit {

            @WithDefault("50")
            double perSecond();

            @WithDefault("100")
            double burst();
        }
    }

    interface DevIntegration {

        Optional<String> routingKey();

        @WithDefault("shop")
        String product();
    }
}
