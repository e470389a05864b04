package io.kizuki.report.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.Envelope;
import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.IncidentOpened;
import io.kizuki.report.incidents.IncidentState;
import io.kizuki.report.timeline.TimelineReadModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** An incident's past: the timeline read model's events folded as the incidents read model folds them. */
@ApplicationScoped
public class IncidentHistory {

    private final Pool pool;
    private final WireCodec codec = new WireCodec();

    public IncidentHistory(Pool pool) {
        this.pool = pool;
    }

    /**
     * The incident as it stood at an instant: its timeline's events recorded until then, folded. Empty when it had
     * not opened yet.
     */
    public Uni<Optional<IncidentState>> asOf(String id, Instant at) {
        return pool.preparedQuery("SELECT sequence, event_id, event_type, at, data::text FROM "
                        + TimelineReadModel.TABLE + " WHERE incident_id = $1 AND at <= $2 ORDER BY sequence")
                .execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    IncidentState state = null;
                    for (Row row : rows) {
                        Optional<IncidentEvent> decoded = event(codec, id, row);
                        if (decoded.isEmpty()) {
                            continue;
                        }
                        IncidentEvent event = decoded.get();
                        Instant time = row.getOffsetDateTime(3).toInstant();
                        if (event instanceof IncidentOpened opened) {
                            state = state == null ? IncidentState.opened(opened, row.getLong(0), time) : state;
                        } else if (state != null) {
                            state.apply(event, row.getLong(0), time);
                        }
                    }
                    return Optional.ofNullable(state);
                });
    }

    /**
     * The incident event a timeline row holds (columns: sequence, event id, event type, time, data as text), as the
     * ledger carried it; empty for a row of another kind of stream or of an unknown type.
     */
    static Optional<IncidentEvent> event(WireCodec codec, String incidentId, Row row) {
        var envelope = new Envelope(
                row.getString(1),
                "report-service",
                row.getString(2),
                incidentId,
                row.getOffsetDateTime(3).toInstant(),
                row.getLong(0),
                null,
                null,
                null,
                row.getString(4).getBytes(StandardCharsets.UTF_8));
        return codec.decode(envelope).filter(IncidentEvent.class::isInstance).map(IncidentEvent.class::cast);
    }
}
