-- Named, versioned metric definitions (issue 28): how MTTA and MTTR are measured when recomputed from the ledger.
-- Not a read model: what people defined, kept as they defined it; a change is a new version, the old ones stay.
CREATE TABLE metric_definition (
    name        text        NOT NULL,
    version     integer     NOT NULL,
    definition  jsonb       NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (name, version)
);
