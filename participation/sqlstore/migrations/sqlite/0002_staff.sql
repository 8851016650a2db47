-- 0002: the staff's side (SQLite): the queue's fields on submissions,
-- staff accounts, their sessions, and the append-only audit log.
-- Additive only: replicas still on 0001 keep inserting submissions, whose
-- new columns take their defaults. Keep this file as released.

ALTER TABLE submissions ADD COLUMN assignee    TEXT    NOT NULL DEFAULT '';    -- who handles it; '' for nobody
ALTER TABLE submissions ADD COLUMN accepted    INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)); -- a comment taken into account
ALTER TABLE submissions ADD COLUMN merged_into TEXT    NOT NULL DEFAULT '';    -- the original's code, for a duplicate
ALTER TABLE submissions ADD COLUMN answered    TEXT;                           -- when the answer was published; NULL before

-- The queue by assignee, and the public site's answers by target.
CREATE INDEX submissions_assignee ON submissions (assignee, received);
CREATE INDEX submissions_answered ON submissions (target, answered);

CREATE TABLE staff_accounts (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- never reused
    email        TEXT    NOT NULL UNIQUE,                    -- lower case, the login name
    role         TEXT    NOT NULL CHECK (role IN ('moderator', 'admin')),
    hash         TEXT    NOT NULL,                           -- argon2id, PHC string
    created      TEXT    NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,                 -- wrong passwords since first_failed
    first_failed TEXT,
    locked_until TEXT
) STRICT;

CREATE TABLE staff_sessions (
    id         TEXT    NOT NULL PRIMARY KEY,                 -- SHA-256 of the cookie's token, hex
    account_id INTEGER NOT NULL REFERENCES staff_accounts (id) ON DELETE CASCADE,
    created    TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL
) STRICT;

CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

-- Append-only: the code never updates or deletes an entry, and these
-- triggers refuse anyone who tries.
CREATE TABLE audit_log (
    id     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at     TEXT    NOT NULL,
    actor  TEXT    NOT NULL,                                 -- an account's e-mail, or "cli"
    action TEXT    NOT NULL,
    target TEXT    NOT NULL,                                 -- a tracking code or an account's e-mail
    before TEXT    NOT NULL,                                 -- JSON: the changed public fields as they were
    after  TEXT    NOT NULL                                  -- and as they became; never personal data
) STRICT;

CREATE INDEX audit_log_target ON audit_log (target, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
