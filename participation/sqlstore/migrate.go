package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migrationFiles are the schema's versions, one folder per database,
// built into the binary so that a server always carries the schema it
// was written for.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrationLock is the PostgreSQL advisory lock that serialises the
// migrations of replicas starting at once ("minhbach" in ASCII).
const migrationLock int64 = 0x6d696e6862616368

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists a database's migrations in order. Each file is
// NNNN_what.sql; its number is its version.
func migrations(pg bool) ([]migration, error) {
	dir := "migrations/sqlite"
	if pg {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name must start with its version, as in 0001_init.sql", e.Name())
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same version", other, e.Name())
		}
		seen[v] = e.Name()
		b, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations that db has not recorded, in order, in
// one transaction, and records them in schema_migrations. Concurrent
// callers (replicas starting at once) take turns: on PostgreSQL an
// advisory lock held until the transaction ends, on SQLite the write
// lock BEGIN IMMEDIATE takes. Versions db has that this binary does not
// know (a newer replica migrated it) are left alone.
func migrate(ctx context.Context, db *sql.DB, pg bool) error {
	ms, err := migrations(pg)
	if err != nil {
		return fmt.Errorf("reading the migrations: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	create := "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL) STRICT"
	record := "INSERT INTO schema_migrations (version, applied) VALUES (?, ?)"
	if pg {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("migrating: taking the lock: %w", err)
		}
		create = "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL)"
		record = "INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)"
	}
	if _, err := tx.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	applied := map[int]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrating: %w", err)
		}
		applied[v] = true
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	s := &Store{pg: pg}
	now := s.timeArg(time.Now())
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, record, m.version, now); err != nil {
			return fmt.Errorf("migration %s: recording it: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrating: committing: %w", err)
	}
	return nil
}
