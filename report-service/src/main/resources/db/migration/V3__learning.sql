-- The learning loop: postmortems, their contributing factors, improvement actions and the adoption of shared
-- prevention actions by other products. Like every read model, a pure function of kizuki.ledger.v1 (the learning
-- model starts from offset 0 when first deployed).

-- what the recurrence check looks up: earlier incidents with the same dedup key, or the same service and class
ALTER TABLE incident_view ADD COLUMN dedup_key text;
UPDATE incident_view SET dedup_key = doc ->> 'dedupKey';
CREATE INDEX incident_view_dedup_key ON incident_view (dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX incident_view_service_class ON incident_view (service, incident_class);

-- one row per incident whose postmortem was written, flagged or published; doc holds the whole PostmortemState
CREATE TABLE postmortem_view (
    incident_id  text        PRIMARY KEY,
    status       text        NOT NULL,
    published_at timestamptz,
    updated_at   timestamptz NOT NULL,
    sequence     bigint      NOT NULL,
    doc          jsonb       NOT NULL
);
CREATE INDEX postmortem_view_published ON postmortem_view (published_at, incident_id) WHERE published_at IS NOT NULL;

-- the contributing factors of published postmortems, for the report of which categories cost the most
CREATE TABLE contributing_factor_view (
    incident_id text    NOT NULL,
    position    integer NOT NULL,
    category    text    NOT NULL,
    text        text    NOT NULL,
    PRIMARY KEY (incident_id, position)
);
CREATE INDEX contributing_factor_view_category ON contributing_factor_view (category);

-- improvement actions of every incident: who owns what, by when, done or not
CREATE TABLE action_item_view (
    incident_id    text        NOT NULL,
    action_item_id text        NOT NULL,
    title          text        NOT NULL,
    kind           text        NOT NULL,
    owner          text        NOT NULL,
    due_date       date,
    added_at       timestamptz NOT NULL,
    done_at        timestamptz,
    PRIMARY KEY (incident_id, action_item_id)
);
CREATE INDEX action_item_view_open ON action_item_view (due_date) WHERE done_at IS NULL;
CREATE INDEX action_item_view_prevention ON action_item_view (incident_id) WHERE kind = 'prevention';

-- what each product answered to each shared prevention action (横展開); the latest answer
CREATE TABLE adoption_view (
    incident_id    text        NOT NULL,
    action_item_id text        NOT NULL,
    product        text        NOT NULL,
    status         text        NOT NULL,
    note           text,
    recorded_by    text,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (incident_id, action_item_id, product)
);
