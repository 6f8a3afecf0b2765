-- Words moderators taught the bot (/synonym word = meaning), on top of the
-- built-in lexicon. Every change is a new row in lexicon_versions, with an
-- audit entry; lexicon holds the current state.
CREATE TABLE lexicon (
	word       TEXT PRIMARY KEY, -- as the moderator wrote it, lowercase
	means      TEXT NOT NULL,
	version    INTEGER NOT NULL,
	removed    INTEGER NOT NULL DEFAULT 0,
	updated_by TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE lexicon_versions (
	word     TEXT NOT NULL,
	version  INTEGER NOT NULL,
	means    TEXT NOT NULL,
	removed  INTEGER NOT NULL,
	change   TEXT NOT NULL, -- add, edit, remove
	author   TEXT NOT NULL,
	platform TEXT NOT NULL,
	chat     TEXT NOT NULL,
	at       TEXT NOT NULL,
	PRIMARY KEY (word, version)
);
