package io.kizuki.report.learning;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.report.ledger.Where;
import io.kizuki.web.ProductScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the learning read model: postmortems, the knowledge feed, adoptions, overdue actions, factor categories. */
@ApplicationScoped
public class LearningRepository {

    /** The incidents table, which the learning queries join for an incident's product, title and times. */
    private static final String INCIDENTS = "incident_view";

    private final Pool pool;
    private final LearningReadModel model;

    public LearningRepository(Pool pool, LearningReadModel model) {
        this.pool = pool;
        this.model = model;
    }

    public Uni<Optional<PostmortemState>> postmortem(String incidentId) {
        return pool.preparedQuery("SELECT doc::text FROM " + LearningReadModel.POSTMORTEMS + " WHERE incident_id = $1")
                .execute(Tuple.of(incidentId))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(model.read(rows.iterator().next().getString(0)))
                        : Optional.empty());
    }

    /** Published postmortems, most recently published first: the knowledge feed. */
    public Uni<List<PostmortemState>> published(int limit) {
        return pool.preparedQuery("SELECT doc::text FROM " + LearningReadModel.POSTMORTEMS
                        + " WHERE published_at IS NOT NULL ORDER BY published_at DESC, incident_id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PostmortemState> states = new ArrayList<>();
                    rows.forEach(row -> states.add(model.read(row.getString(0))));
                    return states;
                });
    }

    /** A product's answer to a shared prevention action. */
    public record Adoption(
            String incidentId,
            String actionItemId,
            String product,
            String status,
            String note,
            String recordedBy,
            Instant recordedAt) {}

    /** Every answer to the actions of these incidents. */
    public Uni<List<Adoption>> adoptions(List<String> incidentIds) {
        return pool.preparedQuery("SELECT incident_id, action_item_id, product, status, note, recorded_by, recorded_at "
                        + "FROM " + LearningReadModel.ADOPTIONS + " WHERE incident_id = ANY($1) "
                        + "ORDER BY incident_id, action_item_id, product")
                .execute(Tuple.of(incidentIds.toArray(String[]::new)))
                .map(rows -> {
                    List<Adoption> adoptions = new ArrayList<>();
                    for (Row row : rows) {
                        adoptions.add(new Adoption(
                                row.getString(0),
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5),
                                row.getOffsetDateTime(6).toInstant()));
                    }
                    return adoptions;
                });
    }

    /** Every product Kizuki knows: those with incidents, and those that answered a shared action. */
    public Uni<List<String>> products() {
        return pool.preparedQuery("SELECT DISTINCT product FROM " + INCIDENTS + " UNION SELECT DISTINCT product FROM "
                        + LearningReadModel.ADOPTIONS + " ORDER BY 1")
                .execute()
                .map(rows -> {
                    List<String> products = new ArrayList<>();
                    rows.forEach(row -> products.add(row.getString(0)));
                    return products;
                });
    }

    /** An improvement action not done by its due date, with its incident's product (the team that owns it). */
    public record OverdueAction(
            String incidentId,
            String actionItemId,
            String title,
            String kind,
            String owner,
            String team,
            String incidentTitle,
            LocalDate dueDate,
            long daysOverdue) {}

    public Uni<List<OverdueAction>> overdue(ProductScope scope, LocalDate today) {
        Where where = new Where();
        where.and("a.done_at IS NULL AND a.due_date < ?", today);
        if (!scope.all()) {
            where.and("i.product = ANY(?)", scope.products().toArray(String[]::new));
        }
        return pool.preparedQuery(
                        "SELECT a.incident_id, a.action_item_id, a.title, a.kind, a.owner, i.product, i.title, "
                                + "a.due_date FROM " + LearningReadModel.ACTIONS + " a JOIN " + INCIDENTS
                                + " i ON i.id = a.incident_id"
                                + where + " ORDER BY a.due_date, a.incident_id, a.action_item_id")
                .execute(where.tuple())
                .map(rows -> {
                    List<OverdueAction> actions = new ArrayList<>();
                    for (Row row : rows) {
                        LocalDate due = row.getLocalDate(7);
                        actions.add(new OverdueAction(
                                row.getString(0),
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getString(4),
                                row.getString(5),
                                row.getString(6),
                                due,
                                today.toEpochDay() - due.toEpochDay()));
                    }
                    return actions;
                });
    }

    /**
     * One category of contributing factor over a time bucket: how many published postmortems named it, how serious
     * their incidents were and how long they lasted (what the gap costs).
     */
    public record FactorCost(String category, String month, long incidents, long serious, long downtimeMinutes) {}

    /** Contributing-factor categories of incidents opened in [from, to), costliest first. */
    public Uni<List<FactorCost>> factorCosts(ProductScope scope, Instant from, Instant to, boolean byMonth) {
        Where where = new Where();
        where.andIf("i.opened_at >= ?", from).andIf("i.opened_at < ?", to);
        if (!scope.all()) {
            where.and("i.product = ANY(?)", scope.products().toArray(String[]::new));
        }
        String month = byMonth ? "to_char(i.opened_at AT TIME ZONE 'UTC', 'YYYY-MM')" : "NULL";
        // one row per incident and category (a category named twice counts once), so the sums count each incident once
        String sql = "SELECT f.category, " + month + " AS month, count(*), "
                + "count(*) FILTER (WHERE i.severity IN ('SEV1', 'SEV2')), "
                + "coalesce(sum(floor(extract(epoch FROM (coalesce(i.resolved_at, i.closed_at, i.opened_at) "
                + "- i.opened_at)) / 60)), 0)::bigint FROM (SELECT DISTINCT incident_id, category FROM "
                + LearningReadModel.FACTORS + ") f JOIN " + INCIDENTS + " i ON i.id = f.incident_id" + where
                + " GROUP BY 1, 2 ORDER BY 5 DESC, 3 DESC, 1, 2";
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<FactorCost> costs = new ArrayList<>();
            for (Row row : rows) {
                costs.add(new FactorCost(
                        row.getString(0), row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4)));
            }
            return costs;
        });
    }

    /** An earlier incident like a new one, whose prevention actions were all done, and how it is alike. */
    public record Prevented(String incidentId, String matchedBy) {}

    /**
     * The most recent incident of the same product opened before {@code openedAt} with the same dedup key, or else
     * the same service and class (a class that says something: not {@code other}), that has prevention action items
     * and all of them done. Another product's incidents never match: a product is flagged only by its own history.
     * Without a dedup key to match and a class that says something, nothing is looked up.
     */
    public Uni<Optional<Prevented>> preventedBefore(
            String incidentId,
            String product,
            String dedupKey,
            String service,
            String incidentClass,
            Instant openedAt) {
        boolean byClass = incidentClass != null && !incidentClass.equals("other");
        if (dedupKey == null && !byClass) {
            return Uni.createFrom().item(Optional.empty());
        }
        // $3 and $4 are null when the class says nothing: then only the dedup key matches
        String sql = "SELECT i.id, coalesce(i.dedup_key = $2, false) FROM " + INCIDENTS + " i "
                + "WHERE i.id <> $1 AND i.product = $6 AND i.opened_at < $5 AND (i.dedup_key = $2 OR (i.service = $3 AND "
                + "i.incident_class = $4)) AND EXISTS (SELECT 1 FROM " + LearningReadModel.ACTIONS + " a "
                + "WHERE a.incident_id = i.id AND a.kind = 'prevention') AND NOT EXISTS (SELECT 1 FROM "
                + LearningReadModel.ACTIONS + " a WHERE a.incident_id = i.id AND a.kind = 'prevention' "
                + "AND a.done_at IS NULL) ORDER BY 2 DESC, i.opened_at DESC, i.id LIMIT 1";
        return pool.preparedQuery(sql)
                .execute(Tuple.tuple()
                        .addString(incidentId)
                        .addString(dedupKey)
                        .addString(byClass ? service : null)
                        .addString(byClass ? incidentClass : null)
                        .addOffsetDateTime(openedAt.atOffset(ZoneOffset.UTC))
                        .addString(product))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Prevented(
                            row.getString(0),
                            row.getBoolean(1)
                                    ? RecurrenceFlagged.SAME_DEDUP_KEY
                                    : RecurrenceFlagged.SAME_SERVICE_AND_CLASS));
                });
    }
}
