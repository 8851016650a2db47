package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/minhbach/minhbach/participation"
)

// defaultPoolConns bounds a replica's connections unless the URL says
// otherwise (pool_max_conns): enough to keep two cores busy while
// commits wait for the disk, few enough that several replicas stay
// within PostgreSQL's default max_connections of 100.
const defaultPoolConns = 16

// openPostgres opens the store in the PostgreSQL database at raw.
func openPostgres(ctx context.Context, raw string) (*Store, error) {
	shown, secrets := redact(raw)
	fail := func(err error) (*Store, error) {
		return nil, scrub(fmt.Errorf("sqlstore: opening %s: %w", shown, err), secrets)
	}
	connString, conns, err := poolParam(raw)
	if err != nil {
		return fail(err)
	}
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return fail(err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(conns)
	// Keep the connections, even idle: a new one costs the server a
	// process and a scram exchange, tens of milliseconds under load.
	// Renew each now and then, one at a time, so that a replica follows
	// a failover or a changed address and backends do not grow forever.
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(time.Hour)
	s := &Store{db: db, pg: true, name: shown, q: newQueries(true), closing: make(chan struct{})}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fail(err)
	}
	if err := checkDurable(ctx, db); err != nil {
		db.Close()
		return fail(err)
	}
	if err := migrate(ctx, db, true); err != nil {
		db.Close()
		return fail(err)
	}
	warm(ctx, db, conns)
	return s, nil
}

// checkDurable refuses a server that would acknowledge a commit it can
// lose in a crash (fsync or synchronous_commit off): Add's answer is a
// promise to a citizen.
func checkDurable(ctx context.Context, db *sql.DB) error {
	for _, setting := range []string{"fsync", "synchronous_commit"} {
		var v string
		if err := db.QueryRowContext(ctx, "SELECT current_setting($1)", setting).Scan(&v); err != nil {
			return fmt.Errorf("reading %s: %w", setting, err)
		}
		if v == "off" {
			return fmt.Errorf("%s is off on the server: a submission could be acknowledged and then lost in a crash; turn it on", setting)
		}
	}
	return nil
}

// warm opens the pool's connections at once, now, rather than one by
// one (database/sql opens them serially) when the first burst of
// submissions after a start waits for them: each costs the server a
// process and a scram exchange. It is best effort: a connection it cannot
// open is opened later, when needed, or its error reported then.
func warm(ctx context.Context, db *sql.DB, n int) {
	conns := make(chan *sql.Conn, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if c, err := db.Conn(ctx); err == nil {
				conns <- c
			}
		})
	}
	wg.Wait()
	close(conns)
	for c := range conns {
		_ = c.Close() // back to the pool, which keeps n idle
	}
}

// poolParam takes the pool_max_conns parameter out of a URL, which pgx
// would otherwise send to the server as a setting. The URL is not parsed
// whole: libpq's URLs may list several hosts, which net/url refuses.
func poolParam(raw string) (string, int, error) {
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw, defaultPoolConns, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", 0, fmt.Errorf("reading the URL's parameters: %w", err)
	}
	v := q.Get("pool_max_conns")
	if v == "" {
		return raw, defaultPoolConns, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("pool_max_conns=%q is not a positive number", v)
	}
	q.Del("pool_max_conns")
	if len(q) == 0 {
		return base, n, nil
	}
	return base + "?" + q.Encode(), n, nil
}

// redact returns a database URL fit to show, with its password (in the
// user part or as a password or sslpassword parameter) replaced by
// xxxxx, and the secrets it removed, to scrub from errors.
func redact(raw string) (shown string, secrets []string) {
	s := raw
	start := 0
	if i := strings.Index(s, "://"); i >= 0 {
		start = i + 3
	}
	end := len(s)
	if i := strings.IndexAny(s[start:], "?#"); i >= 0 {
		end = start + i
	}
	// The last @ before the parameters ends the user part: a password
	// with an unescaped / or @ is still hidden whole.
	if at := strings.LastIndex(s[start:end], "@"); at >= 0 {
		if user, pw, ok := strings.Cut(s[start:start+at], ":"); ok {
			secrets = appendSecret(secrets, pw)
			s = s[:start] + user + ":xxxxx" + s[start+at:]
		}
	}
	if base, query, ok := strings.Cut(s, "?"); ok {
		params := strings.Split(query, "&")
		for i, kv := range params {
			k, v, _ := strings.Cut(kv, "=")
			if k == "password" || k == "sslpassword" {
				secrets = appendSecret(secrets, v)
				params[i] = k + "=xxxxx"
			}
		}
		s = base + "?" + strings.Join(params, "&")
	}
	return s, secrets
}

