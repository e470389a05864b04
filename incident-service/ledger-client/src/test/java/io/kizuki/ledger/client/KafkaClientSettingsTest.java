package io.kizuki.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    @Test
    void takesEveryKafkaPropertyWithoutItsPrefixAndNothingElse() {
        Map<String, String> config = Map.of(
                "kafka.bootstrap.servers", "broker:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka-streams.security.protocol", "SASL_SSL",
                "quarkus.http.port", "8081");

        var settings = KafkaClientSettings.from(
                List.of(
                        "kafka.bootstrap.servers",
                        "kafka.security.protocol",
                        "kafka-streams.security.protocol",
                        "quarkus.http.port",
                        "kafka.sasl.mechanism"),
                name -> Optional.ofNullable(config.get(name)));

        assertThat(settings)
                .containsOnly(
                        Map.entry("bootstrap.servers", "broker:9093"), Map.entry("security.protocol", "SASL_SSL"));
    }
}
