package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/minhbach/minhbach/participation"
)

// ErrClosed is returned by a Store's methods after Close.
var ErrClosed = errors.New("sqlstore: the store is closed")

// Store is a participation.Store on SQLite or PostgreSQL. It is safe for
// concurrent use; Close it to wait for the writes in flight.
type Store struct {
	db   *sql.DB
	pg   bool    // PostgreSQL; SQLite otherwise
	name string  // the URL or path, for messages; never a password
	file string  // SQLite's database file, absolute
	q    queries // the statements, in the database's dialect
	w    *writer // SQLite's group commit; nil on PostgreSQL

	closing   chan struct{} // closed by Close
	closeOnce sync.Once
	closeErr  error
}

var _ participation.Store = (*Store)(nil)

// Open opens the store at url, creating or migrating its schema: either
// sqlite:PATH (a file; PATH relative to the working folder, its folders
// created) or a PostgreSQL URL, postgres://user:password@host/db or
// postgresql://…, where the query parameter pool_max_conns (default 16)
// bounds the connections of this replica.
func Open(ctx context.Context, url string) (*Store, error) {
	scheme, rest, _ := strings.Cut(url, ":")
	switch strings.ToLower(scheme) {
	case "sqlite":
		return openSQLite(ctx, rest)
	case "postgres", "postgresql":
		if strings.HasPrefix(rest, "//") {
			return openPostgres(ctx, url)
		}
	}
	shown, _ := redact(url)
	return nil, fmt.Errorf("sqlstore: cơ sở dữ liệu không hỗ trợ / unsupported database URL %q: use sqlite:PATH or postgres://...", shown)
}

// Add stores sub: see participation.Store. Its times are kept to the
// microsecond.
func (s *Store) Add(ctx context.Context, sub *participation.Submission, key string) (code string, dup bool, err error) {
	if err := s.open(); err != nil {
		return "", false, err
	}
	if sub.Code == "" {
		return "", false, errors.New("sqlstore: adding a submission without a tracking code")
	}
	if s.pg {
		code, dup, err = s.addPG(ctx, sub, key)
	} else {
		r := s.w.do(ctx, func(ctx context.Context, tx *sql.Tx) result {
			code, dup, err := s.addTx(ctx, tx, sub, key)
			return result{code: code, dup: dup, err: err}
		})
		code, dup, err = r.code, r.dup, r.err
	}
	if err != nil && !errors.Is(err, participation.ErrCodeTaken) {
		err = fmt.Errorf("sqlstore: adding %s: %w", sub.Code, err)
	}
	return code, dup, err
}

// errCodeConflict is insert's error when the code is taken: the caller
// tells a retry (the same idempotency key) from ErrCodeTaken.
var errCodeConflict = errors.New("sqlstore: code conflict")

// addTx adds sub within tx (SQLite's batch, where a failed statement
// leaves the transaction usable).
func (s *Store) addTx(ctx context.Context, tx *sql.Tx, sub *participation.Submission, key string) (string, bool, error) {
	inserted, err := s.insert(ctx, tx, sub, key)
	switch {
	case err == nil && !inserted:
		code, err := s.codeForKey(ctx, tx, key)
		return code, err == nil, err
	case errors.Is(err, errCodeConflict):
		return s.resolveConflict(ctx, tx, key)
	case err != nil:
		return "", false, err
	}
	if err := s.insertPhotos(ctx, tx, sub); err != nil {
		return "", false, err
	}
	return sub.Code, false, nil
}

// resolveConflict answers an Add whose code was taken: by the same
// submission, retried with its key (dup), or by another (ErrCodeTaken).
func (s *Store) resolveConflict(ctx context.Context, q querier, key string) (string, bool, error) {
	if key != "" {
		code, err := s.codeForKey(ctx, q, key)
		if err == nil {
			return code, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", false, err
		}
	}
	return "", false, participation.ErrCodeTaken
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insert inserts sub's row unless its idempotency key was used before
// (inserted false, no error). A taken code gives errCodeConflict.
func (s *Store) insert(ctx context.Context, q querier, sub *participation.Submission, key string) (inserted bool, err error) {
	args, err := s.rowArgs(sub, key)
	if err != nil {
		return false, err
	}
	var code string
	err = q.QueryRowContext(ctx, s.q.insert, args...).Scan(&code)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case isCodeConflict(err):
		return false, errCodeConflict
	case err != nil:
		return false, err
	}
	return true, nil
}

