package io.kizuki.report.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.report.ledger.Where;
import io.kizuki.web.ProductScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** MTTA, MTTR and incident counts over the metrics read model. */
@ApplicationScoped
public class MetricsRepository {

    /** The dimensions figures can be grouped by, and their columns. */
    public static final Map<String, String> DIMENSIONS = new LinkedHashMap<>(Map.of(
            "product",
            "product",
            "service",
            "service",
            "severity",
            "severity",
            "class",
            "incident_class",
            "week",
            "week"));

    /** Mean, median and 90th percentile in seconds, over how many incidents had the figure. */
    public record Durations(long count, Double meanSeconds, Double medianSeconds, Double p90Seconds) {}

    /** One group's figures. */
    public record Figures(
            Map<String, String> group, long incidents, Durations timeToAcknowledge, Durations timeToResolve) {}

    private final Pool pool;

    public MetricsRepository(Pool pool) {
        this.pool = pool;
    }

    /** Figures of incidents opened in {@code [from, to)}, grouped by the named dimensions (none: one group). */
    public Uni<List<Figures>> figures(ProductScope scope, List<String> groupBy, Instant from, Instant to) {
        Where where = new Where();
        if (!scope.all()) {
            where.and("product = ANY(?)", scope.products().toArray(String[]::new));
        }
        where.andIf("opened_at >= ?", from).andIf("opened_at < ?", to);
        List<String> columns = groupBy.stream().map(DIMENSIONS::get).toList();
        String tta = "extract(epoch FROM acknowledged_at - opened_at)";
        String ttr = "extract(epoch FROM resolved_at - opened_at)";
        String select = (columns.isEmpty() ? "" : String.join(", ", columns) + ", ") + "count(*), "
                + durations(tta, "acknowledged_at") + ", " + durations(ttr, "resolved_at");
        String sql = "SELECT " + select + " FROM " + MetricsReadModel.TABLE + where
                + (columns.isEmpty()
                        ? ""
                        : " GROUP BY " + String.join(", ", columns) + " ORDER BY " + String.join(", ", columns));
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<Figures> figures = new ArrayList<>();
            for (Row row : rows) {
                Map<String, String> group = new LinkedHashMap<>();
                for (int i = 0; i < groupBy.size(); i++) {
                    group.put(groupBy.get(i), row.getString(i));
                }
                int at = groupBy.size();
                long incidents = row.getLong(at);
                if (incidents == 0) {
                    continue;
                }
                figures.add(new Figures(group, incidents, durations(row, at + 1), durations(row, at + 5)));
            }
            return figures;
        });
    }

    private static String durations(String seconds, String column) {
        return "count(" + column + "), avg(" + seconds + ")::float8, percentile_cont(0.5) WITHIN GROUP (ORDER BY "
                + seconds + "), percentile_cont(0.9) WITHIN GROUP (ORDER BY " + seconds + ")";
    }

    private static Durations durations(Row row, int at) {
        return new Durations(row.getLong(at), row.getDouble(at + 1), row.getDouble(at + 2), row.getDouble(at + 3));
    }
}
