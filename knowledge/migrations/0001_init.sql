-- Sources, topics and versioned facts. Facts are never updated in place:
-- every change appends a row to fact_versions and moves facts.current_version.

CREATE TABLE sources (
	id          TEXT PRIMARY KEY,
	title       TEXT NOT NULL,
	publisher   TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	approx_date TEXT NOT NULL DEFAULT '',
	origin      TEXT NOT NULL DEFAULT 'seed',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);

CREATE TABLE topics (
	name        TEXT PRIMARY KEY,
	title       TEXT NOT NULL,
	description TEXT NOT NULL,
	position    INTEGER NOT NULL,
	origin      TEXT NOT NULL DEFAULT 'seed',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);

CREATE TABLE topic_aliases (
	alias      TEXT PRIMARY KEY,
	topic      TEXT NOT NULL REFERENCES topics(name),
	origin     TEXT NOT NULL DEFAULT 'seed',
	created_by TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX topic_aliases_topic ON topic_aliases(topic);

CREATE TABLE facts (
	id              INTEGER PRIMARY KEY,
	key             TEXT NOT NULL UNIQUE,
	current_version INTEGER NOT NULL,
	-- seed_hash is the hash of the seed definition last applied, so a new
	-- release can tell an unchanged seed from an updated one.
	seed_hash       TEXT NOT NULL DEFAULT '',
	-- position orders facts within a topic where periods tie.
	position        INTEGER NOT NULL DEFAULT 0,
	-- origin is seed for built-in facts and moderator for facts added in chat.
	origin          TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	created_at      TEXT NOT NULL
);

CREATE TABLE fact_versions (
	fact_id    INTEGER NOT NULL REFERENCES facts(id),
	version    INTEGER NOT NULL,
	topic      TEXT NOT NULL REFERENCES topics(name),
	text       TEXT NOT NULL,
	period     TEXT NOT NULL DEFAULT '',
	series     TEXT NOT NULL DEFAULT '',
	keywords   TEXT NOT NULL DEFAULT '[]',
	aliases    TEXT NOT NULL DEFAULT '[]',
	source_id  TEXT NOT NULL REFERENCES sources(id),
	removed    INTEGER NOT NULL DEFAULT 0,
	-- change is seed, seed-update, add, edit, remove, restore or import.
	change     TEXT NOT NULL,
	author     TEXT NOT NULL,
	platform   TEXT NOT NULL DEFAULT '',
	chat       TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	PRIMARY KEY (fact_id, version)
) WITHOUT ROWID;
CREATE INDEX fact_versions_series ON fact_versions(series) WHERE series != '';
CREATE INDEX fact_versions_topic ON fact_versions(topic);

-- The search index holds the current version of every live fact, as
-- normalised, stemmed terms (see knowledge/text.go); rowid is facts.id.
CREATE VIRTUAL TABLE facts_fts USING fts5(
	topic, text, keywords, aliases,
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE facts_vocab USING fts5vocab(facts_fts, 'row');

-- Every change anyone made, with who, where and when.
CREATE TABLE audit (
	id       INTEGER PRIMARY KEY,
	at       TEXT NOT NULL,
	actor    TEXT NOT NULL,
	platform TEXT NOT NULL DEFAULT '',
	chat     TEXT NOT NULL DEFAULT '',
	action   TEXT NOT NULL,
	subject  TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
);

-- Seed changes that were not applied because a moderator had touched the fact.
CREATE TABLE seed_conflicts (
	fact_key     TEXT PRIMARY KEY,
	seed_hash    TEXT NOT NULL,
	seed_text    TEXT NOT NULL,
	detected_at  TEXT NOT NULL
);

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Surface words seen while indexing, with the term each stems to, so typos
-- are corrected against words as people write them ("votng" -> "voting").
CREATE TABLE words (
	word TEXT PRIMARY KEY,
	term TEXT NOT NULL
) WITHOUT ROWID;
