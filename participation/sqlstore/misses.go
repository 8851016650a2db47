package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/minhbach/minhbach/search"
)

var _ search.MissStore = (*Store)(nil)

// AddMisses adds weekly counts of searches that found nothing, in one
// transaction.
func (s *Store) AddMisses(ctx context.Context, counts []search.Miss) error {
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		q := s.ph("INSERT INTO search_misses (week, query, count) VALUES (?, ?, ?) ON CONFLICT (week, query) DO UPDATE SET count = search_misses.count + excluded.count")
		for _, m := range counts {
			if _, err := tx.ExecContext(ctx, q, m.Week, m.Query, m.Count); err != nil {
				return result{err: err}
			}
		}
		return result{}
	})
	if r.err != nil {
		return fmt.Errorf("sqlstore: adding search misses: %w", r.err)
	}
	return nil
}

// TopMisses sums the counts from the week since on, most frequent first.
func (s *Store) TopMisses(ctx context.Context, since string, limit int) ([]search.Miss, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, s.ph("SELECT query, SUM(count) AS n FROM search_misses WHERE week >= ? GROUP BY query ORDER BY n DESC, query LIMIT ?"), since, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading search misses: %w", err)
	}
	defer rows.Close()
	var out []search.Miss
	for rows.Next() {
		var m search.Miss
		if err := rows.Scan(&m.Query, &m.Count); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
