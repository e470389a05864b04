package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.CanaryPassed;

/**
 * The dead-man's switch on a stack of its own (the canaries of one that never stops sending them would keep the shared
 * stack from ever being idle, which the benchmark and the backup wait for): a canary every {@value #EVERY}, each with
 * {@value #DEADLINE} to pass the whole pipeline, heartbeats to a receiver in this JVM. Heartbeats come while the
 * pipeline passes the canaries; with the read models stopped the canaries are still decided, yet none is answered by a
 * heartbeat; once they run again, the heartbeats come back.
 */
class DeadMansSwitchIT {

    private static final Path ROOT = Path.of(System.getProperty("kizuki.project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final String EVERY = "1s";
    private static final String DEADLINE = "10s";
    private static final WireCodec CODEC = new WireCodec();

    private static LocalStack stack;
    private static HeartbeatReceiver receiver;

    @BeforeAll
    static void startAStackWithTheSwitchOn() {
        receiver = HeartbeatReceiver.start();
        Map<String, String> settings = Map.of(
                "incident-service.kizuki.canary.every", EVERY,
                "incident-service.kizuki.canary.deadline", DEADLINE,
                "notify-service.kizuki.notify.dead-mans-switch.url", receiver.url());
        settings.forEach((key, value) -> System.setProperty(LocalStack.SERVICE_PROPERTY_PREFIX + key, value));
        try {
            stack = LocalStack.start(
                    ROOT, LocalStack.Ports.random(), ROOT.resolve("deploy/system-tests/target/dead-mans-switch"));
        } finally {
            settings.keySet().forEach(key -> System.clearProperty(LocalStack.SERVICE_PROPERTY_PREFIX + key));
        }
    }

    @AfterAll
    static void stopIt() {
        if (stack != null) {
            stack.close();
        }
        receiver.close();
    }

    @Test
    void sendsHeartbeatsOnlyWhileTheReadModelsToo() {
        Instant start = Instant.now();
        HeartbeatReceiver.Ping ping = await().atMost(PATIENCE)
                .until(() -> heartbeatSentAfter(start), Optional::isPresent)
                .orElseThrow();
        assertThat(ping.method()).isEqualTo("POST");
        assertThat(ping.canaryHeader()).isEqualTo(ping.canaryId()).isNotBlank();
        assertThat(Duration.between(ping.sentAt(), ping.receivedAt())).isLessThan(Duration.parse("PT" + DEADLINE));

        stack.stop("report-service");
        Instant stopped = Instant.now();
        try (var ledger = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> from = ledger.endOffsets(Topics.LEDGER);
            CanaryPassed decided = await().atMost(PATIENCE)
                    .until(() -> decidedSince(ledger, from, stopped), Optional::isPresent)
                    .orElseThrow();

            Duration untilLate = Duration.between(Instant.now(), decided.deadline());
            await().during((untilLate.isNegative() ? Duration.ZERO : untilLate).plusSeconds(2))
                    .atMost(Duration.ofMinutes(1))
                    .until(() -> heartbeatSentAfter(stopped).isEmpty());
            assertThat(receiver.pings())
                    .extracting(HeartbeatReceiver.Ping::canaryId)
                    .doesNotContain(decided.canaryId());
        } finally {
            stack.start("report-service");
        }

        Instant restarted = Instant.now();
        await().atMost(PATIENCE).until(() -> heartbeatSentAfter(restarted), Optional::isPresent);
    }

    private static Optional<HeartbeatReceiver.Ping> heartbeatSentAfter(Instant instant) {
        return receiver.pings().stream()
                .filter(ping -> ping.sentAt() != null && ping.sentAt().isAfter(instant))
                .findFirst();
    }

    /** A canary sent after the instant that the deciders recorded as decided. */
    private static Optional<CanaryPassed> decidedSince(
            TopicReader ledger, Map<TopicPartition, Long> from, Instant instant) {
        List<CanaryPassed> decided = ledger.recordsSince(from, Topics.LEDGER).stream()
                .filter(record -> CanaryPassed.TYPE.equals(CloudEventHeaders.type(record.headers())))
                .flatMap(record -> CODEC.decode(CloudEventHeaders.read(record.headers(), record.value())).stream())
                .map(CanaryPassed.class::cast)
                .filter(canary -> CanaryPassed.DECIDED.equals(canary.stage()))
                .filter(canary -> canary.sentAt().isAfter(instant))
                .toList();
        return decided.stream().findFirst();
    }
}
