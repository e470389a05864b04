package io.kizuki.report.learning;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kizuki.ledger.WireCodec;
import io.kizuki.ledger.event.ActionItemAdded;
import io.kizuki.ledger.event.ActionItemCompleted;
import io.kizuki.ledger.event.ActionItemUpdated;
import io.kizuki.ledger.event.AdoptionRecorded;
import io.kizuki.ledger.event.ContributingFactor;
import io.kizuki.ledger.event.IncidentEvent;
import io.kizuki.ledger.event.PostmortemEdited;
import io.kizuki.ledger.event.PostmortemPublished;
import io.kizuki.ledger.event.RecurrenceFlagged;
import io.kizuki.ledger.event.ServiceEvent;
import io.kizuki.report.ledger.LedgerRecord;
import io.kizuki.report.ledger.ReadModel;
import io.kizuki.report.ledger.Rows;
import io.kizuki.report.ledger.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The learning read model: each incident's postmortem ({@link PostmortemState} as JSON), the contributing factors of
 * published ones, every improvement action with its owner, due date and completion, and each product's answer to
 * each shared prevention action. A batch loads the postmortems and action items it touches once, folds its events in
 * memory and writes each table in one statement.
 */
@ApplicationScoped
public class LearningReadModel implements ReadModel {

    public static final String NAME = "learning";
    static final String POSTMORTEMS = "postmortem_view";
    static final String FACTORS = "contributing_factor_view";
    static final String ACTIONS = "action_item_view";
    static final String ADOPTIONS = "adoption_view";

    private final ObjectMapper json = WireCodec.newMapper();

