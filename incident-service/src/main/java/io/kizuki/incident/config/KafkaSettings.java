package io.kizuki.incident.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;

import io.kizuki.ledger.client.KafkaClientSettings;

/**
 * The Kafka client settings of the clients incident-service makes itself (beside its Kafka Streams and messaging
 * ones, which Quarkus configures): every {@code kafka.*} property without its prefix ({@code kafka.bootstrap.servers},
 * and in production {@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*} …).
 */
@ApplicationScoped
public class KafkaSettings {

    private final Map<String, Object> common;

    public KafkaSettings(Config config) {
        this.common = KafkaClientSettings.from(
                config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
    }

    /** The shared settings plus a client's own. */
    public Map<String, Object> with(Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(common);
        settings.putAll(own);
        return settings;
    }

    /** An admin client whose requests and calls give up after {@code timeout}: the caller closes it. */
    public Admin admin(Duration timeout) {
        int millis = (int) timeout.toMillis();
        return Admin.create(with(Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis)));
    }
}
