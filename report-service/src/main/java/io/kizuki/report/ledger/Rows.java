package io.kizuki.report.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rows for one table, written in a single statement however many there are: each column travels as one array
 * parameter and {@code unnest} turns the arrays back into rows. This is what lets a projection apply a whole poll
 * batch in one round trip per table. A JSON column's values (its text, or the text's UTF-8 bytes as the ledger holds
 * them, which are neither decoded nor encoded again) travel as UTF-8 {@code bytea}, which PostgreSQL reads as text.
 */
public final class Rows {

    private final String[] names;
    private final String[] types;
    private final List<Object[]> rows = new ArrayList<>();

    /** Columns as {@code "name type"}, type one of text, json, jsonb, bigint, integer, timestamptz, timestamp, date. */
    public Rows(String... columns) {
        names = new String[columns.length];
        types = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            String[] parts = columns[i].split(" ");
            names[i] = parts[0];
            types[i] = parts[1];
        }
    }

    public Rows add(Object... values) {
        if (values.length != names.length) {
            throw new IllegalArgumentException("expected " + names.length + " values, got " + values.length);
        }
        rows.add(values);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** {@code INSERT INTO table (...) SELECT ... FROM unnest(...)} followed by {@code onConflict}. */
    public Uni<Void> insert(SqlConnection connection, String table, String onConflict) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String columns = String.join(", ", names);
        String casts = IntStream.range(0, names.length)
                .mapToObj(i -> isJson(types[i]) ? "convert_from(" + names[i] + ", 'UTF8')::" + types[i] : names[i])
                .collect(Collectors.joining(", "));
        String arrays = IntStream.range(0, names.length)
                .mapToObj(i -> "$" + (i + 1) + "::" + (isJson(types[i]) ? "bytea" : types[i]) + "[]")
                .collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + table + " (" + columns + ") SELECT " + casts + " FROM unnest(" + arrays
                + ") AS u(" + columns + ") " + onConflict;
        return connection.preparedQuery(sql).execute(tuple()).replaceWithVoid();
    }

    /** {@code ON CONFLICT (key) DO UPDATE SET} every other column. */
    public String upsertOn(String key) {
        return "ON CONFLICT (" + key + ") DO UPDATE SET "
                + IntStream.range(0, names.length)
                        .filter(i -> !names[i].equals(key))
                        .mapToObj(i -> names[i] + " = excluded." + names[i])
                        .collect(Collectors.joining(", "));
    }

    /** JSON travels as UTF-8 bytes and is cast to its column's type in the statement. */
    private static boolean isJson(String type) {
        return type.equals("json") || type.equals("jsonb");
    }

    private Tuple tuple() {
        List<Object> arrays = new ArrayList<>(names.length);
        for (int column = 0; column < names.length; column++) {
            if (isJson(types[column])) {
                Buffer[] array = new Buffer[rows.size()];
                for (int row = 0; row < rows.size(); row++) {
                    Object value = rows.get(row)[column];
                    array[row] = value == null
                            ? null
                            : Buffer.buffer(
                                    value instanceof byte[] utf8
                                            ? utf8
                                            : value.toString().getBytes(StandardCharsets.UTF_8));
                }
                arrays.add(array);
                continue;
            }
            Object[] array =
                    switch (types[column]) {
                        case "text" -> new String[rows.size()];
                        case "bigint" -> new Long[rows.size()];
                        case "integer" -> new Integer[rows.size()];
                        case "timestamptz" -> new OffsetDateTime[rows.size()];
                        case "timestamp" -> new LocalDateTime[rows.size()];
                        case "date" -> new LocalDate[rows.size()];
                        default -> throw new IllegalArgumentException("unsupported column type " + types[column]);
                    };
            for (int row = 0; row < rows.size(); row++) {
                Object value = rows.get(row)[column];
                array[row] = value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
            }
            arrays.add(array);
        }
        return Tuple.from(arrays);
    }
}
