package io.kizuki.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.CommandAuthorization;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.StableId;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.command.AcknowledgeIncident;
import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.RecordPage;

class CommandClientTest {

    private final List<ProducerRecord<String, byte[]>> sent = new CopyOnWriteArrayList<>();
    private final RecordSender kafka = record -> {
        sent.add(record);
        return CompletableFuture.completedFuture(null);
    };
    private final RecordPage page =
            new RecordPage("inc-1", "page-1", "alice", "Asia/Tokyo", "slack", 1, Instant.parse("2026-12-03T03:00:00Z"));

    @Test
    void sendsACommandKeyedByItsStreamWithTheCommandIdAsEnvelopeId() throws Exception {
        var client = new CommandClient("/kizuki/test", kafka);
        String id = StableId.of("ack", "inc-1");
        var acknowledge = new AcknowledgeIncident("inc-1", 3L, List.of("shop"));
        client.send(id, acknowledge, "user:alice").get(5, TimeUnit.SECONDS);

        ProducerRecord<String, byte[]> record = sent.getFirst();
        Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
        assertThat(record.topic()).isEqualTo(Topics.COMMANDS);
        assertThat(record.key()).isEqualTo("inc-1");
        assertThat(envelope.id()).isEqualTo(id);
        assertThat(envelope.correlationId()).isEqualTo(id);
        assertThat(envelope.type()).isEqualTo(AcknowledgeIncident.TYPE);
        assertThat(envelope.actor()).isEqualTo("user:alice");
        assertThat(record.headers().lastHeader(CommandAuthorization.HEADER)).isNull();
        assertThat(new WireCodec().decode(envelope)).contains(acknowledge);
    }

    @Test
    void sendsAServicesOwnCommandsOnTheBulkLaneAndThePeoplesItRelaysBesideThePeoplesOwn() throws Exception {
        try (var client = new ServiceCommandClient(
                "/kizuki/test", kafka, () -> "client:kizuki-notify-service", () -> Optional.of("Bearer t0k3n"))) {
            client.send("cmd-1", page).get(5, TimeUnit.SECONDS);
            client.sendFor("cmd-2", new AcknowledgeIncident("inc-1", null, List.of()), "alice", "slack")
                    .get(5, TimeUnit.SECONDS);

            assertThat(sent)
                    .extracting(ProducerRecord::topic)
                    .containsExactly(Topics.SERVICE_COMMANDS, Topics.COMMANDS);
            assertThat(sent).extracting(ProducerRecord::key).containsOnly("inc-1");
        }
    }

    @Test
    void signsAServicesCommandWithItsCurrentToken() throws Exception {
        try (var client = new ServiceCommandClient(
                "/kizuki/test", kafka, () -> "client:kizuki-notify-service", () -> Optional.of("Bearer t0k3n"))) {
            client.send("cmd-1", page).get(5, TimeUnit.SECONDS);

            ProducerRecord<String, byte[]> record = sent.getFirst();
            assertThat(new String(
                            record.headers()
                                    .lastHeader(CommandAuthorization.HEADER)
                                    .value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("Bearer t0k3n");
            assertThat(CloudEventHeaders.read(record.headers(), record.value()).actor())
                    .isEqualTo("client:kizuki-notify-service");
        }
    }

    @Test
    void holdsASignedCommandUntilATokenCanBeHad() throws Exception {
        AtomicReference<Optional<String>> token = new AtomicReference<>(Optional.empty());
        try (var client = new ServiceCommandClient("/kizuki/test", kafka, () -> "client:x", token::get)) {
            CompletableFuture<Void> done = client.send("cmd-1", page);

            assertThat(sent).isEmpty();
            assertThat(done).isNotDone();
            token.set(Optional.of("Bearer late"));
            done.get(ServiceCommandClient.FIRST_WAIT.multipliedBy(5).toMillis(), TimeUnit.MILLISECONDS);

            assertThat(sent).hasSize(1);
        }
    }

    @Test
    void failsTheSendWhenKafkaDoesNotTakeTheCommand() {
        RecordSender refusing = record -> CompletableFuture.failedFuture(new IllegalStateException("broker away"));
        var client = new CommandClient("/kizuki/test", refusing);
        assertThatThrownBy(() -> client.send("cmd-1", page, "user:alice").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("broker away");
    }

    @Test
    void completesTheDecisionItsResultNames() throws Exception {
        var client = new CommandClient("/kizuki/test", kafka);
        CompletableFuture<CommandResult> mine = client.decision("cmd-1");
        CompletableFuture<CommandResult> other = client.decision("cmd-2");
        var result =
                new CommandResult("cmd-1", "inc-1", CommandResult.Outcome.ACCEPTED, null, null, 4, List.of(), null);
        var envelope = resultEnvelope("cmd-1", result);

        client.accept(LedgerRecords.headers(envelope), envelope.data());
        client.accept(LedgerRecords.headers(envelope), "not json".getBytes(StandardCharsets.UTF_8));

        assertThat(mine.get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(result);
        assertThat(other).isNotDone();
        client.forget("cmd-2", other);
        assertThat(client.decision("cmd-2")).isNotSameAs(other);
    }

    @Test
    void goesByTheCommandTheResultsHeaderNamesAndReadsAResultWithoutOne() throws Exception {
        var client = new CommandClient("/kizuki/test", kafka);
        CompletableFuture<CommandResult> mine = client.decision("cmd-1");
        var result =
                new CommandResult("cmd-1", "inc-1", CommandResult.Outcome.ACCEPTED, null, null, 4, List.of(), null);
        var anothers = resultEnvelope("cmd-9", result);
        var unnamed = resultEnvelope(null, result);

        client.accept(LedgerRecords.headers(anothers), anothers.data());
        assertThat(mine).isNotDone();
        client.accept(LedgerRecords.headers(unnamed), unnamed.data());

        assertThat(mine.get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(result);
    }

    /** A result as the decider writes it, naming {@code causation} as its command in {@code ce_causationid}. */
    private static Envelope resultEnvelope(String causation, CommandResult result) {
        return new Envelope(
                "res-" + result.commandId(),
                "/kizuki/incident-service",
                CommandResult.TYPE,
                result.incidentId(),
                Instant.now(),
                null,
                causation,
                causation,
                null,
                new WireCodec().encode(result));
    }
}
