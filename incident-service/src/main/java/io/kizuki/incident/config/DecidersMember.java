package io.kizuki.incident.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.kizuki.ledger.client.GroupMembers;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Makes each instance's deciders a static member of their consumer group: {@value #PROPERTY} named by the application
 * id, the host and the HTTP port ({@link GroupMembers}; Kafka Streams appends each stream thread's number). One killed
 * and started again on the same host takes its tasks back as soon as it joins, instead of the group waiting for the
 * killed process's session to time out and rebalancing. Below {@code application.properties} and the environment,
 * which may set the property themselves.
 */
public class DecidersMember implements ConfigSourceFactory {

    public static final String PROPERTY = "kafka-streams.main.consumer.group.instance.id";
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return name(value(context, "quarkus.kafka-streams.application-id"), value(context, "quarkus.http.port"))
                .<Iterable<ConfigSource>>map(name ->
                        List.of(new PropertiesConfigSource(Map.of(PROPERTY, name), "kizuki-deciders-member", ORDINAL)))
                .orElse(List.of());
    }

    /** The member's name, when the application id and a fixed port are known. */
    static Optional<String> name(Optional<String> applicationId, Optional<String> port) {
        if (applicationId.isEmpty() || port.isEmpty() || !port.get().matches("[0-9]{1,5}")) {
            return Optional.empty();
        }
        return GroupMembers.name(applicationId.get(), GroupMembers.hostName(), Integer.parseInt(port.get()));
    }

    private static Optional<String> value(ConfigSourceContext context, String property) {
        return Optional.ofNullable(context.getValue(property)).map(ConfigValue::getValue);
    }
}
