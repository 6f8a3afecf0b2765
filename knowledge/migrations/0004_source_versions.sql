-- Sources are versioned like facts. sources keeps each source's current
-- fields, which every citation reads; every change also appends the whole
-- source to source_versions, so nothing is lost and a release can tell
-- whether a moderator has corrected a source (a version whose change is
-- neither seed nor seed-update) before it applies its own correction.
ALTER TABLE sources ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- seed_hash is the hash of the release's definition last applied to a seed
-- source, as facts.seed_hash is for facts; empty until a release sets it.
ALTER TABLE sources ADD COLUMN seed_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE source_versions (
	source_id   TEXT NOT NULL REFERENCES sources(id),
	version     INTEGER NOT NULL,
	title       TEXT NOT NULL,
	publisher   TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	approx_date TEXT NOT NULL DEFAULT '',
	-- change is seed, seed-update, add, edit or import.
	change      TEXT NOT NULL,
	author      TEXT NOT NULL,
	platform    TEXT NOT NULL DEFAULT '',
	chat        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	PRIMARY KEY (source_id, version)
) WITHOUT ROWID;

-- Every source an older release stored becomes its own first version.
-- Older releases had no way to change a source after it was made, so the
-- row as it stands is that version.
INSERT INTO source_versions (source_id, version, title, publisher, published, url, approx_date, change, author, created_at)
SELECT id, 1, title, publisher, published, url, approx_date,
	CASE origin WHEN 'seed' THEN 'seed' WHEN 'import' THEN 'import' ELSE 'add' END,
	created_by, created_at
FROM sources;

-- Corrections a release made to a source that a moderator had changed, so
-- not applied; the moderator's version stays. Like seed_conflicts for facts.
CREATE TABLE source_seed_conflicts (
	source_id   TEXT PRIMARY KEY,
	seed_hash   TEXT NOT NULL,
	title       TEXT NOT NULL,
	publisher   TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	approx_date TEXT NOT NULL DEFAULT '',
	detected_at TEXT NOT NULL
);
