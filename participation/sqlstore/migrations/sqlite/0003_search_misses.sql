-- 0003: searches that found nothing, counted per week (SQLite): query text
-- only, never who searched, so staff see which words or pages are
-- missing. The feedback counts of the hot spots read by kind and date.
CREATE TABLE search_misses (
    week  TEXT    NOT NULL, -- Monday of the ISO week, Vietnam time, 2006-01-02
    query TEXT    NOT NULL, -- folded to lower case, NFC, spaces collapsed
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (week, query)
) STRICT;

CREATE INDEX submissions_kind_received ON submissions (kind, received);
