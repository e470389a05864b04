package io.kizuki.report.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.ChannelSender;
import io.kizuki.ledger.client.DeadLetterWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps the live read models up to date: one transaction per poll batch and read model, applied past the model's own
 * checkpoint, so that a replay or a record delivered twice changes nothing. Where to read from is the checkpoints',
 * not the consumer group's, decision: on assignment the consumer seeks to the lowest checkpoint of any read model
 * (a read model new in this release starts from offset 0). Unreadable records go to the dead-letter topic with the
 * reason, and the projection goes on; so do records a read model cannot apply ({@link ReadModels#apply}), naming the
 * model. Once a batch is committed, the incidents it touched are announced to live consoles ({@link ChangeAnnouncer}),
 * and the canaries it held pass on ({@link CanaryStage}).
 */
@ApplicationScoped
@Identifier(LiveProjection.REBALANCE_LISTENER)
public class LiveProjection implements KafkaConsumerRebalanceListener {

    public static final String CHANNEL = "ledger";
    public static final String DEAD_LETTERS = "dead-letters";
    static final String REBALANCE_LISTENER = "report-ledger";
    private static final Logger LOG = Logger.getLogger(LiveProjection.class);

    private final ReadModels models;
    private final ChangeAnnouncer changes;
    private final CanaryStage canaries;
    private final Pool pool;
    private final DeadLetterWriter deadLetters;
    private final WireCodec codec = new WireCodec();
    private final Counter deadLettered;
    private final MeterRegistry meters;

    public LiveProjection(
            ReadModels models,
            Pool pool,
            @Channel(DEAD_LETTERS) MutinyEmitter<byte[]> deadLetters,
            MeterRegistry meters,
            ChangeAnnouncer changes,
            CanaryStage canaries) {
        this.models = models;
        this.changes = changes;
        this.canaries = canaries;
        this.pool = pool;
        this.deadLetters = new DeadLetterWriter(ChannelSender.of(deadLetters));
        this.meters = meters;
        FunctionCounter.builder("kizuki.unknown.event.types", codec, WireCodec::unknownTypes)
                .description("ledger records of a type this release does not know, skipped")
                .tag("consumer", "live")
                .register(meters);
        this.deadLettered = Counter.builder("kizuki.dead.letters")
                .description("records sent to " + Topics.DEAD_LETTERS)
                .tag("consumer", "live")
                .register(meters);
    }

    @Incoming(CHANNEL)
    public Uni<Void> onBatch(ConsumerRecords<String, byte[]> batch) {
        List<LedgerRecord> records = new ArrayList<>(batch.count());
        List<Uni<Void>> deadLettering = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            LedgerRecord read = LedgerRecord.read(record, codec);
            records.add(read);
            if (read.unreadable() != null) {
                deadLettering.add(deadLetter(record, read.unreadable()));
            }
        }
        Uni<Void> first = deadLettering.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettering).andFailFast().replaceWithVoid();
        return first.chain(() -> models.apply(pool, Target.LIVE, models.all(), records))
                .onFailure()
                .invoke(e -> LOG.warnf("applying %d ledger records failed, retrying: %s", records.size(), e.toString()))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                .atMost(Long.MAX_VALUE)
                .chain(skips -> deadLetterSkips(batch, skips))
                .invoke(() -> canaries.committed(records))
                .chain(() -> changes.announce(
                                pool,
                                records.stream()
                                        .filter(record -> record.event() != null)
                                        .map(record -> record.event().streamId())
                                        .filter(id -> id != null)
                                        .toList())
                        .onFailure()
                        .recoverWithItem(e -> {
                            LOG.warnf(
                                    "announcing changed incidents failed (open consoles miss these changes until "
                                            + "they reconnect or reload): %s",
                                    e.toString());
                            return null;
                        }));
    }

    /**
     * Sends the records a read model skipped to the dead-letter topic, each naming the model, and counts them per
     * model. The skip is already committed with the model's checkpoint, so sending is retried until Kafka has it.
     */
    private Uni<Void> deadLetterSkips(ConsumerRecords<String, byte[]> batch, List<ReadModels.Skip> skips) {
        if (skips.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, ConsumerRecord<String, byte[]>> byPosition = new HashMap<>();
        batch.forEach(record -> byPosition.put(record.partition() + "@" + record.offset(), record));
        List<Uni<Void>> sending = new ArrayList<>(skips.size());
        for (ReadModels.Skip skip : skips) {
            ConsumerRecord<String, byte[]> record = byPosition.get(
                    skip.record().partition() + "@" + skip.record().offset());
            meters.counter("kizuki.dead.letters", "consumer", "read-model/" + skip.model())
                    .increment();
            sending.add(send(
                            record,
                            "read model " + skip.model() + " cannot apply it: " + skip.reason(),
                            "report-service/" + skip.model())
                    .onFailure()
                    .retry()
                    .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10))
                    .atMost(Long.MAX_VALUE));
        }
        return Uni.join().all(sending).andFailFast().replaceWithVoid();
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        deadLettered.increment();
        return send(record, reason, "report-service");
    }

    private Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason, String consumer) {
        return Uni.createFrom().completionStage(() -> deadLetters.send(record, consumer, reason));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<String> projections = models.all().stream()
                .map(model -> Target.LIVE.checkpoint(model.name()))
                .toList();
        Map<String, Map<Integer, Long>> checkpoints =
                Checkpoints.all(pool, projections, Topics.LEDGER).await().atMost(Duration.ofMinutes(1));
        partitions.forEach(partition -> {
            long next = checkpoints.values().stream()
                    .mapToLong(offsets -> offsets.getOrDefault(partition.partition(), -1L) + 1)
                    .min()
                    .orElse(0);
            LOG.infof("read models resume %s at offset %d", partition, next);
            consumer.seek(partition, next);
        });
    }
}
