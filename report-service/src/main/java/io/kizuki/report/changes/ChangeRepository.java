package io.kizuki.report.changes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.Link;
import io.kizuki.ledger.WireCodec;
import io.kizuki.report.ledger.Where;
import io.kizuki.web.ProductScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** Queries over the changes read model. */
@ApplicationScoped
public class ChangeRepository {

    /** One change to a service. */
    public record Change(
            String changeId,
            String product,
            String service,
            String version,
            String kind,
            String summary,
            String actor,
            List<Link> links,
            Instant occurredAt,
            Instant recordedAt) {}

    private static final TypeReference<List<Link>> LINKS = new TypeReference<>() {};

    private final Pool pool;
    private final ObjectMapper json = WireCodec.newMapper();

    public ChangeRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Changes of the scope's products (a change without a product is visible to every reader of its service), newest
     * first, in {@code [from, to)}.
     */
    public Uni<List<Change>> list(ProductScope scope, List<String> services, Instant from, Instant to, int limit) {
        Where where = new Where();
        if (!scope.all()) {
            where.and("(product IS NULL OR product = ANY(?))", scope.products().toArray(String[]::new));
        }
        where.andIf("service = ANY(?)", services)
                .andIf("occurred_at >= ?", from)
                .andIf("occurred_at < ?", to);
        String sql = "SELECT change_id, product, service, version, kind, summary, actor, links::text, occurred_at, "
                + "recorded_at FROM " + ChangesReadModel.TABLE + where + " ORDER BY occurred_at DESC, change_id "
                + "LIMIT " + where.parameter(limit);
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<Change> changes = new ArrayList<>();
            for (Row row : rows) {
                changes.add(new Change(
                        row.getString(0),
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        links(row.getString(7)),
                        row.getOffsetDateTime(8).toInstant(),
                        row.getOffsetDateTime(9).toInstant()));
            }
            return changes;
        });
    }

    private List<Link> links(String text) {
        try {
            return json.readValue(text, LINKS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable change_view.links", e);
        }
    }
}
