package io.kizuki.report.service;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.report.learning.KnowledgeFeed;
import io.kizuki.report.learning.LearningRepository;
import io.kizuki.report.learning.PostmortemState;
import io.kizuki.report.timeline.TimelineReadModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the organisation had learnt at an instant: the knowledge feed's items (and the adoption board's answers) as
 * they stood then, from the timeline read model's events folded as the learning read model folds them
 * ({@link PostmortemState#apply}). A postmortem, its recurrences and the answers to its actions are all events of its
 * own incident's stream.
 */
@ApplicationScoped
public class LearningHistory {

    private static final String[] TYPES = {
        PostmortemEdited.TYPE, PostmortemPublished.TYPE, RecurrenceFlagged.TYPE, AdoptionRecorded.TYPE
    };

    private final Pool pool;
    private final WireCodec codec = new WireCodec();

    public LearningHistory(Pool pool) {
        this.pool = pool;
    }

    /** The feed's items as they were at {@code at}: the postmortems published by then, newest first. */
    public Uni<List<KnowledgeFeed.Item>> itemsAsOf(Instant at, int limit) {
        String table = TimelineReadModel.TABLE;
        return pool.preparedQuery("SELECT sequence, event_id, event_type, at, data::text, incident_id FROM " + table
                        + " WHERE at <= $1 AND event_type = ANY($2) AND incident_id IN (SELECT incident_id FROM "
                        + table + " WHERE event_type = $3 AND at <= $1) ORDER BY incident_id, sequence")
                .execute(Tuple.of(at.atOffset(ZoneOffset.UTC), TYPES, PostmortemPublished.TYPE))
                .map(rows -> {
                    Map<String, PostmortemState> postmortems = new LinkedHashMap<>();
                    Map<String, LearningRepository.Adoption> answers = new LinkedHashMap<>();
                    for (Row row : rows) {
                        String incidentId = row.getString(5);
                        Optional<IncidentEvent> decoded = IncidentHistory.event(codec, incidentId, row);
                        if (decoded.isEmpty()) {
                            continue;
                        }
                        if (decoded.get() instanceof AdoptionRecorded a) {
                            answers.put(
                                    a.incidentId() + "/" + a.actionItemId() + "/" + a.adoptingProduct(),
                                    new LearningRepository.Adoption(
                                            a.incidentId(),
                                            a.actionItemId(),
                                            a.adoptingProduct(),
                                            a.status(),
                                            a.note(),
                                            a.recordedBy(),
                                            a.recordedAt()));
                        } else {
                            postmortems
                                    .computeIfAbsent(incidentId, PostmortemState::of)
                                    .apply(
                                            decoded.get(),
                                            row.getLong(0),
                                            row.getOffsetDateTime(3).toInstant());
                        }
                    }
                    List<KnowledgeFeed.Item> items = new ArrayList<>();
                    postmortems.values().stream()
                            .filter(state -> state.published != null)
                            .sorted(Comparator.comparing((PostmortemState state) -> state.published.publishedAt())
                                    .reversed()
                                    .thenComparing(state -> state.incidentId))
                            .limit(limit)
                            .forEach(state -> items.add(new KnowledgeFeed.Item(
                                    state,
                                    answers.values().stream()
                                            .filter(answer ->
                                                    answer.incidentId().equals(state.incidentId))
                                            .toList())));
                    return items;
                });
    }
}
