package io.kizuki.report.ledger;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.kizuki.ledger.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Every read model, and how a batch of ledger records is applied to them: per model, only the records past its
 * checkpoint, then the checkpoint, in one transaction of that model's. A record applied twice therefore changes
 * nothing. The models share nothing, so their transactions run side by side, each on a connection of its own.
 */
@ApplicationScoped
public class ReadModels {

    /** The class of advisory locks a live read model's writers hold (the other key is the model's), as does a switch. */
    static final int WRITE_LOCK = 0x6b697a75;
    /** The records each read model skipped, with the reason. */
    public static final String SKIPS = "read_model_skip";

    private static final Logger LOG = Logger.getLogger(ReadModels.class);

    private final List<ReadModel> models;

    public ReadModels(Instance<ReadModel> models) {
        List<ReadModel> all = new ArrayList<>();
        models.forEach(all::add);
        all.sort(Comparator.comparing(ReadModel::name));
        this.models = List.copyOf(all);
    }

    public List<ReadModel> all() {
        return models;
    }

    public Optional<ReadModel> named(String name) {
        return models.stream().filter(model -> model.name().equals(name)).findFirst();
    }

    /** A record a model could not apply: skipped, so that the model goes on with the next. */
    public record Skip(String model, LedgerRecord record, String reason) {}

    /**
     * Applies the records to each of the models' target copies, skipping what each has applied already: one
     * transaction per model, all at once. It fails, once every transaction has ended, if any of them failed; the
     * models that committed skip the records when the batch is applied again. It gives the records a model could not
     * apply and skipped ({@link #apply(Pool, Target, ReadModel, List)}).
     */
    public Uni<List<Skip>> apply(Pool pool, Target target, List<ReadModel> which, List<LedgerRecord> records) {
        List<Uni<List<Skip>>> each = new ArrayList<>(which.size());
        for (ReadModel model : which) {
            each.add(apply(pool, target, model, records));
        }
        return Uni.join().all(each).andCollectFailures().map(skips -> skips.stream()
                .flatMap(List::stream)
                .toList());
    }

    /**
     * Applies the records to one model's target copy in a transaction of its own, skipping what it has applied
     * already. Batches must be applied to a model in log order, each once the one before has committed.
     * <p>
     * When the batch fails on its data ({@link #cannotApply}: PostgreSQL refused a value, or the model's code failed
     * on a record), the records are applied one by one, and a record that fails alone is skipped: its offset is
     * passed in the checkpoint and it is kept in {@value #SKIPS} with the reason, in one transaction. The live model
     * and a rebuild make the same choice. A failure of the database itself fails the call, to be retried.
     */
    public static Uni<List<Skip>> apply(Pool pool, Target target, ReadModel model, List<LedgerRecord> records) {
        return applyTogether(pool, target, model, records)
                .replaceWith(List.<Skip>of())
                .onFailure(ReadModels::cannotApply)
                .recoverWithUni(failure -> {
                    LOG.warnf(
                            "read model %s cannot apply a batch of %d records (%s): applying them one by one",
                            model.name(), records.size(), failure.toString());
                    return applyEach(pool, target, model, records, 0, new ArrayList<>());
                });
    }

    private static Uni<Void> applyTogether(Pool pool, Target target, ReadModel model, List<LedgerRecord> records) {
        return pool.withTransaction(transaction -> (target == Target.LIVE
                        ? lock(transaction, List.of(model))
                        : Uni.createFrom().voidItem())
                .chain(() -> applyTo(transaction, target, model, records)));
    }

