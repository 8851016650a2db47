package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite" // also registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite's settings.
const (
	// maxBatch bounds the writes of one group commit: large enough that
	// a burst is one fsync, small enough that a batch's transaction stays
	// short and the first caller in it is not kept waiting long.
	maxBatch = 256
	// readConns are the connections for reads (Get, Backup) beside the
	// writer's own: WAL lets them read while the writer writes.
	readConns = 8
	// busyTimeoutMS is how long a connection waits for another process's
	// lock (a second server, a backup tool) before failing.
	busyTimeoutMS = 10000
)

// sqliteDSN is the driver's name for the file at abs with the given
// journal mode (none: leave the file's) and synchronous setting. Every
// connection gets foreign keys on and the busy timeout; write
// transactions begin IMMEDIATE, so they take the write lock first and
// never fail to upgrade a read lock.
func sqliteDSN(abs, journal, synchronous string) string {
	// The path goes in a file: URI, whose ? and # would otherwise end it.
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(abs))
	q := url.Values{
		"_busy_timeout": {fmt.Sprint(busyTimeoutMS)},
		"_foreign_keys": {"1"},
		"_synchronous":  {synchronous},
		"_txlock":       {"immediate"},
	}
	if journal != "" {
		q.Set("_journal_mode", journal)
	}
	// Each batched Add runs in a SAVEPOINT, whose sub-journal would
	// otherwise go to a temporary file: about an eighth of the writer's
	// time under load (bench/submit, BENCHMARKS.md).
	q.Add("_pragma", "temp_store(memory)")
	return "file:" + p + "?" + q.Encode()
}

// openSQLiteDB opens the SQLite file at path (created if missing, with
// its folders) as a *sql.DB with conns connections, and gives its
// absolute path.
func openSQLiteDB(path, journal, synchronous string, conns int) (*sql.DB, string, error) {
	if path == "" {
		return nil, "", errors.New("sqlstore: thiếu đường dẫn tệp / sqlite: needs a file path, as in sqlite:data/participation.db")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: opening %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, "", fmt.Errorf("sqlstore: opening %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", sqliteDSN(abs, journal, synchronous))
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, abs, nil
}

// openSQLite opens the store in the SQLite file at path.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	// WAL is kept in the file: setWAL sets it once, not every
	// connection.
	db, abs, err := openSQLiteDB(path, "", "FULL", readConns+1)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, name: "sqlite:" + path, file: abs, q: newQueries(false), closing: make(chan struct{})}
	if err := s.initSQLite(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: opening %s: %w", s.name, err)
	}
	return s, nil
}

// initSQLite sets WAL mode, migrates, and starts the writer.
func (s *Store) initSQLite(ctx context.Context) error {
	if err := setWAL(ctx, s.db); err != nil {
		return err
	}
	if err := migrate(ctx, s.db, false); err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting the writer: %w", err)
	}
	s.w = &writer{
		conn:    conn,
		queue:   make(chan *job),
		closing: s.closing,
		done:    make(chan struct{}),
	}
	go s.w.run()
	return nil
}

// setWAL puts the database in WAL mode, which the file keeps. Turning a
// new file to WAL takes an exclusive lock and fails at once, without
// SQLite's busy timeout, while another connection (a second process
// opening the same new file) holds a lock; so it is retried, backing
// off, until the busy timeout has passed.
func setWAL(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	wait := time.Millisecond
	for {
		var mode string
		err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if err == nil {
			if !strings.EqualFold(mode, "wal") {
				return fmt.Errorf("journal mode is %q, not WAL: is the file on a network file system?", mode)
			}
			return nil
		}
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return fmt.Errorf("setting WAL mode: %w", err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("setting WAL mode: %w", ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}

// writer is SQLite's group commit: the one goroutine that writes, on a
// connection of its own, taking every job waiting into one transaction.
type writer struct {
	conn *sql.Conn
	// queue is unbuffered: a job is either taken by the writer or still
	// its caller's, so none is stranded when the writer stops, and the
	// jobs waiting are exactly the senders blocked on it.
	queue   chan *job
	closing chan struct{} // the Store's: stop taking jobs
	done    chan struct{} // closed when run returns

	batches, jobs atomic.Int64 // committed transactions and the jobs in them
}

// job is one write: fn runs in a savepoint of the batch's transaction.
type job struct {
	ctx  context.Context
	fn   func(context.Context, *sql.Tx) result
	done chan result // buffered: the writer never waits for the caller
}

// do queues fn and waits for its result, that is until the transaction
// that holds it is committed. If ctx ends first, do returns ctx's error,
// though the write may still be committed: a retry with the same
// idempotency key then finds it.
func (w *writer) do(ctx context.Context, fn func(context.Context, *sql.Tx) result) result {
	j := &job{ctx: ctx, fn: fn, done: make(chan result, 1)}
	select {
	case w.queue <- j:
	case <-w.closing:
		return result{err: ErrClosed}
	case <-ctx.Done():
		return result{err: ctx.Err()}
	}
	select {
	case r := <-j.done:
		return r
	case <-ctx.Done():
		return result{err: ctx.Err()}
	}
}

// run takes jobs until the store closes: it waits for one, then takes
// every other job already waiting, up to maxBatch, and commits them
// together. No timer: the batch is whatever queued during the previous
// commit, so a lone write is never delayed.
func (w *writer) run() {
	defer close(w.done)
	batch := make([]*job, 0, maxBatch)
	for {
		select {
		case j := <-w.queue:
			batch = append(batch[:0], j)
		case <-w.closing:
			return
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case j := <-w.queue:
				batch = append(batch, j)
			default:
				break fill
			}
		}
		w.commit(batch)
		clear(batch) // let the jobs' memory go
	}
}

// commit runs the batch in one transaction, each job in a savepoint so
// that its failure undoes only its own statements, commits, and then
// answers every job. Statements run under a background context: a
// caller that gives up must not interrupt the transaction of the others
// (an interrupted SQLite statement can roll back the whole transaction).
func (w *writer) commit(batch []*job) {
	ctx := context.Background()
	results := make([]result, len(batch))
	fail := func(err error) {
		for i := range results {
			results[i] = result{err: err}
		}
	}
	defer func() {
		for i, j := range batch {
			j.done <- results[i]
		}
	}()
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("beginning a transaction: %w", err))
		return
	}
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			results[i].err = err // its caller has gone: do not write it
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT job"); err != nil {
			_ = tx.Rollback()
			fail(fmt.Errorf("opening a savepoint: %w", err))
			return
		}
		results[i] = j.fn(ctx, tx)
		if results[i].err != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO job"); err != nil {
				// SQLite rolled the whole transaction back (a full disk,
				// an I/O error): nothing of the batch is written.
				_ = tx.Rollback()
				fail(fmt.Errorf("rolling back to a savepoint: %w (after %w)", err, results[i].err))
				return
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE job"); err != nil {
			_ = tx.Rollback()
			fail(fmt.Errorf("releasing a savepoint: %w", err))
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("committing: %w", err))
		return
	}
	w.batches.Add(1)
	w.jobs.Add(int64(len(batch)))
}

// stop waits for the writer to finish its batch and stop, then runs
// PRAGMA optimize, as SQLite advises before closing, and releases the
// writer's connection. The Store's closing channel must be closed.
func (w *writer) stop() error {
	<-w.done
	_, err := w.conn.ExecContext(context.Background(), "PRAGMA optimize")
	return errors.Join(err, w.conn.Close())
}
