-- The read models of report-service. Every table here is a pure function of kizuki.ledger.v1: it can be dropped and
-- rebuilt from offset 0 (POST /api/v1/admin/rebuilds). A rebuild creates each table again as <table>__rebuild
-- (LIKE ... INCLUDING ALL) and renames it into place, so a later migration that changes a table changes its live
-- copy; a rebuild running while such a migration is deployed starts over.

-- Tables the first releases generated with Hibernate; their rows are rebuilt from the ledger.
DROP TABLE IF EXISTS incident_alert_view, incident_view, projection_checkpoint CASCADE;

-- How far each read model has applied each partition; written in the same transaction as the model's rows.
CREATE TABLE projection_checkpoint (
    projection      text    NOT NULL,
    topic           text    NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint  NOT NULL,
    PRIMARY KEY (projection, topic, kafka_partition)
);

-- incidents: one row per incident; doc holds the whole state (roles, severity history, action items, ...)
CREATE TABLE incident_view (
    id             text        PRIMARY KEY,
    title          text        NOT NULL,
    product        text        NOT NULL,
    service        text        NOT NULL,
    severity       text        NOT NULL,
    status         text        NOT NULL,
    incident_class text,
    source         text,
    recurrence_of  text,
    opened_at      timestamptz NOT NULL,
    acknowledged_at timestamptz,
    resolved_at    timestamptz,
    closed_at      timestamptz,
    sequence       bigint      NOT NULL,
    doc            jsonb       NOT NULL
);
CREATE INDEX incident_view_opened ON incident_view (opened_at, id);
CREATE INDEX incident_view_severity ON incident_view (severity, opened_at, id);
CREATE INDEX incident_view_product ON incident_view (product, opened_at);
CREATE INDEX incident_view_service ON incident_view (service, opened_at);
CREATE INDEX incident_view_recurrence ON incident_view (recurrence_of) WHERE recurrence_of IS NOT NULL;

CREATE TABLE incident_alert_view (
    signal_id   text        PRIMARY KEY,
    incident_id text        NOT NULL,
    fingerprint text,
    title       text,
    attached_at timestamptz NOT NULL,
    sequence    bigint      NOT NULL
);
CREATE INDEX incident_alert_view_incident ON incident_alert_view (incident_id, sequence);

-- timeline: every event of every incident, typed, with its actor and the event itself (time travel folds it)
CREATE TABLE timeline_entry (
    incident_id text        NOT NULL,
    sequence    bigint      NOT NULL,
    event_id    text        NOT NULL,
    event_type  text        NOT NULL,
    kind        text        NOT NULL,
    at          timestamptz NOT NULL,
    actor       text,
    summary     text        NOT NULL,
    data        jsonb       NOT NULL,
    PRIMARY KEY (incident_id, sequence)
);

-- changes: deploys, rollbacks, config and feature-flag changes per service
CREATE TABLE change_view (
    change_id   text        PRIMARY KEY,
    product     text,
    service     text        NOT NULL,
    version     text,
    kind        text        NOT NULL,
    summary     text,
    actor       text,
    links       jsonb       NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX change_view_service ON change_view (service, occurred_at);
CREATE INDEX change_view_occurred ON change_view (occurred_at);

-- metrics: one row per incident with the times MTTA and MTTR are computed from
CREATE TABLE incident_metric (
    incident_id     text        PRIMARY KEY,
    product         text        NOT NULL,
    service         text        NOT NULL,
    severity        text        NOT NULL,
    incident_class  text,
    week            text        NOT NULL,
    opened_at       timestamptz NOT NULL,
    acknowledged_at timestamptz,
    resolved_at     timestamptz
);
CREATE INDEX incident_metric_opened ON incident_metric (opened_at);

-- on-call burden: one row per page, with the person's local time
CREATE TABLE page_view (
    page_id     text        PRIMARY KEY,
    incident_id text        NOT NULL,
    product     text        NOT NULL,
    person      text        NOT NULL,
    time_zone   text        NOT NULL,
    channel     text,
    level       integer     NOT NULL,
    paged_at    timestamptz NOT NULL,
    local_time  timestamp   NOT NULL,
    week        text        NOT NULL,
    night_of    date,
    weekend_day date
);
CREATE INDEX page_view_person ON page_view (person, paged_at);
CREATE INDEX page_view_paged ON page_view (paged_at);
