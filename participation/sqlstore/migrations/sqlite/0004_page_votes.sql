-- 0004: "Trang này có hữu ích không?" (SQLite): one row a vote about a
-- page of the site, by its path. Nothing says who voted: no address, no
-- name, no code. The optional text may hold personal data all the same
-- (a reader may write a name or a phone number into it): it is shown to
-- staff only and blanked retention_days after the vote was received,
-- like the submissions' personal fields. Additive: replicas still on
-- 0003 never touch the table. Keep this file as released.
CREATE TABLE page_votes (
    id       INTEGER NOT NULL PRIMARY KEY,                 -- the order of arrival, for ties
    page     TEXT    NOT NULL,                             -- "/thu-tuc/x/"
    useful   INTEGER NOT NULL CHECK (useful IN (0, 1)),
    text     TEXT    NOT NULL DEFAULT '',                  -- possibly personal; '' once erased
    received TEXT    NOT NULL
) STRICT;

-- The staff's tally reads a period by date; the retention finds the
-- texts still kept, by age.
CREATE INDEX page_votes_received ON page_votes (received);
CREATE INDEX page_votes_retention ON page_votes (received) WHERE text <> '';
