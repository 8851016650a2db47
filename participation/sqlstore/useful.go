package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/minhbach/minhbach/participation"
)

// The votes on "Trang này có hữu ích không?" (participation.Votes), in
// the table page_votes of migration 0004. Writes take the submissions'
// path (on SQLite the one writer, so a vote waits for its commit like a
// submission); the tally is one SELECT, so one snapshot.

var _ participation.Votes = (*Store)(nil)

// AddVote stores v, committed before it returns. Errors name the page,
// never the text.
func (s *Store) AddVote(ctx context.Context, v *participation.Vote) error {
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		_, err := tx.ExecContext(ctx, s.ph("INSERT INTO page_votes (page, useful, text, received) VALUES (?, ?, ?, ?)"),
			v.Page, v.Useful, v.Text, s.timeArg(v.Received))
		return result{err: err}
	})
	if r.err != nil {
		return fmt.Errorf("sqlstore: adding a vote on %s: %w", v.Page, r.err)
	}
	return nil
}

// tallyQuery counts each page's votes since a time and joins its latest
// texts (up to a number, newest first, ties by arrival): one statement,
// so the counts and the texts agree.
const tallyQuery = `SELECT c.page, c.n_yes, c.n_no, c.last, t.useful, t.text, t.received
FROM (SELECT page, SUM(CASE WHEN useful THEN 1 ELSE 0 END) AS n_yes, SUM(CASE WHEN useful THEN 0 ELSE 1 END) AS n_no, MAX(received) AS last
      FROM page_votes WHERE received >= ? GROUP BY page) c
LEFT JOIN (SELECT page, useful, text, received, id, ROW_NUMBER() OVER (PARTITION BY page ORDER BY received DESC, id DESC) AS nth
      FROM page_votes WHERE received >= ? AND text <> '') t ON t.page = c.page AND t.nth <= ?
ORDER BY c.page, t.received DESC, t.id DESC`

// VoteTally counts the votes received since since (zero: all) per page,
// in the paths' byte order, each with up to texts of its latest texts (0: none).
func (s *Store) VoteTally(ctx context.Context, since time.Time, texts int) ([]participation.PageVotes, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	from := s.timeArg(since)
	rows, err := s.db.QueryContext(ctx, s.ph(tallyQuery), from, from, max(texts, 0))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: counting the votes: %w", err)
	}
	defer rows.Close()
	var out []participation.PageVotes
	for rows.Next() {
		var (
			pv       participation.PageVotes
			useful   sql.NullBool
			text     sql.NullString
			received time.Time
		)
		if err := rows.Scan(&pv.Page, &pv.Yes, &pv.No, timeScan{&pv.Last}, &useful, &text, timeScan{&received}); err != nil {
			return nil, fmt.Errorf("sqlstore: counting the votes: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].Page != pv.Page {
			out = append(out, pv)
		}
		if text.Valid {
			last := &out[len(out)-1]
			last.Texts = append(last.Texts, participation.VoteText{Useful: useful.Bool, Text: text.String, Received: received})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: counting the votes: %w", err)
	}
	// The database's collation grouped the pages; the order promised is
	// the paths' bytes, the same on both.
	slices.SortFunc(out, func(a, b participation.PageVotes) int { return strings.Compare(a.Page, b.Page) })
	return out, nil
}

// EraseVoteTexts blanks the text of every vote received before cutoff
// that still has one, and returns how many. Replicas may run it at once:
// each text is counted by one of them.
func (s *Store) EraseVoteTexts(ctx context.Context, cutoff time.Time) (int, error) {
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		return affected(tx.ExecContext(ctx, s.ph("UPDATE page_votes SET text = '' WHERE received < ? AND text <> ''"), s.timeArg(cutoff)))
	})
	if r.err != nil {
		return 0, fmt.Errorf("sqlstore: erasing the texts of the votes received before %s: %w", cutoff.UTC().Format(time.RFC3339), r.err)
	}
	return r.n, nil
}

// copyVotes copies the votes from PostgreSQL's snapshot src into the
// SQLite backup dst, ids and texts as they are.
func copyVotes(ctx context.Context, src, dst *sql.Tx) error {
	lite := &Store{}
	_, err := copyRows(ctx, src, "SELECT id, page, useful, text, received FROM page_votes ORDER BY id", dst,
		"INSERT INTO page_votes (id, page, useful, text, received) VALUES (?, ?, ?, ?, ?)",
		func(r *sql.Rows) ([]any, error) {
			var (
				id         int64
				page, text string
				useful     bool
				received   time.Time
			)
			if err := r.Scan(&id, &page, &useful, &text, timeScan{&received}); err != nil {
				return nil, err
			}
			return []any{id, page, useful, text, lite.timeArg(received)}, nil
		})
	if err != nil {
		return fmt.Errorf("copying the page votes: %w", err)
	}
	return nil
}
