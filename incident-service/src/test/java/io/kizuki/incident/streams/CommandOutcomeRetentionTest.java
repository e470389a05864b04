package io.kizuki.incident.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.CommandResult.Outcome;
import io.kizuki.ledger.command.OpenIncident;
import io.kizuki.ledger.event.SignalReceived;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The incident decider keeps command outcomes for their retention only, then forgets them. */
class CommandOutcomeRetentionTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> ledger;

    @BeforeEach
    void startTopology() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "outcome-retention-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(new TopologyProducer(new SimpleMeterRegistry(), RETENTION,
                CommandCredentials.TRUSTED).topology(), props,
                T0);
        commands = driver.createInputTopic(Topics.COMMANDS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        results = driver.createOutputTopic(Topics.COMMAND_RESULTS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        ledger = driver.createOutputTopic(Topics.LEDGER, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void closeTopology() {
        driver.close();
    }

    @Test
    void repeatsTheFirstOutcomeWithinTheRetentionAndDecidesAgainAfterIt() {
        open("cmd-1");
        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED);
        assertThat(ledger.readRecordsToList()).isNotEmpty();

        driver.advanceWallClockTime(RETENTION.minusHours(1));
        open("cmd-1");
        assertThat(outcomes()).containsExactly(Outcome.ACCEPTED);
        assertThat(ledger.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofHours(2));
        open("cmd-1");
        assertThat(outcomes()).containsExactly(Outcome.CONFLICT);
        assertThat(ledger.isEmpty()).isTrue();
    }

    private void open(String commandId) {
        var signal = new SignalReceived("sig-1", "alertmanager", "alertmanager:abc", "fp-1", SignalReceived.FIRING,
                "Disk full", "shop", "shop-db", Severity.SEV2, Map.of("alertname", "DiskFull"), Map.of(), T0, null,
                T0, null, "integration:test", "saturation", List.of(), List.of());
        var command = new OpenIncident("inc-1", signal, null);
        var envelope = new Envelope(commandId, "/test", command.type(), command.incidentId(), T0, null, null, null,
                "kizuki:detection", WireSupport.CODEC.encode(command));
        var record = WireSupport.record(command.incidentId(), envelope, T0.toEpochMilli());
        commands.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), T0));
    }

    private List<Outcome> outcomes() {
        return results.readRecordsToList().stream()
                .map(record -> WireSupport.CODEC.decode(CloudEventHeaders.read(record.headers(), record.value()))
                        .map(CommandResult.class::cast).orElseThrow().outcome())
                .toList();
    }
}
