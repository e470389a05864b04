-- Ledger records a read model could not apply (PostgreSQL refused the data, or the model's code failed on it):
-- skipped so that the model goes on, kept here with the reason, the same for the live model and a rebuild. The
-- event's id (ce_id) names it wherever the ledger is restored; the offset says where it was read here.
CREATE TABLE read_model_skip (
    read_model      text        NOT NULL,
    kafka_partition integer     NOT NULL,
    kafka_offset    bigint      NOT NULL,
    event_id        text,
    event_type      text,
    stream          text,
    reason          text        NOT NULL,
    skipped_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (read_model, kafka_partition, kafka_offset)
);
