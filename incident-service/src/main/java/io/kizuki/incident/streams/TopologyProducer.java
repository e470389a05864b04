package io.kizuki.incident.streams;

import java.time.Duration;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import io.kizuki.incident.config.IncidentServiceConfig;
import io.kizuki.ledger.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;

/**
 * incident-service's Kafka Streams topology: the only producer of {@link Topics#LEDGER}. Detection and the incident
 * decider are one sub-topology (one task, one transaction, per partition): a command detection sends for an incident
 * of its own partition ({@link Colocation}: every incident it opens) goes straight to the decider; others (incidents
 * opened before incidents were co-located, or with unequal partition counts) go through the commands topic. People's
 * commands and services' own (pages and deliveries recorded, escalations) come on two topics, two lanes: a task takes
 * what it has fetched of each, so a person's acknowledgement waits behind the few records fetched before it, never
 * behind a storm's backlog of pages recorded on the same partition. Detection also keeps the alerts a silence
 * suppresses beside the silences, on {@code kizuki.silences.v1}.
 *
 * <pre>
 * kizuki.signals.v1 ────────────┐                               ┌─ kizuki.ledger.v1
 *                               ├─ detect ──┬───────── decide ──┼─ kizuki.command-results.v1
 * kizuki.detection-feedback.v1 ─┘           │            │      ├─ kizuki.detection-feedback.v1
 *                                           └─ kizuki.commands.v1 ┤      └─ kizuki.knowledge.v1
 *                                      kizuki.service-commands.v1 ┘
 * </pre>
 */
@ApplicationScoped
public class TopologyProducer {

    static final String DECIDE = "decide";
    static final String DETECTION_STORE = "detection-state";
    static final String HEARTBEAT_STORE = "heartbeats";
    static final String INCIDENT_STORE = "incident-state";
    static final String OUTCOME_STORE = "command-outcomes";
    static final String COMMANDS_SINK = "to-commands";
    static final String LEDGER_SINK = "to-ledger";
    static final String RESULTS_SINK = "to-results";
    static final String FEEDBACK_SINK = "to-detection-feedback";
    static final String KNOWLEDGE_SINK = "to-knowledge";
    static final String SILENCES_SINK = "to-silences";
    static final String DEAD_LETTER_SINK = "to-dead-letters";

    private final DeciderMetrics metrics;
    private final Duration outcomeRetention;
    private final CommandCredentials credentials;
    private final IntSupplier commandPartitions;
    private final Tracer tracer;

    @Inject
    public TopologyProducer(
            MeterRegistry registry,
            Tracer tracer,
            IncidentServiceConfig config,
            CommandCredentials credentials,
            CommandPartitions commandPartitions) {
        this(registry, tracer, config.commandOutcomes().retention(), credentials, commandPartitions);
    }

    TopologyProducer(
            MeterRegistry registry,
            Tracer tracer,
            Duration outcomeRetention,
            CommandCredentials credentials,
            IntSupplier commandPartitions) {
        this.metrics = new DeciderMetrics(registry);
        this.tracer = tracer;
        this.outcomeRetention = outcomeRetention;
        this.credentials = credentials;
        this.commandPartitions = commandPartitions;
    }

    @Produces
    public Topology topology() {
        var strings = Serdes.String();
        var bytes = Serdes.ByteArray();
        var topology = new Topology();

        topology.addSource("signals", strings.deserializer(), bytes.deserializer(), Topics.SIGNALS);
        topology.addSource(
                "detection-feedback", strings.deserializer(), bytes.deserializer(), Topics.DETECTION_FEEDBACK);
        topology.addProcessor(
                "detect",
                () -> new DetectionProcessor(metrics, tracer, commandPartitions),
                "signals",
                "detection-feedback");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DETECTION_STORE), strings, bytes), "detect");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEARTBEAT_STORE), strings, bytes), "detect");
        topology.addSink(COMMANDS_SINK, Topics.COMMANDS, strings.serializer(), bytes.serializer(), "detect");
        topology.addSink(SILENCES_SINK, Topics.SILENCES, strings.serializer(), bytes.serializer(), "detect");

        topology.addSource("commands", strings.deserializer(), bytes.deserializer(), Topics.COMMANDS);
        topology.addSource("service-commands", strings.deserializer(), bytes.deserializer(), Topics.SERVICE_COMMANDS);
        topology.addProcessor(
                DECIDE,
                () -> new IncidentProcessor(metrics, tracer, outcomeRetention, credentials),
                "commands",
                "service-commands",
                "detect");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INCIDENT_STORE), strings, bytes), DECIDE);
        topology.addStateStore(
                Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(OUTCOME_STORE), strings, bytes),
                DECIDE);
        topology.addSink(LEDGER_SINK, Topics.LEDGER, strings.serializer(), bytes.serializer(), DECIDE);
        topology.addSink(RESULTS_SINK, Topics.COMMAND_RESULTS, strings.serializer(), bytes.serializer(), DECIDE);
        topology.addSink(FEEDBACK_SINK, Topics.DETECTION_FEEDBACK, strings.serializer(), bytes.serializer(), DECIDE);
        topology.addSink(KNOWLEDGE_SINK, Topics.KNOWLEDGE, strings.serializer(), bytes.serializer(), DECIDE);
        topology.addSink(
                DEAD_LETTER_SINK, Topics.DEAD_LETTERS, strings.serializer(), bytes.serializer(), "detect", DECIDE);
        return topology;
    }
}
