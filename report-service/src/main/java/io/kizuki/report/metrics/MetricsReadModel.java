package io.kizuki.report.metrics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.IncidentStatus;
import io.kizuki.ledger.Severity;
import io.kizuki.ledger.event.IncidentAcknowledged;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.ledger.event.IncidentReopened;
import io.kizuki.ledger.event.IncidentResolved;
import io.kizuki.ledger.event.SeverityChanged;
import io.kizuki.ledger.event.StatusChanged;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.Rows;
import io.kizuki.report.ledger.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The metrics read model: per incident, what MTTA and MTTR are computed from — when it opened, was first
 * acknowledged (or first moved to a working status) and last resolved — with the dimensions they are grouped by.
 */
@ApplicationScoped
public class MetricsReadModel implements ReadModel {

    public static final String NAME = "metrics";
    static final String TABLE = "incident_metric";

    /** One incident's figures. */
    record Metric(
            String incidentId,
            String product,
            String service,
            Severity severity,
            String incidentClass,
            String week,
            Instant openedAt,
            Instant acknowledgedAt,
            Instant resolvedAt) {

        Metric with(Severity newSeverity, Instant acknowledged, Instant resolved) {
            return new Metric(
                    incidentId, product, service, newSeverity, incidentClass, week, openedAt, acknowledged, resolved);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Table> tables() {
        return List.of(new Table(TABLE, "incident_id"));
    }

    /** The ISO week an instant falls in, in UTC, e.g. {@code 2026-W47}. */
    public static String week(Instant at) {
        var date = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return "%d-W%02d".formatted(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** How an event moves an incident's figures; {@code null} state means not opened (yet). */
    static Metric evolve(Metric metric, LedgerRecord record) {
        return switch (record.event()) {
            case IncidentOpened o ->
                metric != null
                        ? metric
                        : new Metric(
                                o.incidentId(),
                                o.product(),
                                o.service(),
                                o.severity(),
                                o.signalClass(),
                                week(o.openedAt()),
                                o.openedAt(),
                                null,
                                null);
            case IncidentAcknowledged a
            when metric != null ->
                metric.acknowledgedAt() != null
                        ? metric
                        : metric.with(metric.severity(), a.acknowledgedAt(), metric.resolvedAt());
            case StatusChanged s
            when metric != null ->
                metric.acknowledgedAt() != null || s.to() == IncidentStatus.TRIGGERED
                        ? metric
                        : metric.with(metric.severity(), s.changedAt(), metric.resolvedAt());
            case IncidentResolved r
            when metric != null -> metric.with(metric.severity(), metric.acknowledgedAt(), r.resolvedAt());
            case IncidentReopened r
            when metric != null -> metric.with(metric.severity(), metric.acknowledgedAt(), null);
            case SeverityChanged s
            when metric != null -> metric.with(s.to(), metric.acknowledgedAt(), metric.resolvedAt());
            default -> metric;
        };
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records) {
        Map<String, List<LedgerRecord>> byIncident = new LinkedHashMap<>();
        for (LedgerRecord record : records) {
            switch (record.event()) {
                case IncidentOpened o -> add(byIncident, record);
                case IncidentAcknowledged a -> add(byIncident, record);
                case StatusChanged s -> add(byIncident, record);
                case IncidentResolved r -> add(byIncident, record);
                case IncidentReopened r -> add(byIncident, record);
                case SeverityChanged s -> add(byIncident, record);
                default -> {}
            }
        }
        if (byIncident.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transaction
                .preparedQuery("SELECT incident_id, product, service, severity, incident_class, week, "
                        + "opened_at, acknowledged_at, resolved_at FROM " + target.table(TABLE)
                        + " WHERE incident_id = ANY($1)")
                .execute(Tuple.of(byIncident.keySet().toArray(String[]::new)))
                .chain(found -> {
                    Map<String, Metric> metrics = new HashMap<>();
                    for (Row row : found) {
                        metrics.put(
                                row.getString(0),
                                new Metric(
                                        row.getString(0),
                                        row.getString(1),
                                        row.getString(2),
                                        Severity.valueOf(row.getString(3)),
                                        row.getString(4),
                                        row.getString(5),
                                        instant(row, 6),
                                        instant(row, 7),
                                        instant(row, 8)));
                    }
                    Rows rows = new Rows(
                            "incident_id text",
                            "product text",
                            "service text",
                            "severity text",
                            "incident_class text",
                            "week text",
                            "opened_at timestamptz",
                            "acknowledged_at timestamptz",
                            "resolved_at timestamptz");
                    byIncident.forEach((id, events) -> {
                        Metric before = metrics.get(id);
                        Metric after = before;
                        for (LedgerRecord record : events) {
                            after = evolve(after, record);
                        }
                        if (after != null && !after.equals(before)) {
                            rows.add(
                                    after.incidentId(),
                                    after.product(),
                                    after.service(),
                                    after.severity().name(),
                                    after.incidentClass(),
                                    after.week(),
                                    after.openedAt(),
                                    after.acknowledgedAt(),
                                    after.resolvedAt());
                        }
                    });
                    return rows.insert(transaction, target.table(TABLE), rows.upsertOn("incident_id"));
                });
    }

    private static void add(Map<String, List<LedgerRecord>> byIncident, LedgerRecord record) {
        byIncident
                .computeIfAbsent(record.event().streamId(), id -> new ArrayList<>())
                .add(record);
    }

    private static Instant instant(Row row, int column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
