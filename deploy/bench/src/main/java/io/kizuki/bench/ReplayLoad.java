package io.kizuki.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.SignalReceived;

/**
 * A month of a busy team's signals for a replay: written straight to {@code kizuki.signals.v1} as ingestion writes
 * them (each with its original alert), spread over the last 30 days. Alertmanager groups of five alerts each, sent
 * again and again while they fire (its repeat interval) and resolved now and then, so that the deciders see mostly
 * repeats, as they do in a month of real notifications, and open a few thousand incidents.
 */
final class ReplayLoad {

    /** Alertmanager groups (dedup streams) of the month. */
    static final int STREAMS = 500;
    /** Alerts of a group. */
    static final int ALERTS = 5;
    /** Notifications of a group between two resolutions. */
    static final int NOTIFICATIONS_PER_INCIDENT = 100;
    /** How far back the month starts. */
    static final Duration MONTH = Duration.ofDays(30);

    private static final ObjectMapper JSON = WireCodec.newMapper();

    private ReplayLoad() {}

    /** Writes {@code signals} signals of {@code product}, the first one {@link #MONTH} ago; returns when it was. */
    static Instant seed(String bootstrapServers, long signals, String product) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        WireCodec codec = new WireCodec();
        Instant first = Instant.now().minus(MONTH);
        long step = MONTH.toMillis() / Math.max(1, signals);
        try (var producer =
                new KafkaProducer<String, byte[]>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < signals; i++) {
                long notification = i / ALERTS;
                int stream = (int) (notification % STREAMS);
                long round = notification / STREAMS;
                int alert = (int) (i % ALERTS);
                boolean resolved = round % NOTIFICATIONS_PER_INCIDENT == NOTIFICATIONS_PER_INCIDENT - 1;
                Instant at = first.plusMillis(i * step);
                SignalReceived signal = signal(product, stream, alert, resolved, at, i);
                byte[] data = codec.encode(signal);
                var record = new ProducerRecord<String, byte[]>(
                        Topics.SIGNALS, null, at.toEpochMilli(), signal.dedupKey(), data);
                CloudEventHeaders.write(
                        new Envelope(
                                signal.signalId(),
                                "/kizuki/bench",
                                signal.type(),
                                signal.dedupKey(),
                                at,
                                null,
                                null,
                                signal.signalId(),
                                "integration:bench",
                                data),
                        record.headers());
                producer.send(record);
            }
        }
        return first;
    }

    private static SignalReceived signal(String product, int stream, int alert, boolean resolved, Instant at, long n) {
        String alertname = "Bench" + (stream % 50);
        String service = "svc-" + (stream % 100);
        String instance = "host-" + stream + "-" + alert + ":9100";
        Map<String, String> labels = Map.of(
                "alertname", alertname,
                "service", service,
                "instance", instance,
                "severity", stream % 3 == 0 ? "critical" : "warning",
                "product", product,
                "team", "team-" + (stream % 7));
        Map<String, String> annotations = Map.of(
                "summary", alertname + " on " + instance,
                "description", "The " + alertname + " alert of " + service + " fires on " + instance + ".",
                "runbook_url", "https://runbooks.example.com/" + alertname);
        ObjectNode original = JSON.createObjectNode();
        original.put("status", resolved ? "resolved" : "firing");
        original.set("labels", JSON.valueToTree(labels));
        original.set("annotations", JSON.valueToTree(annotations));
        original.put("startsAt", at.toString());
        original.put("endsAt", resolved ? at.toString() : "0001-01-01T00:00:00Z");
        original.put("generatorURL", "http://prometheus.example.com/graph?g0.expr=up%3D%3D0&g0.tab=1");
        original.put("fingerprint", fingerprint(stream, alert));
        return new SignalReceived(
                product + "-sig-" + n,
                "alertmanager",
                "alertmanager:" + product + "-group-" + stream,
                fingerprint(stream, alert),
                resolved ? SignalReceived.RESOLVED : SignalReceived.FIRING,
                alertname + " on " + instance,
                product,
                service,
                stream % 3 == 0 ? Severity.SEV1 : Severity.SEV3,
                labels,
                annotations,
                at,
                resolved ? at : null,
                at,
                (JsonNode) original,
                "integration:bench",
                "other",
                List.of(),
                List.of());
    }

    private static String fingerprint(int stream, int alert) {
        return String.format("%016x", stream * 31L + alert);
    }
}
