-- Facts proposed by people who are not moderators, waiting for review.
CREATE TABLE suggestions (
	id           INTEGER PRIMARY KEY,
	text         TEXT NOT NULL,
	source_url   TEXT NOT NULL,
	source_title TEXT NOT NULL DEFAULT '',
	topic        TEXT NOT NULL DEFAULT '',
	by_platform  TEXT NOT NULL,
	by_chat      TEXT NOT NULL,
	by_user      TEXT NOT NULL,
	by_name      TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
	decided_by   TEXT NOT NULL DEFAULT '',
	decided_at   TEXT NOT NULL DEFAULT '',
	reason       TEXT NOT NULL DEFAULT '',
	fact_key     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestions_pending ON suggestions(status) WHERE status = 'pending';
