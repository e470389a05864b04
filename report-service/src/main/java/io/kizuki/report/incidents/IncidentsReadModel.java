package io.kizuki.report.incidents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.AlertAttached;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.Rows;
import io.kizuki.report.ledger.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The incidents read model: one row per incident (its {@link IncidentState} as JSON, and the columns lists filter and
 * sort by) and one row per attached alert. A batch loads the incidents it touches once, folds its events in memory
 * and writes each table in one statement.
 */
@ApplicationScoped
public class IncidentsReadModel implements ReadModel {

    public static final String NAME = "incidents";
    static final String INCIDENTS = "incident_view";
    static final String ALERTS = "incident_alert_view";

    private final ObjectMapper json = WireCodec.newMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Table> tables() {
        return List.of(new Table(INCIDENTS, "id"), new Table(ALERTS, "signal_id"));
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records) {
        Map<String, List<LedgerRecord>> byIncident = new LinkedHashMap<>();
        for (LedgerRecord record : records) {
            if (record.incidentEvent() != null) {
                byIncident
                        .computeIfAbsent(record.incidentEvent().incidentId(), id -> new ArrayList<>())
                        .add(record);
            }
        }
        if (byIncident.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transaction
                .preparedQuery("SELECT doc::text FROM " + target.table(INCIDENTS) + " WHERE id = ANY($1)")
                .execute(Tuple.of(byIncident.keySet().toArray(String[]::new)))
                .chain(rows -> {
                    Map<String, IncidentState> states = new HashMap<>();
                    for (Row row : rows) {
                        IncidentState state = read(row.getString(0));
                        states.put(state.id, state);
                    }
                    Rows incidents = incidentRows();
                    Rows alerts = new Rows(
                            "signal_id text",
                            "incident_id text",
                            "fingerprint text",
                            "title text",
                            "attached_at timestamptz",
                            "sequence bigint");
                    byIncident.forEach((id, events) -> {
                        IncidentState state = states.get(id);
                        boolean changed = false;
                        for (LedgerRecord record : events) {
                            if (record.event() instanceof IncidentOpened opened) {
                                if (state == null) {
                                    state = IncidentState.opened(
                                            opened,
                                            record.sequence(),
                                            record.envelope().time());
                                    changed = true;
                                }
                                continue;
                            }
                            if (state == null
                                    || !state.apply(
                                            record.incidentEvent(),
                                            record.sequence(),
                                            record.envelope().time())) {
                                continue;
                            }
                            changed = true;
                            if (record.event() instanceof AlertAttached attached) {
                                alerts.add(
                                        attached.signalId(),
                                        id,
                                        attached.fingerprint(),
                                        attached.title(),
                                        attached.attachedAt(),
                                        record.sequence());
                            }
                        }
                        if (changed) {
                            addRow(incidents, state);
                        }
                    });
                    return incidents
                            .insert(transaction, target.table(INCIDENTS), incidents.upsertOn("id"))
                            .chain(() -> alerts.insert(
                                    transaction, target.table(ALERTS), "ON CONFLICT (signal_id) DO NOTHING"));
                });
    }

    private static Rows incidentRows() {
        return new Rows(
                "id text",
                "title text",
                "product text",
                "service text",
                "severity text",
                "status text",
                "incident_class text",
                "source text",
                "recurrence_of text",
                "opened_at timestamptz",
                "acknowledged_at timestamptz",
                "resolved_at timestamptz",
                "closed_at timestamptz",
                "sequence bigint",
                "dedup_key text",
                "doc jsonb");
    }

    private void addRow(Rows rows, IncidentState state) {
        rows.add(
                state.id,
                state.title == null ? "" : state.title,
                state.product,
                state.service,
                state.severity.name(),
                state.status.name(),
                state.incidentClass,
                state.source,
                state.recurrenceOf,
                state.openedAt,
                state.acknowledgedAt,
                state.resolvedAt,
                state.closedAt,
                state.sequence,
                state.dedupKey,
                write(state));
    }

    IncidentState read(String doc) {
        try {
            return json.readValue(doc, IncidentState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable incident_view.doc: " + e.getMessage(), e);
        }
    }

    private String write(IncidentState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write incident " + state.id, e);
        }
    }
}
