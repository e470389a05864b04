package io.kizuki.report.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A digest of a read model's live tables: SHA-256 over each table's row count and the MD5 of every row in key order,
 * read in one snapshot together with the model's checkpoints. Two copies built from the same ledger offsets have the
 * same digest, whichever way they were built.
 */
@ApplicationScoped
public class Digests {

    /**
     * A read model's digest and the ledger offsets it stands for; {@code skipped} lists where the records the model
     * could not apply were read ({@code partition@offset}). The digest covers the skipped records by their event ids,
     * which stay the same where the ledger is restored (its offsets do not).
     */
    public record Digest(
            String readModel,
            String digest,
            Map<String, Long> rows,
            Map<Integer, Long> checkpoints,
            List<String> skipped) {}

    private final Pool pool;

    public Digests(Pool pool) {
        this.pool = pool;
    }

    public Uni<Digest> of(ReadModel model) {
        return pool.withTransaction(transaction -> transaction
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute()
                .chain(() -> tables(transaction, model))
                .chain(tables -> skips(transaction, model).chain(skips -> Checkpoints.load(
                                transaction, Target.LIVE.checkpoint(model.name()), Topics.LEDGER)
                        .map(checkpoints -> {
                            MessageDigest sha = sha256();
                            Map<String, Long> rows = new TreeMap<>();
                            for (String[] table : tables) {
                                rows.put(table[0], Long.parseLong(table[1]));
                                sha.update(String.join(":", table).getBytes(StandardCharsets.UTF_8));
                                sha.update((byte) '\n');
                            }
                            if (!skips.isEmpty()) {
                                sha.update(("skipped:" + String.join(",", skips.keySet()))
                                        .getBytes(StandardCharsets.UTF_8));
                            }
                            return new Digest(
                                    model.name(),
                                    HexFormat.of().formatHex(sha.digest()),
                                    rows,
                                    new TreeMap<>(checkpoints),
                                    List.copyOf(skips.values()));
                        }))));
    }

    /** The model's skipped records: event id to where it was read ({@code partition@offset}), by event id. */
    private static Uni<Map<String, String>> skips(SqlConnection transaction, ReadModel model) {
        return transaction
                .preparedQuery("SELECT event_id, kafka_partition, kafka_offset FROM " + ReadModels.SKIPS
                        + " WHERE read_model = $1")
                .execute(Tuple.of(model.name()))
                .map(rows -> {
                    Map<String, String> skips = new TreeMap<>();
                    rows.forEach(row -> skips.put(row.getString(0), row.getInteger(1) + "@" + row.getLong(2)));
                    return skips;
                });
    }

    private static Uni<List<String[]>> tables(SqlConnection transaction, ReadModel model) {
        List<String[]> results = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReadModel.Table table : model.tables()) {
            chain = chain.chain(() -> transaction
                    .query("SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' " + "ORDER BY " + table.key()
                            + "), '')) FROM " + table.name() + " t")
                    .execute()
                    .invoke(rows -> {
                        var row = rows.iterator().next();
                        results.add(new String[] {table.name(), Long.toString(row.getLong(0)), row.getString(1)});
                    })
                    .replaceWithVoid());
        }
        return chain.replaceWith(results);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
