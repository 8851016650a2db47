package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/minhbach/minhbach/staff"
)

// The staff's records (staff.Store) live beside the submissions, so that
// a staff action and its audit entry commit in one transaction. Writes
// go through write: on SQLite the one writer, never a second.
//
// The audit log is append-only: this package has no statement that
// updates or deletes an entry, and triggers refuse anyone else who tries
// (on PostgreSQL TRUNCATE too).

var _ staff.Store = (*Store)(nil)

// touchEvery is how stale a session's last_seen may be before Session
// writes it again: one write a minute per session rather than one a
// request. A session may so end up to a minute before staff.IdleTTL.
const touchEvery = time.Minute

// Audit's limits: at most maxAudit entries, defaultAudit when asked for
// none.
const (
	defaultAudit = 100
	maxAudit     = 1000
)

// ph writes query's ? placeholders in the store's dialect.
func (s *Store) ph(query string) string {
	if s.pg {
		return numbered(query)
	}
	return query
}

// lookupEmail is an e-mail as accounts are keyed: trimmed, lower case.
func lookupEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// accountJSON is what the audit log keeps of an account: never the hash.
func accountJSON(email string, role staff.Role) string {
	b, _ := json.Marshal(map[string]string{"email": email, "role": string(role)})
	return string(b)
}

// appendAudit adds one entry to the audit log within tx: the only
// statement this package runs on audit_log besides reading it.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, e staff.Entry) error {
	if e.Actor == "" || e.Action == "" || e.Target == "" {
		return errors.New("an audit entry needs an actor, an action and a target")
	}
	if e.Before == "" {
		e.Before = "{}"
	}
	if e.After == "" {
		e.After = "{}"
	}
	_, err := tx.ExecContext(ctx, s.ph("INSERT INTO audit_log (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)"),
		s.timeArg(e.At), e.Actor, string(e.Action), e.Target, e.Before, e.After)
	if err != nil {
		return fmt.Errorf("writing the audit entry: %w", err)
	}
	return nil
}

// Append adds an entry to the audit log on its own: for the actions
// that change no record (staff.ActLogin, ActLogout, ActOpen, ActReport).
// The changes the store makes (accounts, Change) write their entries
// themselves, in their own transactions. A zero At is now; empty Before
// and After are "{}". The caller must not put personal data in it.
func (s *Store) Append(ctx context.Context, e staff.Entry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		return result{err: s.appendAudit(ctx, tx, e)}
	})
	if r.err != nil {
		return fmt.Errorf("sqlstore: appending an audit entry: %w", r.err)
	}
	return nil
}

// AddAccount creates an account, its e-mail normalised to lower case,
// and logs staff.ActAddStaff by `by` in the same transaction; it returns
// the account with its ID and its Created time (now when zero), in UTC
// to the microsecond. staff.ErrAccountUsed if the e-mail has an account.
func (s *Store) AddAccount(ctx context.Context, a staff.Account, by string) (staff.Account, error) {
	email, err := staff.NormalizeEmail(a.Email)
	if err != nil {
		return staff.Account{}, err
	}
	a.Email = email
	if a.Role != staff.RoleModerator && a.Role != staff.RoleAdmin {
		return staff.Account{}, fmt.Errorf("sqlstore: adding %s: role %q is not moderator or admin", email, a.Role)
	}
	if a.Hash == "" {
		return staff.Account{}, fmt.Errorf("sqlstore: adding %s: no password hash", email)
	}
	now := time.Now()
	if a.Created.IsZero() {
		a.Created = now
	}
	a.Created = a.Created.UTC().Truncate(time.Microsecond)
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		var id int64
		err := tx.QueryRowContext(ctx, s.ph("INSERT INTO staff_accounts (email, role, hash, created) VALUES (?, ?, ?, ?) "+
			"ON CONFLICT (email) DO NOTHING RETURNING id"), a.Email, string(a.Role), a.Hash, s.timeArg(a.Created)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return result{err: staff.ErrAccountUsed}
		}
		if err != nil {
			return result{err: err}
		}
		err = s.appendAudit(ctx, tx, staff.Entry{At: now, Actor: by, Action: staff.ActAddStaff, Target: a.Email,
			Before: "{}", After: accountJSON(a.Email, a.Role)})
		return result{n: int(id), v: id, err: err}
	})
	if r.err != nil {
		if errors.Is(r.err, staff.ErrAccountUsed) {
			return staff.Account{}, r.err
		}
		return staff.Account{}, fmt.Errorf("sqlstore: adding the account %s: %w", a.Email, r.err)
	}
	a.ID = r.v.(int64)
	return a, nil
}

