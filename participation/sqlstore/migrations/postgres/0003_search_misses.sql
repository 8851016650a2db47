-- 0003: searches that found nothing, counted per week (PostgreSQL): query
-- text only, never who searched. The feedback counts of the hot spots
-- read by kind and date.
CREATE TABLE search_misses (
    week  TEXT    NOT NULL,
    query TEXT    NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (week, query)
);

CREATE INDEX submissions_kind_received ON submissions (kind, received);
