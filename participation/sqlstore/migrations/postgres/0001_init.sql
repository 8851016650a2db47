-- 0001: submissions and their photos (PostgreSQL).
-- Times are timestamptz (microseconds). Keep this file as released:
-- change the schema in a new, numbered file.

CREATE TABLE submissions (
    code            text        NOT NULL,
    kind            text        NOT NULL,
    target          text        NOT NULL,
    topic           text        NOT NULL DEFAULT '',
    text            text        NOT NULL DEFAULT '',
    commune         text        NOT NULL DEFAULT '',
    scores          text,                               -- JSON object, criterion key to 1..5; NULL when none
    name            text        NOT NULL DEFAULT '',    -- personal
    contact         text        NOT NULL DEFAULT '',    -- personal
    address         text        NOT NULL DEFAULT '',    -- personal
    consent         boolean     NOT NULL DEFAULT false,
    status          text        NOT NULL,
    received        timestamptz NOT NULL,
    updated         timestamptz NOT NULL,
    answer          text        NOT NULL DEFAULT '',
    reason          text        NOT NULL DEFAULT '',
    erased          timestamptz,                        -- when the personal fields were erased; NULL while kept
    idempotency_key text,                               -- NULL when the client sent none
    CONSTRAINT submissions_pkey PRIMARY KEY (code),
    CONSTRAINT submissions_idempotency_key UNIQUE (idempotency_key)
);

CREATE TABLE photos (
    code         text    NOT NULL REFERENCES submissions (code) ON DELETE CASCADE,
    n            integer NOT NULL,                      -- 0, 1, … in the submission's order
    content_type text    NOT NULL,
    data         bytea   NOT NULL,
    CONSTRAINT photos_pkey PRIMARY KEY (code, n)
);

-- Retention: the submissions whose personal fields are still kept, by age.
CREATE INDEX submissions_retention ON submissions (received) WHERE erased IS NULL;
-- The staff console's lists: by age, and by kind, status, target or commune.
CREATE INDEX submissions_received ON submissions (received);
CREATE INDEX submissions_kind_status ON submissions (kind, status, received);
CREATE INDEX submissions_status ON submissions (status, received);
CREATE INDEX submissions_target_status ON submissions (target, status, received);
CREATE INDEX submissions_commune ON submissions (commune, received);
