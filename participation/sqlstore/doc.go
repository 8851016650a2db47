// Package sqlstore keeps citizens' submissions (participation.Store) in
// SQL: SQLite, the embedded default for one server, or PostgreSQL, for
// several replicas behind a load balancer. Open picks one by URL:
//
//	sqlite:data/participation.db
//	postgres://user:password@host:5432/minhbach
//
// # Drivers
//
// SQLite is modernc.org/sqlite, SQLite's C source translated to Go: the
// portal's binary stays cgo-free, so it still cross-compiles with plain
// `go build` and runs as one static file on the agency's server, with no
// C toolchain to build it nor shared library to install. PostgreSQL is
// github.com/jackc/pgx/v5 through database/sql, so both share one code
// path for queries.
//
// # Durability
//
// Add returns only after its transaction is committed to disk: a
// tracking code shown to a citizen is a promise. SQLite runs in WAL mode
// with synchronous=FULL (every commit is fsynced), foreign keys on and a
// busy timeout. On PostgreSQL, Open refuses a server whose fsync or
// synchronous_commit is off.
//
// An fsync costs from a fraction of a millisecond to several, and SQLite
// makes one per transaction, so SQLite writes go through group commit:
// one writer goroutine takes every Add waiting (up to maxBatch), writes
// them all in one transaction, each in a SAVEPOINT of its own so that a
// failing one (a taken code) does not fail the others, commits once, and
// then answers each caller with its own result. Under load, a batch
// holds the requests that arrived during the previous commit; alone, an
// Add is a batch of one and waits for nothing. The erasures go through
// the same writer, so SQLite never sees two writers of one Store compete
// for its lock. PostgreSQL has many writers (each replica's pool of
// connections, 16 unless the URL's pool_max_conns says otherwise, opened
// at Open) and groups concurrent commits into one WAL flush itself.
//
// # Schema
//
// The schema is versioned in migrations/sqlite and migrations/postgres,
// one numbered file per change (0001_init.sql, ...), embedded in the
// binary. Open applies the missing ones in order in one transaction and
// records each in schema_migrations(version). On PostgreSQL the
// transaction first takes an advisory lock (pg_advisory_xact_lock), so
// replicas that start at once migrate one after the other; on SQLite,
// BEGIN IMMEDIATE does the same. Migrations must be additive, as older
// replicas keep serving during a rolling upgrade.
//
// Times are kept in UTC to the microsecond (PostgreSQL's precision, and
// the same in SQLite, as fixed-width text that sorts as time does): Get
// returns a submission's times truncated to the microsecond, in UTC.
//
// # Staff
//
// The Store is also the staff's: staff.Store (accounts, sessions, login
// locks, the audit log) and participation.Queue (List, Change,
// Published), in the same database, so that a change to a submission or
// an account and its audit entry commit in one transaction: a change
// that is not in the log did not happen. Their writes take the same
// path as Add's (on SQLite the one writer). Change locks the row on
// PostgreSQL (SELECT … FOR UPDATE; a merge locks both rows, in code
// order), so concurrent changes of one submission take turns and each
// entry's before is the previous entry's after. The audit log keeps the
// public fields a change touched, as JSON, never a personal field nor a
// password hash; it is append-only: the package has no statement that
// updates or deletes an entry, and triggers refuse any other client that
// tries (on PostgreSQL, TRUNCATE too). Sessions are kept by the SHA-256
// of their token, and their last_seen is written at most once a minute.
//
// # Backup
//
// Backup always writes one SQLite file, which Open("sqlite:FILE")
// serves as it is: restoring is pointing the server at it, and the file
// can be read with any SQLite tool. From SQLite it is VACUUM INTO, a
// consistent snapshot taken while writers go on. From PostgreSQL the rows
// are read in one REPEATABLE READ, read-only transaction (one snapshot,
// while replicas go on writing) and written to a new SQLite file. Either
// way the copy is written under a temporary name, fsynced, and renamed
// into place, so the path holds either the previous backup or a whole
// new one.
//
// # Personal data
//
// The package logs nothing. Its errors name submissions by tracking
// code, never by a personal field, and a PostgreSQL URL's password is
// redacted from every error.
package sqlstore
