package io.kizuki.report.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.KafkaClientSettings;
import io.kizuki.ledger.client.TopicWindow;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.metrics.MetricsRepository.Durations;
import io.kizuki.web.ProductScope;

/**
 * MTTA and MTTR recomputed from the ledger under a definition, side by side with the current one: the incidents
 * opened in a range, each folded from its ledger events ({@link IncidentTimes}) up to now. Its own consumer, no
 * consumer group, nothing written; only the types that matter are decoded (by their {@code ce_type} header).
 */
@ApplicationScoped
public class Recomputation {

    private static final Set<String> TYPES = Set.of(
            IncidentOpened.TYPE,
            IncidentAcknowledged.TYPE,
            StatusChanged.TYPE,
            IncidentResolved.TYPE,
            IncidentReopened.TYPE,
            SeverityChanged.TYPE,
            ResponderPaged.TYPE);

    /** The dimensions a recomputation groups by, as the metrics read model's. */
    public static final Map<String, Function<IncidentTimes, String>> DIMENSIONS = new LinkedHashMap<>(Map.of(
            "product", IncidentTimes::product,
            "service", IncidentTimes::service,
            "severity", times -> times.severity().name(),
            "class", IncidentTimes::incidentClass,
            "week", times -> MetricsReadModel.week(times.openedAt())));

    /** One measure of a group: how many incidents count, and their durations. */
    public record Measure(long incidents, Durations timeToAcknowledge, Durations timeToResolve) {}

    /** One group measured by the current definition and by the other. */
    public record Row(Map<String, String> group, Measure current, Measure definition) {}

    /** The figures of both definitions over the incidents opened in the range. */
    public record Answer(MetricDefinition current, MetricDefinition definition, long incidents, List<Row> rows) {}

    private final Map<String, Object> kafka;
    private final WireCodec codec = new WireCodec();

    public Recomputation(Config config) {
        this.kafka = KafkaClientSettings.from(
                config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
    }

    /** Recomputes the figures of the incidents opened in {@code [from, to)} of the caller's products. */
    public Answer recompute(
            MetricDefinition definition, ProductScope scope, List<String> groupBy, Instant from, Instant to) {
        Collection<IncidentTimes> incidents = read(scope, from == null ? Instant.EPOCH : from, to);
        return compare(definition, incidents, groupBy);
    }

    /** Groups the incidents and measures each group under both definitions. */
    static Answer compare(MetricDefinition definition, Collection<IncidentTimes> incidents, List<String> groupBy) {
        Map<List<String>, List<IncidentTimes>> groups = new TreeMap<>((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int order = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        });
        for (IncidentTimes times : incidents) {
            List<String> key = groupBy.stream()
                    .map(name -> DIMENSIONS.get(name).apply(times))
                    .toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(times);
        }
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, members) -> {
            Map<String, String> group = new LinkedHashMap<>();
            for (int i = 0; i < groupBy.size(); i++) {
                group.put(groupBy.get(i), key.get(i));
            }
            rows.add(new Row(group, measure(MetricDefinition.CURRENT, members), measure(definition, members)));
        });
        return new Answer(MetricDefinition.CURRENT, definition, incidents.size(), rows);
    }

    static Measure measure(MetricDefinition definition, List<IncidentTimes> incidents) {
        List<Double> acknowledge = new ArrayList<>();
        List<Double> resolve = new ArrayList<>();
        long counted = 0;
        for (IncidentTimes times : incidents) {
            if (definition.counts(times)) {
                counted++;
                definition.toAcknowledge(times).ifPresent(acknowledge::add);
                definition.toResolve(times).ifPresent(resolve::add);
            }
        }
        return new Measure(counted, durations(acknowledge), durations(resolve));
    }

    /** Mean, median and 90th percentile as PostgreSQL's {@code avg} and {@code percentile_cont} give them. */
    static Durations durations(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return new Durations(0, null, null, null);
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Durations(sorted.size(), mean, percentile(sorted, 0.5), percentile(sorted, 0.9));
    }

    private static double percentile(List<Double> sorted, double fraction) {
        double rank = fraction * (sorted.size() - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
    }

    private Collection<IncidentTimes> read(ProductScope scope, Instant from, Instant to) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-report-recompute");
        Map<String, IncidentTimes> incidents = new LinkedHashMap<>();
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicWindow window = TopicWindow.of(consumer, Topics.LEDGER, from, Instant.now());
            while (!window.finished(consumer)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!window.holds(new TopicPartition(record.topic(), record.partition()), record.offset())
                            || !TYPES.contains(CloudEventHeaders.type(record.headers()))) {
                        continue;
                    }
                    LedgerRecord read = LedgerRecord.read(record, codec);
                    if (!(read.event() instanceof IncidentEvent event)) {
                        continue;
                    }
                    String id = event.incidentId();
                    if (event instanceof IncidentOpened opened) {
                        boolean inRange = !opened.openedAt().isBefore(from)
                                && (to == null || opened.openedAt().isBefore(to));
                        if (inRange && scope.includes(opened.product()) && !incidents.containsKey(id)) {
                            incidents.put(id, IncidentTimes.evolve(null, opened));
                        }
                    } else {
                        Optional.ofNullable(incidents.get(id))
                                .ifPresent(times -> incidents.put(id, IncidentTimes.evolve(times, event)));
                    }
                }
            }
        }
        return incidents.values();
    }
}
