package io.kizuki.report.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.report.ledger.Where;
import io.kizuki.web.ProductScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries over the incidents read model, and time travel over the timeline. */
@ApplicationScoped
public class IncidentRepository {

    /** How a list is ordered: every key in the same direction, the id last, so that a cursor is one row's keys. */
    public enum Order {
        NEWEST("opened_at DESC, id DESC", "(opened_at, id) < ", false),
        OLDEST("opened_at ASC, id ASC", "(opened_at, id) > ", false),
        MOST_SEVERE("severity ASC, opened_at ASC, id ASC", "(severity, opened_at, id) > ", true),
        LEAST_SEVERE("severity DESC, opened_at DESC, id DESC", "(severity, opened_at, id) < ", true);

        final String orderBy;
        final String after;
        final boolean bySeverity;

        Order(String orderBy, String after, boolean bySeverity) {
            this.orderBy = orderBy;
            this.after = after;
            this.bySeverity = bySeverity;
        }
    }

    /** Where the next page starts: the last row's sort keys. */
    public record Cursor(String severity, Instant openedAt, String id) {}

    /** What a list asks for; empty lists and nulls mean no filter. */
    public record Filter(
            ProductScope scope,
            List<IncidentStatus> statuses,
            List<Severity> severities,
            List<String> products,
            List<String> services,
            List<String> classes,
            Instant from,
            Instant to,
            String text) {}

    private final Pool pool;
    private final IncidentsReadModel model;

    public IncidentRepository(Pool pool, IncidentsReadModel model) {
        this.pool = pool;
        this.model = model;
    }

    /** An incident of a list, and the cursor of the page that would start after it. */
    public record Listed(IncidentState incident, Cursor cursor) {}

    public Uni<List<Listed>> list(Filter filter, Order order, Cursor cursor, int limit) {
        Where where = new Where();
        if (!filter.scope().all()) {
            where.and("product = ANY(?)", filter.scope().products().toArray(String[]::new));
        }
        where.andIf("status = ANY(?)", filter.statuses())
                .andIf("severity = ANY(?)", filter.severities())
                .andIf("product = ANY(?)", filter.products())
                .andIf("service = ANY(?)", filter.services())
                .andIf("incident_class = ANY(?)", filter.classes())
                .andIf("opened_at >= ?", filter.from())
                .andIf("opened_at < ?", filter.to());
        if (filter.text() != null && !filter.text().isBlank()) {
            where.and(
                    "(title ILIKE ? ESCAPE '\\' OR id ILIKE ? ESCAPE '\\' OR service ILIKE ? ESCAPE '\\' "
                            + "OR doc->>'summary' ILIKE ? ESCAPE '\\')",
                    "%"
                            + filter.text()
                                    .trim()
                                    .replace("\\", "\\\\")
                                    .replace("%", "\\%")
                                    .replace("_", "\\_") + "%");
        }
        String sql = "SELECT doc::text, severity, opened_at, id FROM " + IncidentsReadModel.INCIDENTS;
        String conditions = where.toString();
        if (cursor != null) {
            String keys = order.bySeverity
                    ? "(" + where.parameter(cursor.severity()) + ", " + where.parameter(cursor.openedAt()) + ", "
                            + where.parameter(cursor.id()) + ")"
                    : "(" + where.parameter(cursor.openedAt()) + ", " + where.parameter(cursor.id()) + ")";
            conditions = (conditions.isEmpty() ? " WHERE " : conditions + " AND ") + order.after + keys;
        }
        sql += conditions + " ORDER BY " + order.orderBy + " LIMIT " + where.parameter(limit);
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<Listed> listed = new ArrayList<>();
            for (Row row : rows) {
                listed.add(new Listed(
                        model.read(row.getString(0)),
                        new Cursor(row.getString(1), row.getOffsetDateTime(2).toInstant(), row.getString(3))));
            }
            return listed;
        });
    }

    public Uni<Optional<IncidentState>> find(String id) {
        return pool.preparedQuery("SELECT doc::text FROM " + IncidentsReadModel.INCIDENTS + " WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(model.read(rows.iterator().next().getString(0)))
                        : Optional.empty());
    }

    /** An alert of an incident. */
    public record Alert(
            String signalId,
            String fingerprint,
            String title,
            Instant attachedAt,

            @Schema(description = "its place in the incident's stream: the cursor for the next page")
            long sequence) {}

    /** Every alert of the incident in the order they were attached, up to a sequence (for the postmortem). */
    public Uni<List<Alert>> alerts(String id, long upToSequence) {
        return alerts(id, upToSequence, 0, Integer.MAX_VALUE);
    }

    /**
     * A page of the incident's alerts in the order they were attached, up to a sequence: at most {@code limit}, after
     * the alert at {@code afterSequence} (0 for the first page).
     */
    public Uni<List<Alert>> alerts(String id, long upToSequence, long afterSequence, int limit) {
        return pool.preparedQuery("SELECT signal_id, fingerprint, title, attached_at, sequence FROM "
                        + IncidentsReadModel.ALERTS + " WHERE incident_id = $1 AND sequence <= $2 AND sequence > $3 "
                        + "ORDER BY sequence LIMIT $4")
                .execute(Tuple.of(id, upToSequence, afterSequence, limit))
                .map(rows -> {
                    List<Alert> alerts = new ArrayList<>();
                    for (Row row : rows) {
                        alerts.add(new Alert(
                                row.getString(0),
                                row.getString(1),
                                row.getString(2),
                                row.getOffsetDateTime(3).toInstant(),
                                row.getLong(4)));
                    }
                    return alerts;
                });
    }

    /** The incidents that recur this one. */
    public Uni<List<String>> recurrences(String id) {
        return pool.preparedQuery("SELECT id FROM " + IncidentsReadModel.INCIDENTS
                        + " WHERE recurrence_of = $1 ORDER BY opened_at, id")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }
}
