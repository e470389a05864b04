package io.kizuki.system;

import static io.kizuki.system.StackClient.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.CanaryPassed;

/**
 * The dead-man's switch on the shared stack (a canary every second, {@link SharedStack#CANARY_DEADLINE} to pass,
 * heartbeats to a receiver in this JVM): heartbeats come while the whole pipeline passes the canaries; with the read
 * models stopped the canaries are still decided, yet none is answered by a heartbeat; once they run again, the
 * heartbeats come back.
 */
class DeadMansSwitchIT {

    private static final WireCodec CODEC = new WireCodec();
    private static final Duration DEADLINE = Duration.parse("PT" + SharedStack.CANARY_DEADLINE.toUpperCase());

    private static LocalStack stack;
    private static HeartbeatReceiver receiver;

    @BeforeAll
    static void shareTheStack() {
        stack = SharedStack.get();
        receiver = SharedStack.heartbeats();
    }

    @Test
    void sendsHeartbeatsOnlyWhileTheReadModelsToo() {
        Instant start = Instant.now();
        HeartbeatReceiver.Ping ping = await().atMost(PATIENCE)
                .until(() -> heartbeatSentAfter(start), Optional::isPresent)
                .orElseThrow();
        assertThat(ping.method()).isEqualTo("POST");
        assertThat(ping.canaryHeader()).isEqualTo(ping.canaryId()).isNotBlank();
        assertThat(Duration.between(ping.sentAt(), ping.receivedAt())).isLessThan(DEADLINE);

        stack.stop("report-service");
        Instant stopped = Instant.now();
        try (var ledger = new TopicReader(stack.kafkaBootstrapServers())) {
            Map<TopicPartition, Long> from = ledger.endOffsets(Topics.LEDGER);
            CanaryPassed decided = await().atMost(PATIENCE)
                    .until(() -> decidedSince(ledger, from, stopped), Optional::isPresent)
                    .orElseThrow();

            Duration untilLate = Duration.between(Instant.now(), decided.deadline());
            await().during((untilLate.isNegative() ? Duration.ZERO : untilLate).plusSeconds(2))
                    .atMost(DEADLINE.plusSeconds(30))
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
