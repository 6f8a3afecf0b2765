-- Messages for users (the outcome of their suggestion) that could not be
-- delivered when they were sent. Each waits here, across restarts, until
-- it is shown with the user's next reply or delivered on a later start.
CREATE TABLE notices (
	id         INTEGER PRIMARY KEY,
	platform   TEXT NOT NULL,
	chat       TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	text       TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX notices_user ON notices(platform, user_id);
