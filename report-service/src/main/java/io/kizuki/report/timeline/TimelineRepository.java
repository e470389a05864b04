package io.kizuki.report.timeline;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.event.TimelineEntryAdded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads an incident's timeline. */
@ApplicationScoped
public class TimelineRepository {

    /**
     * One entry: what happened, when it was recorded ({@code at}), who did it, and the event as the ledger holds it;
     * for an entry a person added, when they said it happened ({@code occurredAt}, null otherwise).
     */
    public record Entry(
            long sequence,
            Instant at,
            String kind,
            String type,
            String actor,
            String summary,
            String eventId,
            Instant occurredAt) {

        /**
         * When it happened, as the exports write it: for an entry a person added with another time, that time and when
         * it was recorded; for any other, when it was recorded.
         */
        public String when() {
            return occurredAt == null || occurredAt.equals(at) ? at.toString() : occurredAt + " (recorded " + at + ")";
        }
    }

    private final Pool pool;

    public TimelineRepository(Pool pool) {
        this.pool = pool;
    }

    /** The incident's entries in stream order, optionally only those of some kinds. */
    public Uni<List<Entry>> of(String incidentId, List<String> kinds, Instant asOf) {
        return of(incidentId, kinds, 0, Integer.MAX_VALUE, asOf);
    }

    /**
     * A page of the entries: at most {@code limit}, after the entry at {@code afterSequence} (0 for the first); with
     * {@code asOf}, only those recorded until then (the timeline as it stood).
     */
    public Uni<List<Entry>> of(String incidentId, List<String> kinds, long afterSequence, int limit, Instant asOf) {
        String sql = "SELECT sequence, at, kind, event_type, actor, summary, event_id, CASE WHEN event_type = '"
                + TimelineEntryAdded.TYPE + "' THEN (data->>'occurredAt')::timestamptz END FROM "
                + TimelineReadModel.TABLE
                + " WHERE incident_id = $1 AND sequence > $2 AND ($3::text[] IS NULL OR kind = ANY($3)) "
                + "AND ($5::timestamptz IS NULL OR at <= $5) ORDER BY sequence LIMIT $4";
        Tuple parameters = Tuple.from(new Object[] {
            incidentId,
            afterSequence,
            kinds.isEmpty() ? null : kinds.toArray(String[]::new),
            limit,
            asOf == null ? null : asOf.atOffset(ZoneOffset.UTC)
        });
        return pool.preparedQuery(sql).execute(parameters).map(rows -> {
            List<Entry> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new Entry(
                        row.getLong(0),
                        row.getOffsetDateTime(1).toInstant(),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getOffsetDateTime(7) == null
                                ? null
                                : row.getOffsetDateTime(7).toInstant()));
            }
            return entries;
        });
    }
}
