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

    /** A table of a read model and its primary key. */
    record Table(String name, String key) {
    }
}