    /** An action item as its row holds it. */
    private record Action(
            String incidentId,
            String actionItemId,
            String title,
            String kind,
            String owner,
            LocalDate dueDate,
            Instant addedAt,
            Instant doneAt) {

        Action done(Instant at) {
            return new Action(incidentId, actionItemId, title, kind, owner, dueDate, addedAt, at);
        }

        Action given(String newOwner, LocalDate newDueDate) {
            return new Action(incidentId, actionItemId, title, kind, newOwner, newDueDate, addedAt, doneAt);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Table> tables() {
        return List.of(
                new Table(POSTMORTEMS, "incident_id"),
                new Table(FACTORS, "incident_id, position"),
                new Table(ACTIONS, "incident_id, action_item_id"),
                new Table(ADOPTIONS, "incident_id, action_item_id, product"));
    }

    @Override
    public Uni<Void> apply(SqlConnection transaction, Target target, List<LedgerRecord> records) {
        Set<String> postmortemIds = new LinkedHashSet<>();
        Set<String> actionIncidents = new LinkedHashSet<>();
        List<LedgerRecord> relevant = new ArrayList<>();
        for (LedgerRecord record : records) {
            switch (record.event()) {
                case PostmortemEdited e -> postmortemIds.add(e.incidentId());
                case PostmortemPublished p -> postmortemIds.add(p.incidentId());
                case RecurrenceFlagged r -> postmortemIds.add(r.incidentId());
                case ActionItemCompleted c -> actionIncidents.add(c.incidentId());
                case ActionItemUpdated u -> actionIncidents.add(u.incidentId());
                case ActionItemAdded a -> actionIncidents.add(a.incidentId());
                case AdoptionRecorded a -> {
                    // written as they come: the latest answer per product and action
                }
                default -> {
                    continue;
                }
            }
            relevant.add(record);
        }
        if (relevant.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return loadPostmortems(transaction, target, postmortemIds)
                .chain(postmortems -> loadActions(transaction, target, actionIncidents)
                        .chain(actions -> write(transaction, target, relevant, postmortems, actions)));
    }

    private Uni<Void> write(
            SqlConnection transaction,
            Target target,
            List<LedgerRecord> records,
            Map<String, PostmortemState> postmortems,
            Map<String, Action> actions) {
        Set<String> changedPostmortems = new LinkedHashSet<>();
        Set<String> changedActions = new LinkedHashSet<>();
        Rows factors = new Rows("incident_id text", "position integer", "category text", "text text");
        Map<String, Object[]> adoptions = new LinkedHashMap<>();
        for (LedgerRecord record : records) {
            switch (record.event()) {
                case ActionItemAdded a -> {
                    String key = a.incidentId() + "/" + a.actionItemId();
                    if (actions.putIfAbsent(
                                    key,
                                    new Action(
                                            a.incidentId(),
                                            a.actionItemId(),
                                            a.title(),
                                            a.kind(),
                                            a.owner(),
                                            a.dueDate(),
                                            a.addedAt(),
                                            null))
                            == null) {
                        changedActions.add(key);
                    }
                }
                case ActionItemCompleted c -> {
                    String key = c.incidentId() + "/" + c.actionItemId();
                    Action action = actions.get(key);
                    if (action != null && action.doneAt() == null) {
                        actions.put(key, action.done(c.completedAt()));
                        changedActions.add(key);
                    }
                }
                case ActionItemUpdated u -> {
                    String key = u.incidentId() + "/" + u.actionItemId();
                    Action action = actions.get(key);
                    if (action != null) {
                        actions.put(key, action.given(u.owner(), u.dueDate()));
                        changedActions.add(key);
                    }
                }
                case AdoptionRecorded a ->
                    adoptions.put(a.incidentId() + "/" + a.actionItemId() + "/" + a.adoptingProduct(), new Object[] {
                        a.incidentId(),
                        a.actionItemId(),
                        a.adoptingProduct(),
                        a.status(),
                        a.note(),
                        a.recordedBy(),
                        a.recordedAt()
                    });
                case IncidentEvent event -> {
                    PostmortemState state = postmortems.computeIfAbsent(event.incidentId(), PostmortemState::of);
                    if (state.apply(event, record.sequence(), record.envelope().time())) {
                        changedPostmortems.add(state.incidentId);
                        if (event instanceof PostmortemPublished published) {
                            int position = 0;
                            for (ContributingFactor factor : published.factors()) {
                                factors.add(published.incidentId(), position++, factor.category(), factor.text());
                            }
                        }
                    }
                }
                case ServiceEvent event -> {
                    // the first pass keeps only incidents' learning events
                }
            }
        }
        Rows postmortemRows = new Rows(
                "incident_id text",
                "status text",
                "published_at timestamptz",
                "updated_at timestamptz",
                "sequence bigint",
                "doc jsonb");
        for (String id : changedPostmortems) {
            PostmortemState state = postmortems.get(id);
            postmortemRows.add(
                    id,
                    state.status,
                    state.published == null ? null : state.published.publishedAt(),
                    state.updatedAt,
                    state.sequence,
                    write(state));
        }
        Rows actionRows = new Rows(
                "incident_id text",
                "action_item_id text",
                "title text",
                "kind text",
                "owner text",
                "due_date date",
                "added_at timestamptz",
                "done_at timestamptz");
        for (String key : changedActions) {
            Action a = actions.get(key);
            actionRows.add(
                    a.incidentId(),
                    a.actionItemId(),
                    a.title(),
                    a.kind(),
                    a.owner(),
                    a.dueDate(),
                    a.addedAt(),
                    a.doneAt());
        }
        Rows adoptionRows = new Rows(
                "incident_id text",
                "action_item_id text",
                "product text",
                "status text",
                "note text",
                "recorded_by text",
                "recorded_at timestamptz");
        adoptions.values().forEach(adoptionRows::add);
        return postmortemRows
                .insert(transaction, target.table(POSTMORTEMS), postmortemRows.upsertOn("incident_id"))
                .chain(() -> factors.insert(
                        transaction, target.table(FACTORS), "ON CONFLICT (incident_id, position) DO NOTHING"))
                .chain(() -> actionRows.insert(
                        transaction,
                        target.table(ACTIONS),
                        "ON CONFLICT (incident_id, action_item_id) DO UPDATE SET owner = excluded.owner, "
                                + "due_date = excluded.due_date, done_at = excluded.done_at"))
                .chain(() -> adoptionRows.insert(
                        transaction,
                        target.table(ADOPTIONS),
                        "ON CONFLICT (incident_id, action_item_id, product) DO UPDATE SET status = excluded.status, "
                                + "note = excluded.note, recorded_by = excluded.recorded_by, "
                                + "recorded_at = excluded.recorded_at"));
    }

    private Uni<Map<String, PostmortemState>> loadPostmortems(
            SqlConnection transaction, Target target, Set<String> ids) {
        Map<String, PostmortemState> states = new HashMap<>();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(states);
        }
        return transaction
                .preparedQuery("SELECT doc::text FROM " + target.table(POSTMORTEMS) + " WHERE incident_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    for (Row row : rows) {
                        PostmortemState state = read(row.getString(0));
                        states.put(state.incidentId, state);
                    }
                    return states;
                });
    }

    private Uni<Map<String, Action>> loadActions(SqlConnection transaction, Target target, Set<String> incidents) {
        Map<String, Action> actions = new HashMap<>();
        if (incidents.isEmpty()) {
            return Uni.createFrom().item(actions);
        }
        return transaction
                .preparedQuery("SELECT incident_id, action_item_id, title, kind, owner, due_date, added_at, "
                        + "done_at FROM " + target.table(ACTIONS) + " WHERE incident_id = ANY($1)")
                .execute(Tuple.of(incidents.toArray(String[]::new)))
                .map(rows -> {
                    for (Row row : rows) {
                        var action = new Action(
                                row.getString(0),
                                row.getString(1),
                                row.getString(2),
                                row.getString(3),
                                row.getString(4),
                                row.getLocalDate(5),
                                row.getOffsetDateTime(6).toInstant(),
                                row.getOffsetDateTime(7) == null
                                        ? null
                                        : row.getOffsetDateTime(7).toInstant());
                        actions.put(action.incidentId() + "/" + action.actionItemId(), action);
                    }
                    return actions;
                });
    }

    PostmortemState read(String doc) {
        try {
            return json.readValue(doc, PostmortemState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable postmortem_view.doc: " + e.getMessage(), e);
        }
    }

    private String write(PostmortemState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the postmortem of " + state.incidentId, e);
        }
    }
}
