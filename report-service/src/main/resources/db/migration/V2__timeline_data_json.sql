-- The timeline keeps each event's data as the ledger holds it and only ever reads it whole (time travel folds it), so
-- json (stored as the text it is, checked on the way in) serves as well as jsonb and costs far less to write: the
-- timeline takes a row for every ledger event.
ALTER TABLE timeline_entry ALTER COLUMN data TYPE json USING data::json;
