package io.kizuki.report.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/** A {@code WHERE} clause built from optional conditions, with numbered parameters. */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    /** Adds a condition whose {@code ?} stands for the value's parameter. */
    public Where and(String condition, Object value) {
        parameters.add(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        conditions.add(condition.replace("?", "$" + parameters.size()));
        return this;
    }

    /** Adds the condition only when the value is present (not null, not an empty list). */
    public Where andIf(String condition, Object value) {
        if (value == null || value instanceof List<?> list && list.isEmpty()) {
            return this;
        }
        return and(
                condition,
                value instanceof List<?> list
                        ? list.stream().map(Object::toString).toArray(String[]::new)
                        : value);
    }

    /** The next parameter's placeholder, for values used outside the conditions (e.g. a limit). */
    public String parameter(Object value) {
        parameters.add(value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value);
        return "$" + parameters.size();
    }

    @Override
    public String toString() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public Tuple tuple() {
        return Tuple.from(parameters);
    }
}
