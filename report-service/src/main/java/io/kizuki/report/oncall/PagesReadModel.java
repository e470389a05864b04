package io.kizuki.report.oncall;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.OnCallHours;
import io.kizuki.ledger.event.ResponderPaged;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.Rows;
import io.kizuki.report.ledger.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** The on-call read model: one row per page, with the person's local time and the night or weekend it disturbed. */
@ApplicationScoped
public class PagesReadModel implements ReadModel {

    public static final String NAME = "oncall";
    static final String TABLE = "page_view";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Table> tables() {
        return List.of(new Table(TABLE, "page_id"));
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records) {
        Rows rows = new Rows(
                "page_id text",
                "incident_id text",
                "product text",
                "person text",
                "time_zone text",
                "channel text",
                "level integer",
                "paged_at timestamptz",
                "local_time timestamp",
                "week text",
                "night_of date",
                "weekend_day date");
        for (LedgerRecord record : records) {
            if (record.event() instanceof ResponderPaged page) {
                OnCallHours.Local local = OnCallHours.of(page.pagedAt(), page.timeZone());
                rows.add(
                        page.pageId(),
                        page.incidentId(),
                        page.product(),
                        page.person(),
                        local.zone(),
                        page.channel(),
                        page.level(),
                        page.pagedAt(),
                        local.time(),
                        local.week(),
                        local.nightOf(),
                        local.weekendDay());
            }
        }
        return rows.insert(transaction, target.table(TABLE), "ON CONFLICT (page_id) DO NOTHING");
    }
}
