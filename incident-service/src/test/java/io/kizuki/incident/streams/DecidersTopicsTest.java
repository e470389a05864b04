package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import io.kizuki.incident.health.DecidersTopicsCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

class DecidersTopicsTest {

    @Test
    void readinessAwaitsEveryTopicTheDecidersReadOrWrite() {
        var topology = new TopologyProducer(
                        new SimpleMeterRegistry(),
                        OpenTelemetry.noop().getTracer("test"),
                        Duration.ofHours(24),
                        CommandCredentials.TRUSTED,
                        () -> 3)
                .topology();
        Set<String> topics = new HashSet<>();
        for (var subtopology : topology.describe().subtopologies()) {
            for (var node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    topics.add(sink.topic());
                }
            }
        }

        assertThat(DecidersTopicsCheck.TOPICS).containsExactlyInAnyOrderElementsOf(topics);
    }
}