// appendSecret adds a secret as written and as unescaped.
func appendSecret(secrets []string, s string) []string {
	if s == "" {
		return secrets
	}
	secrets = append(secrets, s)
	if u, err := url.PathUnescape(s); err == nil && u != s {
		secrets = append(secrets, u)
	}
	if u, err := url.QueryUnescape(s); err == nil && u != s {
		secrets = append(secrets, u)
	}
	return secrets
}

// scrub returns err with every secret replaced by xxxxx in its message,
// still wrapping err for errors.Is and errors.As.
func scrub(err error, secrets []string) error {
	msg := err.Error()
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return &scrubbed{msg: msg, err: err}
}

// scrubbed is an error whose message lost its secrets.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// addPG adds sub on PostgreSQL. Without photos it is one statement, its
// own transaction; with photos, one transaction. Two Adds racing with
// one key are settled by the unique index: the second's ON CONFLICT
// waits for the first to commit, then inserts nothing, and finds the
// first's code.
func (s *Store) addPG(ctx context.Context, sub *participation.Submission, key string) (string, bool, error) {
	if len(sub.Photos) == 0 {
		inserted, err := s.insert(ctx, s.db, sub, key)
		switch {
		case err == nil && !inserted:
			code, err := s.codeForKey(ctx, s.db, key)
			return code, err == nil, err
		case errors.Is(err, errCodeConflict):
			return s.resolveConflict(ctx, s.db, key)
		case err != nil:
			return "", false, err
		}
		return sub.Code, false, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", false, err
	}
	inserted, err := s.insert(ctx, tx, sub, key)
	if err != nil || !inserted {
		// A failed statement aborts a PostgreSQL transaction: look the
		// key up outside it.
		_ = tx.Rollback()
		switch {
		case err == nil:
			code, err := s.codeForKey(ctx, s.db, key)
			return code, err == nil, err
		case errors.Is(err, errCodeConflict):
			return s.resolveConflict(ctx, s.db, key)
		}
		return "", false, err
	}
	if err := s.insertPhotos(ctx, tx, sub); err != nil {
		_ = tx.Rollback()
		return "", false, err
	}
	if err := tx.Commit(); err != nil {
		return "", false, fmt.Errorf("committing: %w", err)
	}
	return sub.Code, false, nil
}

// copyToSQLite writes every row to a new SQLite file at path, read in
// one REPEATABLE READ transaction: one snapshot, whatever the replicas
// write meanwhile. The file is written with synchronous off, as Backup
// fsyncs it once at the end.
func (s *Store) copyToSQLite(ctx context.Context, path string) error {
	dst, _, err := openSQLiteDB(path, "DELETE", "OFF", 1)
	if err != nil {
		return err
	}
	defer dst.Close()
	if err := migrate(ctx, dst, false); err != nil {
		return fmt.Errorf("making the copy's schema: %w", err)
	}
	src, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer src.Rollback() // read only: nothing to commit
	out, err := dst.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer out.Rollback() // a no-op after Commit
	lite := &Store{q: newQueries(false)}
	n, err := copyRows(ctx, src, s.q.selectAll, out, lite.q.insertPlain, func(r *sql.Rows) ([]any, error) {
		var (
			sub participation.Submission
			key sql.NullString
		)
		if err := scanRow(r, &sub, &key); err != nil {
			return nil, err
		}
		return lite.rowArgs(&sub, key.String)
	})
	if err != nil {
		return fmt.Errorf("copying submissions: %w", err)
	}
	_, err = copyRows(ctx, src, s.q.selectPhotos, out, lite.q.insertPhoto, func(r *sql.Rows) ([]any, error) {
		var (
			code, ctype string
			i           int
			data        []byte
		)
		if err := r.Scan(&code, &i, &ctype, &data); err != nil {
			return nil, err
		}
		return []any{code, i, ctype, data}, nil
	})
	if err != nil {
		return fmt.Errorf("copying photos (after %d submissions): %w", n, err)
	}
	if err := copyStaff(ctx, src, out); err != nil {
		return err
	}
	if err := copyVotes(ctx, src, out); err != nil {
		return err
	}
	if err := out.Commit(); err != nil {
		return fmt.Errorf("committing the copy: %w", err)
	}
	return dst.Close()
}

// copyRows runs query on src and inserts each row, as args gives it, with
// insert on dst; it returns how many rows it copied.
func copyRows(ctx context.Context, src *sql.Tx, query string, dst *sql.Tx, insert string, args func(*sql.Rows) ([]any, error)) (int, error) {
	stmt, err := dst.PrepareContext(ctx, insert)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	rows, err := src.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		a, err := args(rows)
		if err != nil {
			return n, err
		}
		if _, err := stmt.ExecContext(ctx, a...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