// RemoveAccount deletes the account with the e-mail and all its sessions
// (so its cookies stop working at once) and logs staff.ActRemoveStaf by
// `by`, in one transaction; staff.ErrNoAccount if there is none.
func (s *Store) RemoveAccount(ctx context.Context, email, by string) error {
	email = lookupEmail(email)
	now := time.Now()
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		var (
			id   int64
			role string
		)
		err := tx.QueryRowContext(ctx, s.ph("SELECT id, role FROM staff_accounts WHERE email = ?"), email).Scan(&id, &role)
		if errors.Is(err, sql.ErrNoRows) {
			return result{err: staff.ErrNoAccount}
		}
		if err != nil {
			return result{err: err}
		}
		// The foreign key cascades too; deleting them by name does not
		// depend on it.
		if _, err := tx.ExecContext(ctx, s.ph("DELETE FROM staff_sessions WHERE account_id = ?"), id); err != nil {
			return result{err: err}
		}
		if _, err := tx.ExecContext(ctx, s.ph("DELETE FROM staff_accounts WHERE id = ?"), id); err != nil {
			return result{err: err}
		}
		return result{err: s.appendAudit(ctx, tx, staff.Entry{At: now, Actor: by, Action: staff.ActRemoveStaf, Target: email,
			Before: accountJSON(email, staff.Role(role)), After: "{}"})}
	})
	if r.err != nil && !errors.Is(r.err, staff.ErrNoAccount) {
		return fmt.Errorf("sqlstore: removing the account %s: %w", email, r.err)
	}
	return r.err
}

const accountColumns = "id, email, role, hash, created"

func scanAccount(r scanner, a *staff.Account, extra ...any) error {
	return r.Scan(append([]any{&a.ID, &a.Email, &a.Role, &a.Hash, timeScan{&a.Created}}, extra...)...)
}

// Accounts lists every account, by e-mail.
func (s *Store) Accounts(ctx context.Context) ([]staff.Account, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+accountColumns+" FROM staff_accounts ORDER BY email")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: listing the accounts: %w", err)
	}
	defer rows.Close()
	var out []staff.Account
	for rows.Next() {
		var a staff.Account
		if err := scanAccount(rows, &a); err != nil {
			return nil, fmt.Errorf("sqlstore: listing the accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: listing the accounts: %w", err)
	}
	return out, nil
}

// Account finds an account by e-mail (in any case), with its login
// lock; staff.ErrNoAccount if there is none.
func (s *Store) Account(ctx context.Context, email string) (staff.Account, staff.Lock, error) {
	if err := s.open(); err != nil {
		return staff.Account{}, staff.Lock{}, err
	}
	email = lookupEmail(email)
	var (
		a staff.Account
		l staff.Lock
	)
	err := scanAccount(s.db.QueryRowContext(ctx, s.ph("SELECT "+accountColumns+", failures, first_failed, locked_until FROM staff_accounts WHERE email = ?"), email),
		&a, &l.Failures, timeScan{&l.FirstFailed}, timeScan{&l.Until})
	if errors.Is(err, sql.ErrNoRows) {
		return staff.Account{}, staff.Lock{}, staff.ErrNoAccount
	}
	if err != nil {
		return staff.Account{}, staff.Lock{}, fmt.Errorf("sqlstore: finding the account %s: %w", email, err)
	}
	return a, l, nil
}

// SetLock records an account's login state (its times to the
// microsecond); staff.ErrNoAccount if there is none.
func (s *Store) SetLock(ctx context.Context, email string, l staff.Lock) error {
	email = lookupEmail(email)
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		res, err := tx.ExecContext(ctx, s.ph("UPDATE staff_accounts SET failures = ?, first_failed = ?, locked_until = ? WHERE email = ?"),
			l.Failures, s.nullTimeArg(l.FirstFailed), s.nullTimeArg(l.Until), email)
		if err != nil {
			return result{err: err}
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			err = staff.ErrNoAccount
		}
		return result{err: err}
	})
	if r.err != nil && !errors.Is(r.err, staff.ErrNoAccount) {
		return fmt.Errorf("sqlstore: setting the lock of %s: %w", email, r.err)
	}
	return r.err
}

// checkSessionID refuses what is not a SHA-256 in hex, such as a token
// passed by mistake instead of its staff.SessionID: the store must never
// hold a token that logs someone in.
func checkSessionID(id string) error {
	if len(id) != 64 || strings.ToLower(id) != id {
		return errors.New("sqlstore: a session ID is the SHA-256 of its token, in lower-case hex (staff.SessionID)")
	}
	if _, err := hex.DecodeString(id); err != nil {
		return errors.New("sqlstore: a session ID is the SHA-256 of its token, in lower-case hex (staff.SessionID)")
	}
	return nil
}

