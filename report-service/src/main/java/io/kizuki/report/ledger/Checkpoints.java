package io.kizuki.report.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The partition offsets each read model has applied, kept in the same database and transaction as its rows. */
public final class Checkpoints {

    static final String TABLE = "projection_checkpoint";

    private Checkpoints() {}

    /** The last offset applied per partition of the topic; a partition never applied is absent. */
    public static Uni<Map<Integer, Long>> load(SqlClient client, String projection, String topic) {
        return client.preparedQuery(
                        "SELECT kafka_partition, kafka_offset FROM " + TABLE + " WHERE projection = $1 AND topic = $2")
                .execute(Tuple.of(projection, topic))
                .map(rows -> {
                    Map<Integer, Long> offsets = new HashMap<>();
                    for (Row row : rows) {
                        offsets.put(row.getInteger(0), row.getLong(1));
                    }
                    return offsets;
                });
    }

    /** Records that the projection applied these offsets (the highest per partition of the batch). */
    public static Uni<Void> advance(
            SqlConnection transaction, String projection, String topic, Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Rows rows = new Rows("projection text", "topic text", "kafka_partition integer", "kafka_offset bigint");
        offsets.forEach((partition, offset) -> rows.add(projection, topic, partition, offset));
        return rows.insert(
                transaction,
                TABLE,
                "ON CONFLICT (projection, topic, kafka_partition) DO UPDATE SET " + "kafka_offset = GREATEST(" + TABLE
                        + ".kafka_offset, excluded.kafka_offset)");
    }

    /** Every checkpoint of these projections, as {@code projection -> partition -> offset}. */
    public static Uni<Map<String, Map<Integer, Long>>> all(SqlClient client, List<String> projections, String topic) {
        return client.preparedQuery("SELECT projection, kafka_partition, kafka_offset FROM " + TABLE
                        + " WHERE projection = ANY($1) AND topic = $2")
                .execute(Tuple.of(projections.toArray(String[]::new), topic))
                .map(rows -> {
                    Map<String, Map<Integer, Long>> all = new HashMap<>();
                    projections.forEach(projection -> all.put(projection, new HashMap<>()));
                    for (Row row : rows) {
                        all.get(row.getString(0)).put(row.getInteger(1), row.getLong(2));
                    }
                    return all;
                });
    }
}
