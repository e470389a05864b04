package io.kizuki.report.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rebuilds read models from offset 0 while the live ones keep serving: creates fresh {@code <table>__rebuild} copies,
 * applies the whole ledger to them in poll-sized transactions (reading the next batch while the last is written),
 * and once they have caught up with the live checkpoints, renames them into place and moves their checkpoints in one
 * transaction that holds the live projection's write lock. Readers see the old tables until that commit and the new
 * ones after it.
 */
@ApplicationScoped
public class Rebuild {

    /** What a rebuild is doing, or did. */
    public enum State { RUNNING, SWITCHED, FAILED }

    /** The progress of one rebuild. */
    public record Status(String id, List<String> readModels, State state, long records, long unreadable,
            Instant startedAt, Instant finishedAt, Double eventsPerSecond, String error) {
    }

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ReadModels models;
    private final Pool pool;
    private final String bootstrapServers;
    private final int batchSize;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("read-model-rebuild").daemon().factory());
    private final AtomicReference<Status> current = new AtomicReference<>();
    private volatile boolean stopping;

    public Rebuild(ReadModels models, Pool pool,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "kizuki.report.rebuild.batch-size", defaultValue = "5000") int batchSize) {
        this.models = models;
        this.pool = pool;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
    }

    /** The current or last rebuild, if any. */
    public Status status() {
        return current.get();
    }

    /**
     * Starts rebuilding these read models.
     *
     * @return the new rebuild's status, or {@code null} when one is already running
     */
    public synchronized Status start(List<ReadModel> which) {
        Status running = current.get();
        if (running != null && running.state() == State.RUNNING) {
            return null;
        }
        Status started = new Status("rb-" + Long.toString(System.currentTimeMillis(), 36),
                which.stream().map(ReadModel::name).toList(), State.RUNNING, 0, 0, Instant.now(), null, null, null);
        current.set(started);
        runner.submit(() -> run(started, which));
        return started;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        runner.shutdownNow();
    }

    private void run(Status started, List<ReadModel> which) {
        long began = System.nanoTime();
        long records = 0;
        long unreadable = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            prepare(which);
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LEDGER).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            WireCodec codec = new WireCodec();
            Map<Integer, Long> reached = new HashMap<>();
            CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
            while (!stopping) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
                List<LedgerRecord> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<String, byte[]> record : polled) {
                    LedgerRecord read = LedgerRecord.read(record, codec);
                    unreadable += read.unreadable() == null ? 0 : 1;
                    batch.add(read);
                    reached.merge(record.partition(), record.offset(), Math::max);
                }
                writing.join();
                records += batch.size();
                current.set(progress(started, records, unreadable, began));
                if (!batch.isEmpty()) {
                    writing = pool.withTransaction(transaction -> models.apply(transaction, Target.REBUILD, which,
                            batch)).subscribeAsCompletionStage();
                    continue;
                }
                if (caughtUp(consumer, partitions) && trySwitch(which)) {
                    long elapsed = System.nanoTime() - began;
                    current.set(new Status(started.id(), started.readModels(), State.SWITCHED, records, unreadable,
                            started.startedAt(), Instant.now(), records * 1e9 / Math.max(1, elapsed), null));
                    LOG.infof("rebuilt %s from %d ledger records in %.1f s", started.readModels(), records,
                            elapsed / 1e9);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "rebuilding %s failed; the live read models are untouched", started.readModels());
            current.set(new Status(started.id(), started.readModels(), State.FAILED, records, unreadable,
                    started.startedAt(), Instant.now(), null, e.toString()));
        }
    }

    private static Status progress(Status started, long records, long unreadable, long began) {
        double seconds = (System.nanoTime() - began) / 1e9;
        return new Status(started.id(), started.readModels(), State.RUNNING, records, unreadable,
                started.startedAt(), null, seconds > 0 ? records / seconds : null, null);
    }

    /** Whether the consumer has read everything the log held when asked. */
    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }

    /** Fresh, empty copies of the models' tables and no rebuild checkpoints. */
    private void prepare(List<ReadModel> which) {
        pool.withTransaction(transaction -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ReadModel model : which) {
                for (ReadModel.Table table : model.tables()) {
                    String copy = Target.REBUILD.table(table.name());
                    chain = chain.chain(() -> execute(transaction, "DROP TABLE IF EXISTS " + copy))
                            .chain(() -> execute(transaction, "CREATE TABLE " + copy + " (LIKE " + table.name()
                                    + " INCLUDING ALL)"));
                }
                chain = chain.chain(() -> transaction.preparedQuery("DELETE FROM " + Checkpoints.TABLE
                        + " WHERE projection = $1").execute(Tuple.of(Target.REBUILD.checkpoint(model.name())))
                        .replaceWithVoid());
            }
            return chain;
        }).await().atMost(Duration.ofMinutes(5));
    }

    /**
     * Swaps the rebuilt tables in, if they have applied at least as much of the ledger as the live ones; holds the
     * live projection's write lock so that neither moves meanwhile.
     */
    private boolean trySwitch(List<ReadModel> which) {
        List<String> names = new ArrayList<>();
        which.forEach(model -> {
            names.add(Target.LIVE.checkpoint(model.name()));
            names.add(Target.REBUILD.checkpoint(model.name()));
        });
        return pool.withTransaction(transaction -> transaction.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(ReadModels.WRITE_LOCK))
                .chain(() -> Checkpoints.all(transaction, names, Topics.LEDGER))
                .chain(checkpoints -> {
                    for (ReadModel model : which) {
                        Map<Integer, Long> live = checkpoints.get(Target.LIVE.checkpoint(model.name()));
                        Map<Integer, Long> rebuilt = checkpoints.get(Target.REBUILD.checkpoint(model.name()));
                        boolean behind = live.entrySet().stream()
                                .anyMatch(entry -> rebuilt.getOrDefault(entry.getKey(), -1L) < entry.getValue());
                        if (behind) {
                            return Uni.createFrom().item(false);
                        }
                    }
                    return swap(transaction, which).replaceWith(true);
                })).await().atMost(Duration.ofMinutes(5));
    }

    private static Uni<Void> swap(SqlConnection transaction, List<ReadModel> which) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReadModel model : which) {
            for (ReadModel.Table table : model.tables()) {
                String live = table.name();
                String copy = Target.REBUILD.table(live);
                chain = chain.chain(() -> execute(transaction, "ALTER TABLE " + live + " RENAME TO " + live + "__old"))
                        .chain(() -> execute(transaction, "ALTER TABLE " + copy + " RENAME TO " + live))
                        .chain(() -> execute(transaction, "DROP TABLE " + live + "__old"));
            }
            String liveName = Target.LIVE.checkpoint(model.name());
            chain = chain.chain(() -> transaction.preparedQuery("DELETE FROM " + Checkpoints.TABLE
                    + " WHERE projection = $1").execute(Tuple.of(liveName)).replaceWithVoid())
                    .chain(() -> transaction.preparedQuery("UPDATE " + Checkpoints.TABLE
                            + " SET projection = $1 WHERE projection = $2")
                            .execute(Tuple.of(liveName, Target.REBUILD.checkpoint(model.name()))).replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> execute(SqlConnection transaction, String sql) {
        return transaction.query(sql).execute().replaceWithVoid();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-report-rebuild");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
