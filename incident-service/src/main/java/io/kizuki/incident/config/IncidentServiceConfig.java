package io.kizuki.incident.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** incident-service settings ({@code kizuki.*}). */
@ConfigMapping(prefix = "kizuki")
public interface IncidentServiceConfig {

    /** How long an HTTP command waits for its decision before answering 202 (pending). */
    @WithDefault("10s")
    Duration commandTimeout();
}