    private static Uni<List<Skip>> applyEach(
            Pool pool, Target target, ReadModel model, List<LedgerRecord> records, int from, List<Skip> skipped) {
        if (from >= records.size()) {
            return Uni.createFrom().item(skipped);
        }
        LedgerRecord record = records.get(from);
        return applyTogether(pool, target, model, List.of(record))
                .onFailure(ReadModels::cannotApply)
                .recoverWithUni(failure -> {
                    Skip skip = new Skip(model.name(), record, reason(failure));
                    skipped.add(skip);
                    LOG.errorf(
                            "read model %s skips ledger record %d@%d (%s): %s",
                            model.name(),
                            record.partition(),
                            record.offset(),
                            record.envelope() == null
                                    ? "unreadable"
                                    : record.envelope().type(),
                            skip.reason());
                    return pool.withTransaction(transaction -> (target == Target.LIVE
                                    ? lock(transaction, List.of(model))
                                    : Uni.createFrom().voidItem())
                            .chain(() -> keep(transaction, skip))
                            .chain(() -> Checkpoints.advance(
                                    transaction,
                                    target.checkpoint(model.name()),
                                    Topics.LEDGER,
                                    Map.of(record.partition(), record.offset()))));
                })
                .chain(() -> applyEach(pool, target, model, records, from + 1, skipped));
    }

    private static Uni<Void> keep(SqlConnection transaction, Skip skip) {
        LedgerRecord record = skip.record();
        return transaction
                .preparedQuery(
                        "INSERT INTO " + SKIPS + " (read_model, kafka_partition, kafka_offset, "
                                + "event_id, event_type, stream, reason) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
                .execute(Tuple.from(Arrays.asList(
                        skip.model(),
                        record.partition(),
                        record.offset(),
                        record.envelope() == null ? null : record.envelope().id(),
                        record.envelope() == null ? null : record.envelope().type(),
                        record.envelope() == null ? null : record.envelope().subject(),
                        skip.reason())))
                .replaceWithVoid();
    }

    /**
     * Whether a failure is the record's and not the database's: a PostgreSQL data exception (SQLSTATE class 22, such
     * as NUL in text) or integrity violation (class 23), or the model's code failing on what the record holds. Lost
     * connections, timeouts, a database shutting down, serialization failures and deadlocks are not: they are
     * retried, never skipped.
     */
    public static boolean cannotApply(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("22") || state.startsWith("23"));
            }
            if (cause instanceof NullPointerException
                    || cause instanceof IllegalArgumentException
                    || cause instanceof ClassCastException
                    || cause instanceof DateTimeException
                    || cause instanceof ArithmeticException
                    || cause instanceof IndexOutOfBoundsException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof PgException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason = cause instanceof PgException pg
                ? "SQLSTATE " + pg.getSqlState() + ": " + pg.getErrorMessage()
                : failure.toString();
        return reason.length() <= 1000 ? reason : reason.substring(0, 1000);
    }

    /**
     * Takes the write locks of these live models until the transaction ends, in name order (as every taker does, so
     * that two takers never wait for each other).
     */
    static Uni<Void> lock(SqlConnection transaction, List<ReadModel> which) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReadModel model :
                which.stream().sorted(Comparator.comparing(ReadModel::name)).toList()) {
            chain = chain.chain(() -> transaction
                    .preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
                    .execute(Tuple.of(WRITE_LOCK, model.name().hashCode()))
                    .replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> applyTo(
            SqlConnection transaction, Target target, ReadModel model, List<LedgerRecord> records) {
        String projection = target.checkpoint(model.name());
        return Checkpoints.load(transaction, projection, Topics.LEDGER).chain(applied -> {
            List<LedgerRecord> fresh = new ArrayList<>(records.size());
            Map<Integer, Long> reached = new HashMap<>();
            for (LedgerRecord record : records) {
                if (record.offset() > applied.getOrDefault(record.partition(), -1L)) {
                    if (record.event() != null) {
                        fresh.add(record);
                    }
                    reached.merge(record.partition(), record.offset(), Math::max);
                }
            }
            Uni<Void> applying =
                    fresh.isEmpty() ? Uni.createFrom().voidItem() : model.apply(transaction, target, fresh);
            return applying.chain(() -> Checkpoints.advance(transaction, projection, Topics.LEDGER, reached));
        });
    }
}
