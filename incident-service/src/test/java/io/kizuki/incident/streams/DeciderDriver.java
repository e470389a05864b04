package io.kizuki.incident.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.kizuki.incident.domain.DetectionFeedback;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.IncidentCommand;
import io.kizuki.ledger.event.CanarySent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.SignalReceived;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/** The deciders' topology on Kafka Streams' test driver: commands in, results and ledger records out. */
final class DeciderDriver implements AutoCloseable {

    private final Instant time;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> commands;
    private final TestInputTopic<String, byte[]> serviceCommands;
    private final TestInputTopic<String, byte[]> signals;
    private final TestInputTopic<String, byte[]> feedback;
    private final TestOutputTopic<String, byte[]> commandsWritten;
    private int piped;
    private final TestOutputTopic<String, byte[]> results;
    private final TestOutputTopic<String, byte[]> ledger;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final TestOutputTopic<String, byte[]> silences;

    DeciderDriver(String applicationId, Instant time, Duration outcomeRetention, CommandCredentials credentials) {
        this(applicationId, time, outcomeRetention, credentials, 1);
    }

    /**
     * @param commandPartitions how many partitions the commands topic is said to have (the driver runs the task of
     *                          partition 0)
     */
    DeciderDriver(
            String applicationId,
            Instant time,
            Duration outcomeRetention,
            CommandCredentials credentials,
            int commandPartitions) {
        this.time = time;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                new TopologyProducer(
                                new SimpleMeterRegistry(),
                                OpenTelemetry.noop().getTracer("test"),
                                outcomeRetention,
                                credentials,
                                () -> commandPartitions)
                        .topology(),
                props,
                time);
        commands = driver.createInputTopic(
                Topics.COMMANDS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        serviceCommands = driver.createInputTopic(
                Topics.SERVICE_COMMANDS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        signals = driver.createInputTopic(
                Topics.SIGNALS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        feedback = driver.createInputTopic(
                Topics.DETECTION_FEEDBACK,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        commandsWritten = driver.createOutputTopic(
                Topics.COMMANDS,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        results = driver.createOutputTopic(
                Topics.COMMAND_RESULTS,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        ledger = driver.createOutputTopic(
                Topics.LEDGER,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(
                Topics.DEAD_LETTERS,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        silences = driver.createOutputTopic(
                Topics.SILENCES,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    /** Sends a command with this id, as the actor, on the people's lane. */
    void send(String commandId, IncidentCommand command, String actor) {
        send(commands, commandId, command, actor);
    }

    /** Sends a command with this id, as the actor, on the services' lane (unsigned: for trusted credentials). */
    void sendAsService(String commandId, IncidentCommand command, String actor) {
        send(serviceCommands, commandId, command, actor);
    }

    private void send(TestInputTopic<String, byte[]> lane, String commandId, IncidentCommand command, String actor) {
        var envelope = new Envelope(
                commandId,
                "/test",
                command.type(),
                command.incidentId(),
                time,
                null,
                null,
                null,
                actor,
                WireSupport.CODEC.encode(command));
        var record = WireSupport.record(command.incidentId(), envelope, time.toEpochMilli());
        lane.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), time));
    }

    /** Sends a signal of this dedup stream, as ingestion writes it. */
    void signal(String dedupKey, SignalReceived signal) {
        pipe(signals, dedupKey, signal, "kizuki:ingestion");
    }

    /** Sends a canary of the dead-man's switch, as ingestion writes it. */
    void canary(CanarySent canary) {
        pipe(signals, CanarySent.KEY, canary, "kizuki:canary");
    }

    /** Sends detection feedback, as the incident decider writes it. */
    void feedback(DetectionFeedback message) {
        pipe(feedback, message.dedupKey(), message, "kizuki:detection");
    }

    private void pipe(TestInputTopic<String, byte[]> topic, String key, WireType value, String actor) {
        var envelope = new Envelope(
                StableId.of(key, value.type(), Integer.toString(++piped)),
                "/test",
                value.type(),
                key,
                time,
                null,
                null,
                null,
                actor,
                WireSupport.CODEC.encode(value));
        var record = WireSupport.record(key, envelope, time.toEpochMilli());
        topic.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), time));
    }

    /** The commands written to the commands topic since the last call (by detection, for incidents not its own). */
    List<IncidentCommand> commandsWritten() {
        return commandsWritten.readRecordsToList().stream()
                .map(record -> WireSupport.CODEC
                        .decode(CloudEventHeaders.read(record.headers(), record.value()))
                        .map(IncidentCommand.class::cast)
                        .orElseThrow())
                .toList();
    }

    /** Sends a record onto the commands topic as it is. */
    void sendRaw(String key, byte[] value, Headers headers) {
        commands.pipeInput(new TestRecord<>(key, value, headers, time));
    }

    /** The dead letters written since the last call. */
    List<TestRecord<String, byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** The records written to the silences topic since the last call (the alerts suppressed, and tombstones). */
    List<TestRecord<String, byte[]>> silenceRecords() {
        return silences.readRecordsToList();
    }

    /** The results written since the last call. */
    List<CommandResult> results() {
        return results.readRecordsToList().stream()
                .map(record -> WireSupport.CODEC
                        .decode(CloudEventHeaders.read(record.headers(), record.value()))
                        .map(CommandResult.class::cast)
                        .orElseThrow())
                .toList();
    }

    /** The ledger records written since the last call, as they are. */
    List<TestRecord<String, byte[]>> ledgerRecords() {
        return ledger.readRecordsToList();
    }

    /** The incidents opened on the ledger since the last call, in order. */
    List<String> openedIncidents() {
        return ledger.readRecordsToList().stream()
                .filter(record -> IncidentOpened.TYPE.equals(CloudEventHeaders.type(record.headers())))
                .map(TestRecord::key)
                .toList();
    }

    /** The types of the ledger records written since the last call. */
    List<String> ledgerTypes() {
        return ledger.readRecordsToList().stream()
                .map(record -> CloudEventHeaders.type(record.headers()))
                .toList();
    }

    void advanceWallClockTime(Duration by) {
        driver.advanceWallClockTime(by);
    }

    @Override
    public void close() {
        driver.close();
    }
}
