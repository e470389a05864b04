package io.kizuki.report.changes;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.ChangeRecorded;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.Rows;
import io.kizuki.report.ledger.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** The changes read model: deploys, rollbacks, config and feature-flag changes, per service and time. */
@ApplicationScoped
public class ChangesReadModel implements ReadModel {

    public static final String NAME = "changes";
    static final String TABLE = "change_view";

    private final ObjectMapper json = WireCodec.newMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Table> tables() {
        return List.of(new Table(TABLE, "change_id"));
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records) {
        Rows rows = new Rows(
                "change_id text",
                "product text",
                "service text",
                "version text",
                "kind text",
                "summary text",
                "actor text",
                "links jsonb",
                "occurred_at timestamptz",
                "recorded_at timestamptz");
        for (LedgerRecord record : records) {
            if (record.event() instanceof ChangeRecorded change) {
                rows.add(
                        change.changeId(),
                        change.product(),
                        change.service(),
                        change.version(),
                        change.kind(),
                        change.summary(),
                        change.actor(),
                        links(change),
                        change.occurredAt(),
                        change.recordedAt());
            }
        }
        return rows.insert(transaction, target.table(TABLE), "ON CONFLICT (change_id) DO NOTHING");
    }

    private String links(ChangeRecorded change) {
        try {
            return json.writeValueAsString(change.links());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
