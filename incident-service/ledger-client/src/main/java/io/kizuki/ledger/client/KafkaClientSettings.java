package io.kizuki.ledger.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of the Kafka clients a service makes itself (beside those Quarkus configures for its channels and
 * Kafka Streams): every {@code kafka.*} configuration property without its prefix ({@code kafka.bootstrap.servers}, and
 * in production {@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.*} …), so that they are set
 * once, from the environment, for every client.
 */
public final class KafkaClientSettings {

    static final String PREFIX = "kafka.";

    private KafkaClientSettings() {}

    /**
     * @param propertyNames every configuration property's name
     * @param value         a property's value, if it has one
     */
    public static Map<String, Object> from(Iterable<String> propertyNames, Function<String, Optional<String>> value) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : propertyNames) {
            if (name.startsWith(PREFIX)) {
                value.apply(name).ifPresent(v -> settings.put(name.substring(PREFIX.length()), v));
            }
        }
        return settings;
    }
}
