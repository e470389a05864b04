package io.kizuki.report.timeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.Rows;
import io.kizuki.report.ledger.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The timeline read model: every event of every incident as a typed entry with its actor and its data, in stream
 * order. It is also what time travel folds.
 */
@ApplicationScoped
public class TimelineReadModel implements ReadModel {

    public static final String NAME = "timeline";
    public static final String TABLE = "timeline_entry";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Table> tables() {
        // a stream's sequence is unique on the ledger (one writer), so a rebuild builds this key at the end
        return List.of(new Table(TABLE, "incident_id, sequence", false));
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records) {
        Rows rows = new Rows(
                "incident_id text",
                "sequence bigint",
                "event_id text",
                "event_type text",
                "kind text",
                "at timestamptz",
                "actor text",
                "summary text",
                "data json");
        for (LedgerRecord record : records) {
            if (!(record.event() instanceof IncidentEvent event)) {
                continue;
            }
            TimelineEntries.Line line = TimelineEntries.describe(event);
            rows.add(
                    event.incidentId(),
                    record.sequence(),
                    record.envelope().id(),
                    record.envelope().type(),
                    line.kind(),
                    record.envelope().time(),
                    actor(record.envelope()),
                    line.summary(),
                    record.envelope().data());
        }
        // no conflict target: a rebuild's copy has no key while it is filled
        return rows.insert(transaction, target.table(TABLE), "ON CONFLICT DO NOTHING");
    }

    /** Who, as the timeline shows it: {@code user:alice via slack} for a command a person sent from chat. */
    static String actor(Envelope envelope) {
        return envelope.via() == null || envelope.actor() == null
                ? envelope.actor()
                : envelope.actor() + " via " + envelope.via();
    }
}
