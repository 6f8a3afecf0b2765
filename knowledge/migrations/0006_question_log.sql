-- The question log: what people asked, how the bot dealt with it, and what
-- they thought of the answer. Users appear only as a salted hash (the salt
-- is in meta, key question_log_salt), so counts per user work and
-- identities do not. Entries older than the retention period are deleted,
-- and their votes with them.
CREATE TABLE question_log (
	-- AUTOINCREMENT: ids only grow, so a digest's mark (the last id it
	-- reported) never meets a reused one.
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	-- answer_id is the random id the reply's feedback buttons carry.
	answer_id  TEXT NOT NULL UNIQUE,
	asked_at   TEXT NOT NULL,
	platform   TEXT NOT NULL,
	-- chat_kind is private, group, inline or console; never a chat id.
	chat_kind  TEXT NOT NULL,
	user_hash  TEXT NOT NULL,
	question   TEXT NOT NULL,
	-- normalized is the question lowercased with its spacing collapsed:
	-- the same question from several users is one wording.
	normalized TEXT NOT NULL,
	-- group_key is the sorted stems of the question's meaningful words and
	-- its period: questions asking the same thing in different words share it.
	group_key  TEXT NOT NULL,
	outcome    TEXT NOT NULL CHECK (outcome IN ('answered', 'declined', 'did_you_mean')),
	-- facts are the keys of the facts given, best first (JSON); lead_fact
	-- is the first.
	facts      TEXT NOT NULL DEFAULT '[]',
	lead_fact  TEXT NOT NULL DEFAULT '',
	confidence REAL NOT NULL DEFAULT 0,
	latency_ms REAL NOT NULL DEFAULT 0
);
CREATE INDEX question_log_asked ON question_log(asked_at);
CREATE INDEX question_log_group ON question_log(group_key);
CREATE INDEX question_log_missed ON question_log(id) WHERE outcome != 'answered';

-- One vote per user (hashed as in question_log) per answer. A changed vote
-- is a new row, so that digests see it as new.
CREATE TABLE answer_votes (
	id        INTEGER PRIMARY KEY AUTOINCREMENT,
	answer_id TEXT NOT NULL REFERENCES question_log(answer_id) ON DELETE CASCADE,
	voter     TEXT NOT NULL,
	vote      INTEGER NOT NULL CHECK (vote IN (-1, 1)),
	-- reason is why a 👎: wrong, outdated or unasked (not what was asked).
	reason    TEXT NOT NULL DEFAULT '',
	voted_at  TEXT NOT NULL,
	UNIQUE (answer_id, voter)
);
CREATE INDEX answer_votes_voted ON answer_votes(voted_at);

-- Groups of missed questions, numbered for good so that moderators can act
-- on them by number. A moderator's dismissal or fix closes the misses
-- logged up to then (the last question and vote ids); later ones open the
-- group again.
CREATE TABLE miss_groups (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	group_key   TEXT NOT NULL UNIQUE,
	created_at  TEXT NOT NULL,
	closed_log  INTEGER NOT NULL DEFAULT 0,
	closed_vote INTEGER NOT NULL DEFAULT 0,
	-- action is dismiss or alias (the questions became aliases of fact_key).
	action      TEXT NOT NULL DEFAULT '',
	fact_key    TEXT NOT NULL DEFAULT '',
	closed_by   TEXT NOT NULL DEFAULT '',
	closed_at   TEXT NOT NULL DEFAULT ''
);
