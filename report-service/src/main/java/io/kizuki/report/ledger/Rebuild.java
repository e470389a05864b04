package io.kizuki.report.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.client.KafkaClientSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rebuilds read models from offset 0 while the live ones keep serving: creates fresh {@code <table>__rebuild} copies
 * (with the primary keys their writes need; the other indexes are built once, when the copies have caught up, which
 * is much cheaper than keeping them up to date row by row), applies the whole ledger to them in poll-sized transactions (reading on
 * while earlier batches are written), and once they have caught up with the live checkpoints, renames them into
 * place and moves their checkpoints in one transaction that holds the live models' write locks. Readers see the old
 * tables until that commit and the new ones after it.
 */
@ApplicationScoped
public class Rebuild {

    /** What a rebuild is doing, or did. */
    public enum State {
        RUNNING,
        SWITCHED,
        FAILED
    }

    /** The progress of one rebuild. */
    public record Status(
            String id,
            List<String> readModels,
            State state,
            long records,
            long unreadable,
            Instant startedAt,
            Instant finishedAt,
            Double eventsPerSecond,
            String error) {}

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern INDEX_DEFINITION = Pattern.compile("CREATE (UNIQUE )?INDEX \\S+ ON \\S+ (.*)");

    private final ReadModels models;
    private final Pool pool;
    private final Map<String, Object> kafka;
    private final int batchSize;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("read-model-rebuild").daemon().factory());
    private final AtomicReference<Status> current = new AtomicReference<>();
    private volatile boolean stopping;

    public Rebuild(
            ReadModels models,
            Pool pool,
            Config config,
            @ConfigProperty(name = "kizuki.report.rebuild.batch-size", defaultValue = "5000") int batchSize) {
        this.models = models;
        this.pool = pool;
        this.kafka = KafkaClientSettings.from(
                config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
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
        Status started = new Status(
                "rb-" + Long.toString(System.currentTimeMillis(), 36),
                which.stream().map(ReadModel::name).toList(),
                State.RUNNING,
                0,
                0,
                Instant.now(),
                null,
                null,
                null);
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
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            WireCodec codec = new WireCodec();
            Writes writes = new Writes(which);
            Double indexing = null;
            while (!stopping) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
                List<LedgerRecord> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<String, byte[]> record : polled) {
                    LedgerRecord read = LedgerRecord.read(record, codec);
                    unreadable += read.unreadable() == null ? 0 : 1;
                    batch.add(read);
                }
                if (!batch.isEmpty()) {
                    writes.add(batch);
                    records += batch.size();
                    current.set(progress(started, records, unreadable, began));
                    continue;
                }
                writes.drain();
                if (!caughtUp(consumer, partitions)) {
                    continue;
                }
                if (indexing == null) {
                    long indexingBegan = System.nanoTime();
                    index(which);
                    indexing = (System.nanoTime() - indexingBegan) / 1e9;
                    continue;
                }
                if (trySwitch(which)) {
                    long elapsed = System.nanoTime() - began;
                    current.set(new Status(
                            started.id(),
                            started.readModels(),
                            State.SWITCHED,
                            records,
                            unreadable,
                            started.startedAt(),
                            Instant.now(),
                            records * 1e9 / Math.max(1, elapsed),
                            null));
                    LOG.infof(
                            "rebuilt %s from %d ledger records in %.1f s (%.1f s of it building indexes)",
                            started.readModels(), records, elapsed / 1e9, indexing);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "rebuilding %s failed; the live read models are untouched", started.readModels());
            current.set(new Status(
                    started.id(),
                    started.readModels(),
                    State.FAILED,
                    records,
                    unreadable,
                    started.startedAt(),
                    Instant.now(),
                    null,
                    e.toString()));
        }
    }

    /**
     * The batches being written: each model's transactions run one after the other in log order, the models' side by
     * side, so a model that is quick with a batch goes on with the next while a slower one still writes. At most
     * {@link #IN_FLIGHT} batches are held in memory.
     */
    private final class Writes {

        private static final int IN_FLIGHT = 3;

        private final List<ReadModel> which;
        private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
        private final Deque<CompletableFuture<Void>> batches = new ArrayDeque<>();

        Writes(List<ReadModel> which) {
            this.which = which;
            which.forEach(model -> tails.put(model.name(), CompletableFuture.completedFuture(null)));
        }

        void add(List<LedgerRecord> batch) {
            List<CompletableFuture<Void>> written = new ArrayList<>(which.size());
            for (ReadModel model : which) {
                CompletableFuture<Void> tail = tails.get(model.name())
                        .thenCompose(done -> ReadModels.apply(pool, Target.REBUILD, model, batch)
                                .replaceWithVoid()
                                .subscribeAsCompletionStage());
                tails.put(model.name(), tail);
                written.add(tail);
            }
            batches.add(CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)));
            while (batches.size() >= IN_FLIGHT) {
                batches.poll().join();
            }
        }

        /** Waits for every batch handed over; fails if any write failed. */
        void drain() {
            while (!batches.isEmpty()) {
                batches.poll().join();
            }
        }
    }

    private static Status progress(Status started, long records, long unreadable, long began) {
        double seconds = (System.nanoTime() - began) / 1e9;
        return new Status(
                started.id(),
                started.readModels(),
                State.RUNNING,
                records,
                unreadable,
                started.startedAt(),
                null,
                seconds > 0 ? records / seconds : null,
                null);
    }

    /** Whether the consumer has read everything the log held when asked. */
    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }

    /**
     * Fresh, empty copies of the models' tables (with the primary keys their writes need), and no rebuild
     * checkpoints.
     */
    private void prepare(List<ReadModel> which) {
        pool.withTransaction(transaction -> {
                    Uni<Void> chain = execute(transaction, "SET LOCAL client_min_messages = warning");
                    for (ReadModel model : which) {
                        for (ReadModel.Table table : model.tables()) {
                            String copy = Target.REBUILD.table(table.name());
                            chain = chain.chain(() -> execute(transaction, "DROP TABLE IF EXISTS " + copy))
                                    .chain(() -> execute(
                                            transaction,
                                            "CREATE TABLE " + copy + " (LIKE " + table.name()
                                                    + " INCLUDING ALL EXCLUDING INDEXES)"))
                                    .chain(() -> table.keyedWhileFilled()
                                            ? key(transaction, table)
                                            : Uni.createFrom().voidItem());
                        }
                        chain = chain.chain(() -> transaction
                                .preparedQuery("DELETE FROM " + Checkpoints.TABLE + " WHERE projection = $1")
                                .execute(Tuple.of(Target.REBUILD.checkpoint(model.name())))
                                .replaceWithVoid());
                    }
                    return chain;
                })
                .await()
                .atMost(Duration.ofMinutes(5));
    }

    private static Uni<Void> key(SqlConnection transaction, ReadModel.Table table) {
        return execute(
                transaction,
                "ALTER TABLE " + Target.REBUILD.table(table.name()) + " ADD PRIMARY KEY (" + table.key() + ")");
    }

    /** Gives the copies the primary keys they were filled without, and the live tables' other indexes. */
    private void index(List<ReadModel> which) {
        pool.withTransaction(transaction -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ReadModel model : which) {
                        for (ReadModel.Table table : model.tables()) {
                            if (!table.keyedWhileFilled()) {
                                chain = chain.chain(() -> key(transaction, table));
                            }
                            chain = chain.chain(() -> transaction
                                    .preparedQuery(
                                            "SELECT indexdef FROM pg_indexes"
                                                    + " WHERE schemaname = current_schema() AND tablename = $1 AND indexname NOT IN"
                                                    + " (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p')")
                                    .execute(Tuple.of(table.name()))
                                    .chain(rows -> {
                                        Uni<Void> creating = Uni.createFrom().voidItem();
                                        for (Row row : rows) {
                                            String sql = onCopy(row.getString(0), Target.REBUILD.table(table.name()));
                                            creating = creating.chain(() -> execute(transaction, sql));
                                        }
                                        return creating;
                                    }));
                        }
                    }
                    return chain;
                })
                .await()
                .atMost(Duration.ofMinutes(30));
    }

    /** A live index's definition, made unnamed (PostgreSQL names it) and moved to the copy. */
    static String onCopy(String indexDefinition, String copy) {
        Matcher matcher = INDEX_DEFINITION.matcher(indexDefinition);
        if (!matcher.matches()) {
            throw new IllegalStateException("unexpected index definition: " + indexDefinition);
        }
        return "CREATE " + (matcher.group(1) == null ? "" : matcher.group(1)) + "INDEX ON " + copy + " "
                + matcher.group(2);
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
        return pool.withTransaction(transaction -> ReadModels.lock(transaction, which)
                        .chain(() -> Checkpoints.all(transaction, names, Topics.LEDGER))
                        .chain(checkpoints -> {
                            for (ReadModel model : which) {
                                Map<Integer, Long> live = checkpoints.get(Target.LIVE.checkpoint(model.name()));
                                Map<Integer, Long> rebuilt = checkpoints.get(Target.REBUILD.checkpoint(model.name()));
                                boolean behind = live.entrySet().stream()
                                        .anyMatch(
                                                entry -> rebuilt.getOrDefault(entry.getKey(), -1L) < entry.getValue());
                                if (behind) {
                                    return Uni.createFrom().item(false);
                                }
                            }
                            return swap(transaction, which).replaceWith(true);
                        }))
                .await()
                .atMost(Duration.ofMinutes(5));
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
            chain = chain.chain(() -> transaction
                            .preparedQuery("DELETE FROM " + Checkpoints.TABLE + " WHERE projection = $1")
                            .execute(Tuple.of(liveName))
                            .replaceWithVoid())
                    .chain(() -> transaction
                            .preparedQuery("UPDATE " + Checkpoints.TABLE + " SET projection = $1 WHERE projection = $2")
                            .execute(Tuple.of(liveName, Target.REBUILD.checkpoint(model.name())))
                            .replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> execute(SqlConnection transaction, String sql) {
        return transaction.query(sql).execute().replaceWithVoid();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "kizuki-report-rebuild");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
