-- 0001: submissions and their photos (SQLite).
-- Times are TEXT in UTC, fixed width to the microsecond
-- (2006-01-02T15:04:05.000000Z), so that comparing strings compares times.
-- Keep this file as released: change the schema in a new, numbered file.

CREATE TABLE submissions (
    code            TEXT    NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    topic           TEXT    NOT NULL DEFAULT '',
    text            TEXT    NOT NULL DEFAULT '',
    commune         TEXT    NOT NULL DEFAULT '',
    scores          TEXT,                           -- JSON object, criterion key to 1..5; NULL when none
    name            TEXT    NOT NULL DEFAULT '',    -- personal
    contact         TEXT    NOT NULL DEFAULT '',    -- personal
    address         TEXT    NOT NULL DEFAULT '',    -- personal
    consent         INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
    status          TEXT    NOT NULL,
    received        TEXT    NOT NULL,
    updated         TEXT    NOT NULL,
    answer          TEXT    NOT NULL DEFAULT '',
    reason          TEXT    NOT NULL DEFAULT '',
    erased          TEXT,                           -- when the personal fields were erased; NULL while kept
    idempotency_key TEXT    UNIQUE                  -- NULL when the client sent none
) STRICT;

CREATE TABLE photos (
    code         TEXT    NOT NULL REFERENCES submissions (code) ON DELETE CASCADE,
    n            INTEGER NOT NULL,                  -- 0, 1, … in the submission's order
    content_type TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    PRIMARY KEY (code, n)
) STRICT;

-- Retention: the submissions whose personal fields are still kept, by age.
CREATE INDEX submissions_retention ON submissions (received) WHERE erased IS NULL;
-- The staff console's lists: by age, and by kind, status, target or commune.
CREATE INDEX submissions_received ON submissions (received);
CREATE INDEX submissions_kind_status ON submissions (kind, status, received);
CREATE INDEX submissions_status ON submissions (status, received);
CREATE INDEX submissions_target_status ON submissions (target, status, received);
CREATE INDEX submissions_commune ON submissions (commune, received);
