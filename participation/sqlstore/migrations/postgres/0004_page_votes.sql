-- 0004: "Trang này có hữu ích không?" (PostgreSQL): one row a vote about
-- a page of the site, by its path. Nothing says who voted: no address,
-- no name, no code. The optional text may hold personal data all the
-- same: it is shown to staff only and blanked retention_days after the
-- vote was received, like the submissions' personal fields. Additive:
-- replicas still on 0003 never touch the table. Keep this file as
-- released.
CREATE TABLE page_votes (
    id       bigint      GENERATED ALWAYS AS IDENTITY,     -- the order of arrival, for ties
    page     text        NOT NULL,                         -- "/thu-tuc/x/"
    useful   boolean     NOT NULL,
    text     text        NOT NULL DEFAULT '',              -- possibly personal; '' once erased
    received timestamptz NOT NULL,
    CONSTRAINT page_votes_pkey PRIMARY KEY (id)
);

-- The staff's tally reads a period by date; the retention finds the
-- texts still kept, by age.
CREATE INDEX page_votes_received ON page_votes (received);
CREATE INDEX page_votes_retention ON page_votes (received) WHERE text <> '';