// AddSession stores a new session of the account, created and last seen
// at now; staff.ErrNoAccount if the account does not exist. It also
// deletes that account's sessions that have expired by now.
func (s *Store) AddSession(ctx context.Context, id string, accountID int64, now time.Time) error {
	if err := checkSessionID(id); err != nil {
		return err
	}
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		res, err := tx.ExecContext(ctx, s.ph("INSERT INTO staff_sessions (id, account_id, created, last_seen) SELECT ?, id, ?, ? FROM staff_accounts WHERE id = ?"),
			id, s.timeArg(now), s.timeArg(now), accountID)
		if isForeignKey(err) {
			return result{err: staff.ErrNoAccount} // removed meanwhile
		}
		if err != nil {
			return result{err: err}
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			err = staff.ErrNoAccount
		}
		if err != nil {
			return result{err: err}
		}
		_, err = tx.ExecContext(ctx, s.ph("DELETE FROM staff_sessions WHERE account_id = ? AND (created < ? OR last_seen < ?)"),
			accountID, s.timeArg(now.Add(-staff.SessionTTL)), s.timeArg(now.Add(-staff.IdleTTL)))
		return result{err: err}
	})
	if r.err != nil && !errors.Is(r.err, staff.ErrNoAccount) {
		return fmt.Errorf("sqlstore: adding a session of account %d: %w", accountID, r.err)
	}
	return r.err
}

// Session finds the session with the ID and its account; it returns
// staff.ErrNoSession when there is none, it has expired at now (it is
// then deleted), or its account was removed. It marks the session seen
// at now, writing last_seen only when it is a minute old or more
// (touchEvery); the session returned has LastSeen now either way.
func (s *Store) Session(ctx context.Context, id string, now time.Time) (staff.Session, error) {
	if err := s.open(); err != nil {
		return staff.Session{}, err
	}
	var ses staff.Session
	err := s.db.QueryRowContext(ctx, s.ph("SELECT s.id, s.created, s.last_seen, a.id, a.email, a.role, a.hash, a.created "+
		"FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE s.id = ?"), id).Scan(
		&ses.ID, timeScan{&ses.Created}, timeScan{&ses.LastSeen},
		&ses.Account.ID, &ses.Account.Email, &ses.Account.Role, &ses.Account.Hash, timeScan{&ses.Account.Created})
	if errors.Is(err, sql.ErrNoRows) {
		return staff.Session{}, staff.ErrNoSession
	}
	if err != nil {
		return staff.Session{}, fmt.Errorf("sqlstore: finding a session: %w", err)
	}
	if ses.Expired(now) {
		if err := s.EndSession(ctx, id); err != nil {
			return staff.Session{}, err
		}
		return staff.Session{}, staff.ErrNoSession
	}
	now = now.UTC().Truncate(time.Microsecond)
	if now.Sub(ses.LastSeen) < touchEvery {
		return ses, nil
	}
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		res, err := tx.ExecContext(ctx, s.ph("UPDATE staff_sessions SET last_seen = ? WHERE id = ? AND last_seen < ?"),
			s.timeArg(now), id, s.timeArg(now))
		if err != nil {
			return result{err: err}
		}
		n, err := res.RowsAffected()
		if err != nil || n > 0 {
			return result{err: err}
		}
		// Seen later by another request, or deleted since it was read
		// (logout, or its account removed).
		var one int
		err = tx.QueryRowContext(ctx, s.ph("SELECT 1 FROM staff_sessions WHERE id = ?"), id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			err = staff.ErrNoSession
		}
		return result{err: err}
	})
	if r.err != nil {
		if errors.Is(r.err, staff.ErrNoSession) {
			return staff.Session{}, r.err
		}
		return staff.Session{}, fmt.Errorf("sqlstore: marking a session seen: %w", r.err)
	}
	if now.After(ses.LastSeen) {
		ses.LastSeen = now
	}
	return ses, nil
}

// EndSession deletes the session with the ID (logout); ending one that
// is not there is no error.
func (s *Store) EndSession(ctx context.Context, id string) error {
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		_, err := tx.ExecContext(ctx, s.ph("DELETE FROM staff_sessions WHERE id = ?"), id)
		return result{err: err}
	})
	if r.err != nil {
		return fmt.Errorf("sqlstore: ending a session: %w", r.err)
	}
	return nil
}

