package io.kizuki.notify.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.kizuki.ledger.CloudEventHeaders;
import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.MalformedRecordException;
import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.WireType;
import io.kizuki.ledger.client.TopicWindow;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentClosed;
import io.kizuki.ledger.event.IncidentEscalated;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.notify.config.KafkaSettings;
import io.kizuki.notify.paging.PagingSimulation;

/**
 * The incidents of a period as the ledger tells them, for a simulation: each one opened in the period with what
 * people did to it, and the pages and timer escalations that were recorded for it. Its own consumer, no consumer
 * group; only the records of the types that matter are decoded (by their {@code ce_type} header).
 */
@ApplicationScoped
public class LedgerHistory {

    private static final Set<String> TYPES = Set.of(
            IncidentOpened.TYPE,
            IncidentAcknowledged.TYPE,
            StatusChanged.TYPE,
            IncidentResolved.TYPE,
            IncidentReopened.TYPE,
            IncidentClosed.TYPE,
            SeverityChanged.TYPE,
            IncidentEscalated.TYPE,
            ResponderPaged.TYPE);

    /**
     * @param incidents   the incidents opened in the period, in the order they opened
     * @param pages       the pages recorded for them in the period
     * @param escalations the escalations on a level's timer recorded for them in the period
     */
    public record Period(
            List<PagingSimulation.History> incidents, List<PagingSimulation.Page> pages, int escalations) {}

    private final KafkaSettings settings;
    private final WireCodec codec = new WireCodec();

    public LedgerHistory(KafkaSettings settings) {
        this.settings = settings;
    }

    /** The incidents of the products {@code products} accepts opened from {@code from} until {@code until}. */
    public Period read(Instant from, Instant until, Predicate<String> products) {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-simulation"));
        Map<String, IncidentOpened> opened = new LinkedHashMap<>();
        Map<String, List<PagingSimulation.Timed>> events = new LinkedHashMap<>();
        List<PagingSimulation.Page> pages = new ArrayList<>();
        int escalations = 0;
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicWindow window = TopicWindow.of(consumer, Topics.LEDGER, from, until);
            while (!window.finished(consumer)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!window.holds(new TopicPartition(record.topic(), record.partition()), record.offset())
                            || !TYPES.contains(CloudEventHeaders.type(record.headers()))) {
                        continue;
                    }
                    Optional<Decoded> decoded = decode(record);
                    if (decoded.isEmpty()) {
                        continue;
                    }
                    Instant at = decoded.get().at();
                    IncidentEvent event = decoded.get().event();
                    String id = event.incidentId();
                    if (event instanceof IncidentOpened opening) {
                        if (products.test(opening.product())) {
                            opened.put(id, opening);
                            events.put(id, new ArrayList<>());
                        }
                    } else if (!opened.containsKey(id)) {
                        continue;
                    } else if (event instanceof ResponderPaged page) {
                        pages.add(new PagingSimulation.Page(
                                id, page.person(), page.timeZone(), page.channel(), page.level(), page.pagedAt()));
                    } else if (event instanceof IncidentEscalated escalated && escalated.policy() != null) {
                        escalations++;
                    } else {
                        events.get(id).add(new PagingSimulation.Timed(at, event));
                    }
                }
            }
        }
        List<PagingSimulation.History> incidents = new ArrayList<>();
        opened.forEach((id, opening) -> incidents.add(new PagingSimulation.History(opening, events.get(id))));
        return new Period(incidents, pages, escalations);
    }

    private record Decoded(Instant at, IncidentEvent event) {}

    private Optional<Decoded> decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            Envelope envelope = CloudEventHeaders.read(record.headers(), record.value());
            Optional<WireType> value = codec.decode(envelope);
            return value.filter(IncidentEvent.class::isInstance)
                    .map(event -> new Decoded(envelope.time(), (IncidentEvent) event));
        } catch (MalformedRecordException e) {
            return Optional.empty();
        }
    }
}
