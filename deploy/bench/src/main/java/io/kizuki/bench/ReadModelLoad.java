package io.kizuki.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.kizuki.embedded.LocalStack;
import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.LedgerChain;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.LedgerEvent;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.RoleAssigned;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.ledger.event.TimelineEntryAdded;

/**
 * Loads for report-service's read models: a ledger of synthetic incidents written straight to
 * {@code kizuki.ledger.v1} (valid contract events with per-stream sequences, as incident-service would write them;
 * bypassing the deciders so that a million events take seconds to write, not the deciders' time), a rebuild from
 * offset 0 timed through the admin API, and a sampler of the live projection's lag.
 */
final class ReadModelLoad {

    /** Events of one synthetic incident: opened, alerts, and the 13 steps of a full response. */
    static final int EVENTS_PER_INCIDENT = 100;

    private ReadModelLoad() {}

    /** Writes about {@code events} ledger events (whole incidents, plus a change per 50 incidents); returns how many. */
    static long seed(String bootstrapServers, long events, String prefix) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        WireCodec codec = new WireCodec();
        Chains chains = new Chains();
        long written = 0;
        Instant t0 = Instant.parse("2026-11-02T00:00:00Z");
        try (var producer =
                new KafkaProducer<String, byte[]>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int n = 0; written < events; n++) {
                String id = prefix + "-inc-" + n;
                Instant at = t0.plusSeconds(n * 37L);
                String service = prefix + "-svc-" + (n % 20);
                List<IncidentEvent> incident = incident(id, service, at);
                for (int i = 0; i < incident.size(); i++) {
                    producer.send(record(codec, chains, id, incident.get(i), at.plusSeconds(i)));
                }
                written += incident.size();
                if (n % 50 == 0) {
                    String stream = "service:" + service;
                    producer.send(record(
                            codec,
                            chains,
                            stream,
                            new ChangeRecorded(
                                    stream,
                                    prefix + "-chg-" + n,
                                    "shop",
                                    service,
                                    "1." + n,
                                    "deploy",
                                    "release " + n,
                                    List.of(),
                                    "ci",
                                    at.minusSeconds(300),
                                    "integration:bench",
                                    at.minusSeconds(299)),
                            at.minusSeconds(299)));
                    written++;
                }
            }
            producer.flush();
        }
        return written;
    }

    private static List<IncidentEvent> incident(String id, String service, Instant at) {
        List<IncidentEvent> events = new ArrayList<>(EVENTS_PER_INCIDENT);
        events.add(new IncidentOpened(
                id,
                "Disk full on " + service,
                "shop",
                service,
                Severity.SEV3,
                "bench|" + id,
                "alertmanager",
                id + "-sig-0",
                at,
                null,
                "saturation",
                List.of(),
                null));
        for (int alert = 0; alert < EVENTS_PER_INCIDENT - 13; alert++) {
            events.add(new AlertAttached(
                    id,
                    id + "-sig-" + alert,
                    "%016x".formatted(alert),
                    "Disk full on db-" + alert,
                    at.plusSeconds(alert)));
        }
        events.add(new IncidentAcknowledged(id, "user:bob", at.plusSeconds(120)));
        // the people paged are not in the sample on-call file (they have left it). A real ledger also holds the
        // records of the acknowledgement and resolution announced to those paged; this one has none, so with people
        // of the file notify-service would send those announcements now, a month late, while the read models are
        // measured
        events.add(new ResponderPaged(
                id, "shop", id + "-page-1", "dan", "Europe/Berlin", "slack", 1, "client:notify", at.plusSeconds(5)));
        events.add(new ResponderPaged(
                id,
                "shop",
                id + "-page-2",
                "eve",
                "America/New_York",
                "email",
                2,
                "client:notify",
                at.plusSeconds(300)));
        events.add(new RoleAssigned(id, "commander", "alice", "user:bob", at.plusSeconds(130)));
        events.add(new StatusChanged(
                id,
                IncidentStatus.ACKNOWLEDGED,
                IncidentStatus.INVESTIGATING,
                "looking",
                "user:bob",
                at.plusSeconds(140)));
        events.add(new SeverityChanged(
                id, Severity.SEV3, Severity.SEV2, "customers notice", "user:alice", at.plusSeconds(150)));
        events.add(new TimelineEntryAdded(
                id, id + "-e1", "note", null, "disk at 100 %", at.plusSeconds(160), "user:bob", at.plusSeconds(160)));
        events.add(new TimelineEntryAdded(
                id,
                id + "-e2",
                "action",
                "scale-up",
                "added a volume",
                at.plusSeconds(400),
                "user:bob",
                at.plusSeconds(410)));
        events.add(new StatusChanged(
                id,
                IncidentStatus.INVESTIGATING,
                IncidentStatus.MONITORING,
                "recovering",
                "user:bob",
                at.plusSeconds(420)));
        events.add(new IncidentResolved(id, "user:bob", IncidentResolved.MANUAL, at.plusSeconds(900)));
        events.add(new ActionItemAdded(
                id,
                id + "-ai",
                "Alert at 80 %",
                "prevention",
                "bob",
                LocalDate.parse("2026-12-15"),
                "user:alice",
                at.plusSeconds(1000)));
        events.add(new TimelineEntryAdded(
                id,
                id + "-e3",
                "decision",
                null,
                "postmortem on Monday",
                at.plusSeconds(1100),
                "user:alice",
                at.plusSeconds(1100)));
        events.add(new IncidentClosed(id, "user:alice", at.plusSeconds(1200)));
        return events;
    }

    /** Each seeded stream's next sequence and last hash: the seeded ledger is chained as the deciders chain theirs. */
    private static final class Chains {
        private final Map<String, Long> sequences = new HashMap<>();
        private final Map<String, String> hashes = new HashMap<>();
    }

    private static ProducerRecord<String, byte[]> record(
            WireCodec codec, Chains chains, String key, LedgerEvent event, Instant at) {
        byte[] data = codec.encode(event);
        var record = new ProducerRecord<String, byte[]>(Topics.LEDGER, key, data);
        var envelope = new Envelope(
                UUID.randomUUID().toString(),
                "/kizuki/bench",
                event.type(),
                key,
                at,
                chains.sequences.merge(key, 1L, Long::sum),
                null,
                null,
                "kizuki:bench",
                data);
        CloudEventHeaders.write(envelope, record.headers());
        String previous = chains.hashes.get(key);
        String hash = LedgerChain.hash(previous, envelope);
        LedgerChain.write(record.headers(), previous, hash);
        chains.hashes.put(key, hash);
        return record;
    }

    /** Starts a rebuild of every read model and waits for its switch; returns its final status. */
    static JsonNode rebuild(Api api, BenchStack stack, Duration limit) {
        String admin = api.token("admin");
        api.post(stack.reportUrl() + "/api/v1/admin/rebuilds", admin, "{}", 202);
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = api.get(stack.reportUrl() + "/api/v1/admin/rebuilds/current", admin);
            if (!"RUNNING".equals(status.path("state").asText())) {
                return status;
            }
            Tools.pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException("the rebuild had not switched after " + limit);
    }

    /**
     * Waits until report-service's live read models have applied the whole ledger (every model's checkpoint at the
     * last record of every partition, and holding still); returns how long it took, or {@code null} after the limit.
     */
    static Duration awaitApplied(Api api, BenchStack stack, Duration limit) {
        String admin = api.token("admin");
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(limit);
        try (Admin kafka = admin(stack)) {
            Map<String, Long> before = Map.of();
            while (Instant.now().isBefore(deadline)) {
                Map<String, Long> now = behind(api, admin, stack, kafka);
                if (now.values().stream().allMatch(records -> records <= 1) && now.equals(before)) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                before = now;
                Tools.pause(Duration.ofMillis(100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return null;
    }

    /** How many records the ledger holds (its end offsets, summed over its partitions). */
    static long ledgerRecords(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin kafka = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < LocalStack.PARTITIONS; p++) {
                latest.put(new TopicPartition(Topics.LEDGER, p), OffsetSpec.latest());
            }
            return kafka.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static Admin admin(BenchStack stack) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return Admin.create(props);
    }

    /**
     * Per read model and partition ({@code "incidents/0"}), the ledger offsets after its checkpoint: records not yet
     * applied, plus one for the commit marker that follows a transaction's last record.
     */
    private static Map<String, Long> behind(Api api, String admin, BenchStack stack, Admin kafka)
            throws InterruptedException, ExecutionException {
        JsonNode models = api.get(stack.reportUrl() + "/api/v1/admin/read-models", admin);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < LocalStack.PARTITIONS; p++) {
            latest.put(new TopicPartition(Topics.LEDGER, p), OffsetSpec.latest());
        }
        var ends = kafka.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get();
        Map<String, Long> behind = new TreeMap<>();
        for (JsonNode model : models) {
            for (var end : ends.entrySet()) {
                String partition = Integer.toString(end.getKey().partition());
                long applied = model.path("checkpoints").path(partition).asLong(-1);
                behind.put(
                        model.path("name").asText() + "/" + partition,
                        Math.max(0, end.getValue().offset() - 1 - applied));
            }
        }
        return behind;
    }

    /**
     * Samples how many ledger records report-service's live read models have not applied yet (end offsets against
     * the checkpoints of the model furthest behind), every 100 ms, until closed.
     */
    static final class LagSampler implements AutoCloseable {

        private final List<Long> behind = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        LagSampler(Api api, BenchStack stack) {
            String admin = api.token("admin");
            thread = Thread.ofPlatform().name("lag-sampler").start(() -> {
                try (Admin kafka = admin(stack)) {
                    while (running.get()) {
                        Map<String, Long> byPartition = new HashMap<>();
                        // the last record of a transaction is followed by its commit marker
                        behind(api, admin, stack, kafka)
                                .forEach((modelPartition, records) -> byPartition.merge(
                                        modelPartition.substring(modelPartition.indexOf('/')),
                                        Math.max(0, records - 1),
                                        Math::max));
                        long lag = byPartition.values().stream()
                                .mapToLong(Long::longValue)
                                .sum();
                        synchronized (behind) {
                            behind.add(lag);
                        }
                        Tools.pause(Duration.ofMillis(100));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            });
        }

        /** Records behind at the 50th and 99th percentile and at most. */
        long[] percentiles() {
            synchronized (behind) {
                List<Long> sorted = behind.stream().sorted().toList();
                if (sorted.isEmpty()) {
                    return new long[] {-1, -1, -1};
                }
                return new long[] {
                    sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.getLast()
                };
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
