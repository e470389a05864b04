package io.kizuki.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.kizuki.ledger.command.CommandResult;
import io.kizuki.ledger.command.LedgerCommand;
import io.kizuki.ledger.command.RecordChange;
import io.kizuki.ledger.command.RecordDelivery;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.HeartbeatPinged;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.LedgerEvent;
import io.kizuki.ledger.event.SignalReceived;

class WireCodecTest {

    private final WireCodec codec = new WireCodec();

    @Test
    void decodesEveryEventAndCommandOfTheContractToItsOwnClass() throws ReflectiveOperationException {
        Set<Class<?>> wireTypes =
                new HashSet<>(Set.of(SignalReceived.class, HeartbeatPinged.class, CommandResult.class));
        addLeaves(LedgerEvent.class, wireTypes);
        addLeaves(LedgerCommand.class, wireTypes);
        Set<String> names = new HashSet<>();

        for (Class<?> wireType : wireTypes) {
            String name = (String) wireType.getField("TYPE").get(null);
            assertThat(codec.classOf(name)).as(name).isEqualTo(wireType);
            assertThat(names.add(name)).as("type name %s is used once", name).isTrue();
            assertThat(name).as(wireType.getSimpleName()).matches("kizuki\\.[a-z-]+(\\.[a-z-]+)*\\.v[0-9]+");
        }
    }

    /** The records of a sealed hierarchy: its permitted subtypes, and theirs. */
    private static void addLeaves(Class<?> type, Set<Class<?>> leaves) {
        if (type.isSealed()) {
            for (Class<?> subtype : type.getPermittedSubclasses()) {
                addLeaves(subtype, leaves);
            }
        } else {
            leaves.add(type);
        }
    }

    @Test
    void readsServiceStreamRecordsAsWrittenBeforeServicesHadTheirOwnTypes() {
        byte[] change = """
                {"stream":"service:shop-checkout","changeId":"chg-1","product":"shop","service":"shop-checkout",
                 "version":"2026.12.1","kind":"deploy","summary":"release","links":[],"actor":"ci",
                 "occurredAt":"2026-12-01T10:00:00Z","recordedBy":"client:ci","recordedAt":"2026-12-01T10:00:01Z"}
                """.getBytes(StandardCharsets.UTF_8);
        byte[] command = """
                {"stream":"service:shop-checkout","changeId":"chg-1","product":"shop","service":"shop-checkout",
                 "kind":"deploy","allowedProducts":["shop"]}
                """.getBytes(StandardCharsets.UTF_8);

        var recorded = (ChangeRecorded)
                codec.decode(envelope(ChangeRecorded.TYPE, change)).orElseThrow();
        var record = (RecordChange)
                codec.decode(envelope(RecordChange.TYPE, command)).orElseThrow();

        assertThat(recorded.streamId()).isEqualTo("service:shop-checkout");
        assertThat(recorded.occurredAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(record.streamId()).isEqualTo("service:shop-checkout");
        assertThat(record.allowedProducts()).isEqualTo(List.of("shop"));
        assertThat(codec.toTree(recorded).get("stream").asText()).isEqualTo("service:shop-checkout");
        assertThat(codec.toTree(recorded).has("streamId")).isFalse();
    }

    @Test
    void readsADeliveryRecordedBeforeItCarriedItsPagesAsPagingNobody() {
        byte[] command = """
                {"incidentId":"inc-1","notificationId":"ntf:inc-1:1:page:1:email:pat","channel":"email",
                 "recipient":"pat","purpose":"page","level":1,"delivered":true,"attempts":1,"reason":null,
                 "retrying":false,"at":"2026-12-01T10:00:00Z"}
                """.getBytes(StandardCharsets.UTF_8);

        var delivery = (RecordDelivery)
                codec.decode(envelope(RecordDelivery.TYPE, command)).orElseThrow();

        assertThat(delivery.pages()).isEmpty();
        assertThat(delivery.delivered()).isTrue();
    }

    @Test
    void roundTripsAnEventThroughCloudEventsBinaryHeaders() {
        var opened = new IncidentOpened(
                "inc-1",
                "Disk full",
                "shop",
                "shop-db",
                Severity.SEV2,
                "am:abc",
                "alertmanager",
                "sig-1",
                Instant.parse("2026-11-22T03:00:00Z"),
                null,
                "error-rate",
                java.util.List.of(new Link("dashboard", "https://grafana.example/d/abc")),
                null);
        var envelope = new Envelope(
                "evt-1",
                "/kizuki/incident-service",
                opened.type(),
                "inc-1",
                Instant.parse("2026-11-22T03:00:01Z"),
                1L,
                "cmd-1",
                "corr-1",
                "kizuki:detection",
                codec.encode(opened));
        var headers = new RecordHeaders();

        CloudEventHeaders.write(envelope, headers);
        Envelope read = CloudEventHeaders.read(headers, envelope.data());

        assertThat(new String(headers.lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("kizuki.incident.opened.v1");
        assertThat(read.sequence()).isEqualTo(1L);
        assertThat(read.actor()).isEqualTo("kizuki:detection");
        assertThat(codec.decode(read)).contains(opened);
    }

    @Test
    void ignoresUnknownFieldsOfAKnownType() {
        byte[] data = """
                {"incidentId":"inc-1","acknowledgedBy":"alice","acknowledgedAt":"2026-11-22T03:00:00Z","mood":"calm"}
                """.getBytes(StandardCharsets.UTF_8);

        var decoded = codec.decode(envelope(IncidentAcknowledged.TYPE, data));

        assertThat(decoded).contains(new IncidentAcknowledged("inc-1", "alice", Instant.parse("2026-11-22T03:00:00Z")));
    }

    @Test
    void skipsAndCountsUnknownTypes() {
        var decoded = codec.decode(envelope("kizuki.incident.teleported.v9", "{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(decoded).isEmpty();
        assertThat(codec.unknownTypes()).isEqualTo(1);
    }

    @Test
    void rejectsDataThatDoesNotFitItsType() {
        var bad = envelope(IncidentAcknowledged.TYPE, "not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decode(bad)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void rejectsRecordsWithoutCloudEventsAttributes() {
        var headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> CloudEventHeaders.read(headers, new byte[0]))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("ce_id");
    }

    @Test
    void readsTheLastOfAHeaderGivenTwiceAndRejectsAnUnreadableTime() {
        var headers = new RecordHeaders();
        for (String[] header : new String[][] {
            {"ce_specversion", "1.0"},
            {"ce_id", "evt-1"},
            {"ce_source", "/test"},
            {"ce_type", "kizuki.first.v1"},
            {"ce_subject", "inc-1"},
            {"ce_time", "2026-11-22T03:00:01.25Z"},
            {"ce_type", IncidentAcknowledged.TYPE}
        }) {
            headers.add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
        }

        Envelope read = CloudEventHeaders.read(headers, new byte[0]);
        headers.add("ce_time", "2026-02-30T03:00:01Z".getBytes(StandardCharsets.UTF_8));

        assertThat(read.type()).isEqualTo(IncidentAcknowledged.TYPE);
        assertThat(read.time()).isEqualTo(Instant.parse("2026-11-22T03:00:01.25Z"));
        assertThat(read.sequence()).isNull();
        assertThatThrownBy(() -> CloudEventHeaders.read(headers, new byte[0]))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("unreadable");
    }

    private static Envelope envelope(String type, byte[] data) {
        return new Envelope("e", "/test", type, "inc-1", Instant.EPOCH, null, null, null, null, data);
    }
}