// insertPhotos inserts sub's photos, numbered in order.
func (s *Store) insertPhotos(ctx context.Context, q querier, sub *participation.Submission) error {
	for i, p := range sub.Photos {
		if _, err := q.ExecContext(ctx, s.q.insertPhoto, sub.Code, i, p.Type, p.Data); err != nil {
			return fmt.Errorf("photo %d: %w", i, err)
		}
	}
	return nil
}

// codeForKey is the code of the submission stored with key.
func (s *Store) codeForKey(ctx context.Context, q querier, key string) (string, error) {
	var code string
	if err := q.QueryRowContext(ctx, s.q.byKey, key).Scan(&code); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("idempotency key used but no submission has it: %w", err)
		}
		return "", err
	}
	return code, nil
}

// isCodeConflict reports whether err is a primary key violation on
// submissions, in either database.
func isCodeConflict(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505" && pe.ConstraintName == "submissions_pkey"
	}
	return false
}

// rowArgs are sub's column values, in columns' order, as the database
// takes them.
func (s *Store) rowArgs(sub *participation.Submission, key string) ([]any, error) {
	var scores any
	if len(sub.Scores) > 0 {
		b, err := json.Marshal(sub.Scores)
		if err != nil {
			return nil, fmt.Errorf("encoding the scores: %w", err)
		}
		scores = string(b)
	}
	var k any
	if key != "" {
		k = key
	}
	return []any{
		sub.Code, string(sub.Kind), sub.Target, sub.Topic, sub.Text, sub.Commune, scores,
		sub.Name, sub.Contact, sub.Address, sub.Consent, string(sub.Status),
		s.timeArg(sub.Received), s.timeArg(sub.Updated), sub.Answer, sub.Reason,
		s.nullTimeArg(sub.Erased), sub.Assignee, sub.Accepted, sub.MergedInto, s.nullTimeArg(sub.Answered), k,
	}, nil
}

// timeLayout is how SQLite keeps a time: UTC, fixed width, to the
// microsecond, so that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// timeArg is t as the database takes it: UTC, to the microsecond.
func (s *Store) timeArg(t time.Time) any {
	t = t.UTC().Truncate(time.Microsecond)
	if s.pg {
		return t
	}
	return t.Format(timeLayout)
}

// nullTimeArg is timeArg, with NULL for the zero time.
func (s *Store) nullTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return s.timeArg(t)
}

// timeScan scans a time as either database gives it (text from SQLite,
// time.Time from PostgreSQL) into *t, in UTC; NULL gives the zero time.
type timeScan struct{ t *time.Time }

// Scan implements sql.Scanner.
func (d timeScan) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = time.Time{}
	case time.Time:
		*d.t = x.UTC()
	case string:
		return d.parse(x)
	case []byte:
		return d.parse(string(x))
	default:
		return fmt.Errorf("sqlstore: a time stored as %T", v)
	}
	return nil
}

func (d timeScan) parse(s string) error {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("sqlstore: reading a stored time: %w", err)
	}
	*d.t = t.UTC()
	return nil
}

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(dest ...any) error }

// scanRow reads a submission's columns, then extra destinations, from r.
func scanRow(r scanner, sub *participation.Submission, extra ...any) error {
	var scores sql.NullString
	dest := []any{
		&sub.Code, &sub.Kind, &sub.Target, &sub.Topic, &sub.Text, &sub.Commune, &scores,
		&sub.Name, &sub.Contact, &sub.Address, &sub.Consent, &sub.Status,
		timeScan{&sub.Received}, timeScan{&sub.Updated}, &sub.Answer, &sub.Reason,
		timeScan{&sub.Erased}, &sub.Assignee, &sub.Accepted, &sub.MergedInto, timeScan{&sub.Answered},
	}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return err
	}
	sub.Scores = nil
	if scores.Valid {
		if err := json.Unmarshal([]byte(scores.String), &sub.Scores); err != nil {
			return fmt.Errorf("sqlstore: reading the scores of %s: %w", sub.Code, err)
		}
	}
	return nil
}

