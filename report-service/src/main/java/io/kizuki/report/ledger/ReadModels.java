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
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Every read model, and how a batch of ledger records is applied to them: per model, only the records past its
 * checkpoint, then the checkpoint, all in the caller's transaction. A record applied twice therefore changes nothing.
 */
@ApplicationScoped
public class ReadModels {

    /** Held by every transaction that writes the live read models, and by the rebuild's switch. */
    static final long WRITE_LOCK = 0x6b697a756b69L;

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

    /** Applies the records to each of the models' target copies, skipping what each has applied already. */
    public Uni<Void> apply(SqlConnection transaction, Target target, List<ReadModel> which,
            List<LedgerRecord> records) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReadModel model : which) {
            chain = chain.chain(() -> applyTo(transaction, target, model, records));
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
