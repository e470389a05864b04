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

    CommandOutcomes commandOutcomes();

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

    /** The incident decider keeps each command's outcome, so that a repeated command id gets its first answer. */
    interface CommandOutcomes {

        /** How long an outcome is kept; a command id repeated later is decided again. */
        @WithDefault("24h")
        Duration retention();
    }

    interface DevIntegration {

        Optional<String> routingKey();

        @WithDefault("shop")
        String product();
    }
}
