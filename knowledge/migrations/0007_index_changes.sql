-- What each index generation changed: a fact (with the terms it was
-- indexed with before), a source, or neither (a lexicon change). Another
-- process whose index is a few generations behind reads what changed here
-- instead of reading the whole index again. Old rows are trimmed; a
-- process further behind than the log reaches rebuilds its index.
CREATE TABLE index_changes (
	generation INTEGER PRIMARY KEY,
	fact_id    INTEGER,
	source_id  TEXT,
	removed    TEXT NOT NULL DEFAULT ''
);
