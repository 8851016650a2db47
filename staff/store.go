package staff

import (
	"context"
	"time"
)

// Store keeps accounts, sessions, login locks and the audit log
// (participation/sqlstore implements it beside the submissions, so that
// a staff action and its audit entry commit together).
type Store interface {
	// AddAccount creates an account; ErrAccountUsed if the e-mail has one.
	AddAccount(ctx context.Context, a Account, by string) (Account, error)
	// RemoveAccount deletes an account and every session of it at once;
	// ErrNoAccount if there is none.
	RemoveAccount(ctx context.Context, email, by string) error
	// Accounts lists every account, by e-mail.
	Accounts(ctx context.Context) ([]Account, error)
	// Account finds an account by e-mail, with its lock.
	Account(ctx context.Context, email string) (Account, Lock, error)
	// SetLock records an account's login state (a login that succeeds
	// clears it).
	SetLock(ctx context.Context, email string, l Lock) error
	// FailLogin counts one wrong password at now in one transaction, so
	// wrong passwords sent at once are all counted, and gives the new
	// lock.
	FailLogin(ctx context.Context, email string, now time.Time) (Lock, error)
	// AddSession stores a new session of an account.
	AddSession(ctx context.Context, id string, accountID int64, now time.Time) error
	// Session finds a session by ID with its account and marks it seen
	// at now; ErrNoSession when there is none, it expired, or its
	// account was removed.
	Session(ctx context.Context, id string, now time.Time) (Session, error)
	// EndSession deletes a session (logout).
	EndSession(ctx context.Context, id string) error
	// Audit lists the newest entries first, at most limit.
	Audit(ctx context.Context, limit int) ([]Entry, error)
	// Append adds an entry for an action that changes no record, such as
	// opening a submission with its personal data or a login.
	Append(ctx context.Context, e Entry) error
}