// Audit lists the newest entries first, at most limit (100 when limit is
// 0 or less, never more than 1000).
func (s *Store) Audit(ctx context.Context, limit int) ([]staff.Entry, error) {
	if err := s.open(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = defaultAudit
	}
	limit = min(limit, maxAudit)
	rows, err := s.db.QueryContext(ctx, s.ph("SELECT id, at, actor, action, target, before, after FROM audit_log ORDER BY id DESC LIMIT ?"), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: reading the audit log: %w", err)
	}
	defer rows.Close()
	var out []staff.Entry
	for rows.Next() {
		var e staff.Entry
		if err := rows.Scan(&e.ID, timeScan{&e.At}, &e.Actor, &e.Action, &e.Target, &e.Before, &e.After); err != nil {
			return nil, fmt.Errorf("sqlstore: reading the audit log: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: reading the audit log: %w", err)
	}
	return out, nil
}

// isForeignKey reports whether err is a foreign key violation, in either
// database.
func isForeignKey(err error) bool {
	if err == nil {
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return false
}

// copyStaff copies the staff's tables from src (PostgreSQL's snapshot)
// to dst (the backup's SQLite file), ids included: the audit log comes
// whole, in order.
func copyStaff(ctx context.Context, src, dst *sql.Tx) error {
	lite := &Store{}
	_, err := copyRows(ctx, src, "SELECT id, email, role, hash, created, failures, first_failed, locked_until FROM staff_accounts ORDER BY id", dst,
		"INSERT INTO staff_accounts (id, email, role, hash, created, failures, first_failed, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		func(r *sql.Rows) ([]any, error) {
			var (
				a           staff.Account
				l           staff.Lock
				first, till time.Time
			)
			if err := scanAccount(r, &a, &l.Failures, timeScan{&first}, timeScan{&till}); err != nil {
				return nil, err
			}
			return []any{a.ID, a.Email, string(a.Role), a.Hash, lite.timeArg(a.Created), l.Failures, lite.nullTimeArg(first), lite.nullTimeArg(till)}, nil
		})
	if err != nil {
		return fmt.Errorf("copying the staff accounts: %w", err)
	}
	_, err = copyRows(ctx, src, "SELECT id, account_id, created, last_seen FROM staff_sessions ORDER BY id", dst,
		"INSERT INTO staff_sessions (id, account_id, created, last_seen) VALUES (?, ?, ?, ?)",
		func(r *sql.Rows) ([]any, error) {
			var (
				id            string
				account       int64
				created, seen time.Time
			)
			if err := r.Scan(&id, &account, timeScan{&created}, timeScan{&seen}); err != nil {
				return nil, err
			}
			return []any{id, account, lite.timeArg(created), lite.timeArg(seen)}, nil
		})
	if err != nil {
		return fmt.Errorf("copying the staff sessions: %w", err)
	}
	_, err = copyRows(ctx, src, "SELECT id, at, actor, action, target, before, after FROM audit_log ORDER BY id", dst,
		"INSERT INTO audit_log (id, at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
		func(r *sql.Rows) ([]any, error) {
			var e staff.Entry
			if err := r.Scan(&e.ID, timeScan{&e.At}, &e.Actor, &e.Action, &e.Target, &e.Before, &e.After); err != nil {
				return nil, err
			}
			return []any{e.ID, lite.timeArg(e.At), e.Actor, string(e.Action), e.Target, e.Before, e.After}, nil
		})
	if err != nil {
		return fmt.Errorf("copying the audit log: %w", err)
	}
	return nil
}

// FailLogin counts one wrong password for an account at now, reading and
// writing its lock in one transaction (the row locked on PostgreSQL;
// SQLite has one writer), so wrong passwords sent at once, to one
// replica or several, are all counted. It returns the new lock;
// staff.ErrNoAccount if there is none.
func (s *Store) FailLogin(ctx context.Context, email string, now time.Time) (staff.Lock, error) {
	email = lookupEmail(email)
	r := s.write(ctx, func(ctx context.Context, tx *sql.Tx) result {
		q := "SELECT failures, first_failed, locked_until FROM staff_accounts WHERE email = ?"
		if s.pg {
			q += " FOR UPDATE"
		}
		var l staff.Lock
		err := tx.QueryRowContext(ctx, s.ph(q), email).Scan(&l.Failures, timeScan{&l.FirstFailed}, timeScan{&l.Until})
		if errors.Is(err, sql.ErrNoRows) {
			return result{err: staff.ErrNoAccount}
		}
		if err != nil {
			return result{err: err}
		}
		l = l.Fail(now)
		if _, err := tx.ExecContext(ctx, s.ph("UPDATE staff_accounts SET failures = ?, first_failed = ?, locked_until = ? WHERE email = ?"),
			l.Failures, s.nullTimeArg(l.FirstFailed), s.nullTimeArg(l.Until), email); err != nil {
			return result{err: err}
		}
		return result{v: l}
	})
	if r.err != nil {
		if errors.Is(r.err, staff.ErrNoAccount) {
			return staff.Lock{}, r.err
		}
		return staff.Lock{}, fmt.Errorf("sqlstore: counting a failed login of %s: %w", email, r.err)
	}
	return r.v.(staff.Lock), nil
}
