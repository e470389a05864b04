package io.kizuki.report.ledger;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A read model: tables that are a pure function of the ledger. {@link #apply} writes one batch of records in the
 * caller's transaction, which also moves the model's checkpoint; records it does not care about it ignores. A new
 * event type is one new case in the model's own fold.
 */
public interface ReadModel {

    /** The model's name in URLs, checkpoints and metrics. */
    String name();

    /** The model's tables, each with the columns that order its rows for the digest (its primary key). */
    List<Table> tables();

    /** Applies records (in log order, each at most once) to the target's tables, in the caller's transaction. */
    Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records);

    /**
     * A table of a read model and its primary key. {@code keyedWhileFilled}: the model's writes need the key (an
     * upsert, or duplicates it skips), so a rebuild's copy has it from the start; otherwise (rows keyed by the
     * ledger's own order, such as a stream's sequence, never written twice) it is built once the copy is full.
     */
    record Table(String name, String key, boolean keyedWhileFilled) {

        public Table(String name, String key) {
            this(name, key, true);
        }
    }
}
