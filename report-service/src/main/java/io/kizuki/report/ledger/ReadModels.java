package io.kizuki.report.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.kizuki.ledger.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every read model, and how a batch of ledger records is applied to them: per model, only the records past its
 * checkpoint, then the checkpoint, in one transaction of that model's. A record applied twice therefore changes
 * nothing. The models share nothing, so their transactions run side by side, each on a connection of its own.
 */
@ApplicationScoped
public class ReadModels {

    /** The class of advisory locks a live read model's writers hold (the other key is the model's), as does a switch. */
    static final int WRITE_LOCK = 0x6b697a75;

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

    /**
     * Applies the records to each of the models' target copies, skipping what each has applied already: one
     * transaction per model, all at once. It fails, once every transaction has ended, if any of them failed; the
     * models that committed skip the records when the batch is applied again.
     */
    public Uni<Void> apply(Pool pool, Target target, List<ReadModel> which, List<LedgerRecord> records) {
        List<Uni<Void>> each = new ArrayList<>(which.size());
        for (ReadModel model : which) {
            each.add(apply(pool, target, model, records));
        }
        return Uni.join().all(each).andCollectFailures().replaceWithVoid();
    }

    /**
     * Applies the records to one model's target copy in a transaction of its own, skipping what it has applied
     * already. Batches must be applied to a model in log order, each once the one before has committed.
     */
    public static Uni<Void> apply(Pool pool, Target target, ReadModel model, List<LedgerRecord> records) {
        return pool.withTransaction(transaction -> (target == Target.LIVE ? lock(transaction, List.of(model))
                : Uni.createFrom().voidItem()).chain(() -> applyTo(transaction, target, model, records)));
    }

    /**
     * Takes the write locks of these live models until the transaction ends, in name order (as every taker does, so
     * that two takers never wait for each other).
     */
    static Uni<Void> lock(SqlConnection transaction, List<ReadModel> which) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReadModel model : which.stream().sorted(Comparator.comparing(ReadModel::name)).toList()) {
            chain = chain.chain(() -> transaction.preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
                    .execute(Tuple.of(WRITE_LOCK, model.name().hashCode())).replaceWithVoid());
        }
        return chain;
    }

    private static Uni<Void> applyTo(SqlConnection transaction, Target target, ReadModel model,
            List<LedgerRecord> records) {
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
            Uni<Void> applying = fresh.isEmpty() ? Uni.createFrom().voidItem()
                    : model.apply(transaction, target, fresh);
            return applying.chain(() -> Checkpoints.advance(transaction, projection, Topics.LEDGER, reached));
        });
    }
}