// Get returns the submission with the code, with its photos, or
// participation.ErrNotFound.
func (s *Store) Get(ctx context.Context, code string) (*participation.Submission, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	// One statement, so one snapshot: the row and its photos agree even
	// while an erasure runs.
	rows, err := s.db.QueryContext(ctx, s.q.get, code)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: getting %s: %w", code, err)
	}
	defer rows.Close()
	var sub *participation.Submission
	for rows.Next() {
		var (
			row   participation.Submission
			ptype sql.NullString
			pdata []byte
		)
		if err := scanRow(rows, &row, &ptype, &pdata); err != nil {
			return nil, fmt.Errorf("sqlstore: getting %s: %w", code, err)
		}
		if sub == nil {
			sub = &row
		}
		if ptype.Valid {
			sub.Photos = append(sub.Photos, participation.Photo{Type: ptype.String, Data: pdata})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: getting %s: %w", code, err)
	}
	if sub == nil {
		return nil, participation.ErrNotFound
	}
	return sub, nil
}

// ErasePersonal blanks the name, contact and address of the submission
// with the code, deletes its photos and sets Erased to now (or keeps the
// time of an earlier erasure); participation.ErrNotFound if there is none.
func (s *Store) ErasePersonal(ctx context.Context, code string, now time.Time) error {
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		res, err := tx.ExecContext(ctx, s.q.eraseOne, s.timeArg(now), code)
		if err != nil {
			return result{err: err}
		}
		n, err := res.RowsAffected()
		if err != nil {
			return result{err: err}
		}
		if n == 0 {
			return result{err: participation.ErrNotFound}
		}
		if _, err := tx.ExecContext(ctx, s.q.erasePhotosOne, code); err != nil {
			return result{err: err}
		}
		return result{}
	})
	if r.err != nil && !errors.Is(r.err, participation.ErrNotFound) {
		return fmt.Errorf("sqlstore: erasing the personal data of %s: %w", code, r.err)
	}
	return r.err
}

// EraseBefore blanks the personal fields and deletes the photos of every
// submission received before cutoff and not yet erased, setting Erased
// to now, and returns how many there were. Replicas may run it at once:
// each submission is counted by one of them.
func (s *Store) EraseBefore(ctx context.Context, cutoff, now time.Time) (int, error) {
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		c := s.timeArg(cutoff)
		if _, err := tx.ExecContext(ctx, s.q.erasePhotosBefore, c); err != nil {
			return result{err: err}
		}
		return affected(tx.ExecContext(ctx, s.q.eraseBefore, s.timeArg(now), c))
	})
	if r.err != nil {
		return 0, fmt.Errorf("sqlstore: erasing the personal data received before %s: %w", cutoff.UTC().Format(time.RFC3339), r.err)
	}
	return r.n, nil
}

// affected is the outcome of a write that counts the rows one statement
// changed: ExecContext's answer, as a result.
func affected(res sql.Result, err error) result {
	if err != nil {
		return result{err: err}
	}
	n, err := res.RowsAffected()
	return result{n: int(n), err: err}
}

// result is the outcome of one write.
type result struct {
	code string
	dup  bool
	n    int
	v    any // any other value a write gives back
	err  error
}

// write runs fn in a transaction: on SQLite through the writer (fn then
// runs in a savepoint of a batch), on PostgreSQL in one of its own.
func (s *Store) write(ctx context.Context, fn func(context.Context, *sql.Tx) result) result {
	if err := s.open(); err != nil {
		return result{err: err}
	}
	if !s.pg {
		return s.w.do(ctx, fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return result{err: err}
	}
	r := fn(ctx, tx)
	if r.err != nil {
		_ = tx.Rollback()
		return r
	}
	if err := tx.Commit(); err != nil {
		return result{err: fmt.Errorf("committing: %w", err)}
	}
	return r
}

// Backup writes a consistent copy of the store to path, as one SQLite
// file that Open("sqlite:"+path) serves, while the store keeps serving.
// The copy is written beside path under a temporary name, fsynced and
// renamed over path, so path never holds half a copy.
func (s *Store) Backup(ctx context.Context, path string) (err error) {
	if err := s.open(); err != nil {
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("sqlstore: backing up to %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("sqlstore: backing up to %s: %w", path, err)
		}
	}()
	if s.file != "" {
		if live, err := os.Stat(s.file); err == nil {
			if fi, err := os.Stat(abs); err == nil && os.SameFile(live, fi) {
				return errors.New("that is the database itself")
			}
		}
	}
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := f.Close(); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
				_ = os.Remove(tmp + suffix)
			}
		}
	}()
	if s.pg {
		err = s.copyToSQLite(ctx, tmp)
	} else {
		// VACUUM INTO takes a read snapshot, as any reader does in WAL
		// mode: the writer goes on. It does not fsync its output.
		_, err = s.db.ExecContext(ctx, "VACUUM INTO ?", tmp)
	}
	if err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, abs); err != nil {
		return err
	}
	return syncFile(dir)
}

