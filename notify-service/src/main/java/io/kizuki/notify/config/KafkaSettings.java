package io.kizuki.notify.config;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

/**
 * The Kafka client settings notify-service's consumer and producer share: every {@code kafka.*} property without
 * its prefix ({@code kafka.bootstrap.servers}, and in production {@code kafka.security.protocol},
 * {@code kafka.sasl.*}, {@code kafka.ssl.*} …), so that they are set once, from the environment.
 */
@ApplicationScoped
public class KafkaSettings {

    private static final String PREFIX = "kafka.";

    private final Map<String, Object> common = new HashMap<>();

    public KafkaSettings(Config config) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> common.put(name.substring(PREFIX.length()), value));
            }
        }
    }

    /** The shared settings plus a client's own. */
    public Map<String, Object> with(Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(common);
        settings.putAll(own);
        return settings;
    }
}
