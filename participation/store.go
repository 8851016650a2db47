package participation

import (
	"context"
	"errors"
	"time"
)

// Store keeps submissions durably. Implementations (package
// participation/sqlstore: SQLite and PostgreSQL) must be safe for
// concurrent use, and Add must not return before the submission is
// committed to disk: a code shown to a citizen is a promise. A Store
// also keeps the readers' votes on whether a page was useful (Votes), so
// that one database, one backup and one retention schedule hold all that
// citizens send.
type Store interface {
	Votes
	// Add stores s (its Code set, Status StatusReceived, Received set)
	// and returns the stored submission's code. When key is not empty and
	// a submission with the same idempotency key was stored before, Add
	// stores nothing and returns that one's code with dup true, so a
	// client that retries after a lost answer never creates a second.
	// A code already taken gives ErrCodeTaken (the caller draws again).
	Add(ctx context.Context, s *Submission, key string) (code string, dup bool, err error)
	// Get returns the submission with the code, or ErrNotFound.
	Get(ctx context.Context, code string) (*Submission, error)
	// ErasePersonal blanks the name, contact, address and photos of the
	// submission with the code and sets Erased, at the citizen's
	// request; ErrNotFound if there is none.
	ErasePersonal(ctx context.Context, code string, now time.Time) error
	// EraseBefore blanks the personal fields of every submission received
	// before cutoff whose personal fields are still kept, and returns how
	// many it erased: the retention period, applied by the server itself.
	EraseBefore(ctx context.Context, cutoff, now time.Time) (int, error)
	// Backup writes a consistent copy of the whole store to path while
	// the store keeps serving.
	Backup(ctx context.Context, path string) error
	// Close waits for writes in flight and releases the database.
	Close() error
}

// Errors a Store returns.
var (
	ErrNotFound  = errors.New("participation: no such submission")
	ErrCodeTaken = errors.New("participation: tracking code already taken")
)