// syncFile fsyncs a file or a folder.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// open returns ErrClosed once Close was called.
func (s *Store) open() error {
	select {
	case <-s.closing:
		return ErrClosed
	default:
		return nil
	}
}

// Close waits for the writes in flight, then closes the database. Calls
// after the first return its result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		var errs []error
		if s.w != nil {
			errs = append(errs, s.w.stop())
		}
		errs = append(errs, s.db.Close())
		if err := errors.Join(errs...); err != nil {
			s.closeErr = fmt.Errorf("sqlstore: closing %s: %w", s.name, err)
		}
	})
	return s.closeErr
}

// queries are the statements, in a database's dialect.
type queries struct {
	insert, insertPhoto, byKey, get                          string
	eraseOne, erasePhotosOne, eraseBefore, erasePhotosBefore string
	selectAll, selectPhotos, insertPlain                     string
}

// columns are the submissions table's, in rowArgs' and scanRow's order
// (scanRow stops before idempotency_key).
const columns = "code, kind, target, topic, text, commune, scores, name, contact, address, consent, " +
	"status, received, updated, answer, reason, erased, assignee, accepted, merged_into, answered, idempotency_key"

// newQueries writes the statements with ? placeholders, numbered $1, $2…
// for PostgreSQL.
func newQueries(pg bool) queries {
	values := "(" + strings.TrimSuffix(strings.Repeat("?, ", strings.Count(columns, ",")+1), ", ") + ")"
	cols := strings.ReplaceAll(columns, ", idempotency_key", "")
	prefixed := "s." + strings.ReplaceAll(cols, ", ", ", s.")
	q := queries{
		// A reused key inserts nothing and returns no row; a taken code
		// fails on the primary key.
		insert:      "INSERT INTO submissions (" + columns + ") VALUES " + values + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING code",
		insertPlain: "INSERT INTO submissions (" + columns + ") VALUES " + values,
		insertPhoto: "INSERT INTO photos (code, n, content_type, data) VALUES (?, ?, ?, ?)",
		byKey:       "SELECT code FROM submissions WHERE idempotency_key = ?",
		get: "SELECT " + prefixed + ", p.content_type, p.data FROM submissions s " +
			"LEFT JOIN photos p ON p.code = s.code WHERE s.code = ? ORDER BY p.n",
		eraseOne:          "UPDATE submissions SET name = '', contact = '', address = '', erased = COALESCE(erased, ?) WHERE code = ?",
		erasePhotosOne:    "DELETE FROM photos WHERE code = ?",
		erasePhotosBefore: "DELETE FROM photos WHERE code IN (SELECT code FROM submissions WHERE received < ? AND erased IS NULL)",
		eraseBefore:       "UPDATE submissions SET name = '', contact = '', address = '', erased = ? WHERE received < ? AND erased IS NULL",
		selectAll:         "SELECT " + columns + " FROM submissions ORDER BY code",
		selectPhotos:      "SELECT code, n, content_type, data FROM photos ORDER BY code, n",
	}
	if pg {
		for _, p := range []*string{&q.insert, &q.insertPlain, &q.insertPhoto, &q.byKey, &q.get,
			&q.eraseOne, &q.erasePhotosOne, &q.eraseBefore, &q.erasePhotosBefore} {
			*p = numbered(*p)
		}
	}
	return q
}

// numbered replaces each ? with $1, $2…: the statements have no ? in
// literals.
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
