package io.kizuki.incident.streams;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.ledger.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * incident-service's Kafka Streams topology: the only producer of {@link Topics#LEDGER}.
 *
 * <pre>
 * kizuki.signals.v1 ─┐                                    ┌─ kizuki.ledger.v1
 *                    ├─ detect (dedup key) ─ kizuki.commands.v1 ─ decide (incident id) ─┼─ kizuki.command-results.v1
 * kizuki.detection-feedback.v1 ─┘                                                        ├─ kizuki.detection-feedback.v1
 *                                                                                        └─ kizuki.knowledge.v1
 * </pre>
 */
@ApplicationScoped
public class TopologyProducer {

    static final String DETECTION_STORE = "detection-state";
    static final String HEARTBEAT_STORE = "heartbeats";
    static final String INCIDENT_STORE = "incident-state";
    static final String OUTCOME_STORE = "command-outcomes";
    static final String COMMANDS_SINK = "to-commands";
    static final String LEDGER_SINK = "to-ledger";
    static final String RESULTS_SINK = "to-results";
    static final String FEEDBACK_SINK = "to-detection-feedback";
    static final String KNOWLEDGE_SINK = "to-knowledge";
    static final String DEAD_LETTER_SINK = "to-dead-letters";

    private final DeciderMetrics metrics;
    private final Duration outcomeRetention;
    private final CommandCredentials credentials;

    @Inject
    public TopologyProducer(MeterRegistry registry, IncidentServiceConfig config, CommandCredentials credentials) {
        this(registry, config.commandOutcomes().retention(), credentials);
    }

    TopologyProducer(MeterRegistry registry, Duration outcomeRetention, CommandCredentials credentials) {
        this.metrics = new DeciderMetrics(registry);
        this.outcomeRetention = outcomeRetention;
        this.credentials = credentials;
    }

    @Produces
    public Topology topology() {
        var strings = Serdes.String();
        var bytes = Serdes.ByteArray();
        var topology = new Topology();

        topology.addSource("signals", strings.deserializer(), bytes.deserializer(), Topics.SIGNALS);
        topology.addSource(
                "detection-feedback", strings.deserializer(), bytes.deserializer(), Topics.DETECTION_FEEDBACK);
        topology.addProcessor("detect", () -> new DetectionProcessor(metrics), "signals", "detection-feedback");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DETECTION_STORE), strings, bytes), "detect");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEARTBEAT_STORE), strings, bytes), "detect");
        topology.addSink(COMMANDS_SINK, Topics.COMMANDS, strings.serializer(), bytes.serializer(), "detect");

        topology.addSource("commands", strings.deserializer(), bytes.deserializer(), Topics.COMMANDS);
        topology.addProcessor(
                "decide", () -> new IncidentProcessor(metrics, outcomeRetention, credentials), "commands");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE), strings, bytes), "decide");
        topology.addStateStore(
                Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(OUTCOME_STORE), strings, bytes),
                "decide");
        topology.addSink(LEDGER_SINK, Topics.LEDGER, strings.serializer(), bytes.serializer(), "decide");
        topology.addSink(RESULTS_SINK, Topics.COMMAND_RESULTS, strings.serializer(), bytes.serializer(), "decide");
        topology.addSink(FEEDBACK_SINK, Topics.DETECTION_FEEDBACK, strings.serializer(), bytes.serializer(), "decide");
        topology.addSink(KNOWLEDGE_SINK, Topics.KNOWLEDGE, strings.serializer(), bytes.serializer(), "decide");
        topology.addSink(
                DEAD_LETTER_SINK, Topics.DEAD_LETTERS, strings.serializer(), bytes.serializer(), "detect", "decide");
        return topology;
    }
}
