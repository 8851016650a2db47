package participation

import (
	"context"
	"errors"
	"time"
)

// ErrInvalidChange is wrapped by Queue.Change's errors for a change the
// rules refuse (answering and declining at once, merging into a
// duplicate): the staff member's mistake, not the store's failure.
var ErrInvalidChange = errors.New("participation: invalid change")

// Queue is the staff's side of the store: the submissions to work, and
// the changes staff make to them. Every change is written together with
// its audit entry (see package staff), in one transaction: a change that
// is not in the log did not happen.
type Queue interface {
	// List gives the submissions matching f, oldest first (the queue's
	// order: the longest waiting first), without photos, and how many
	// match in all.
	List(ctx context.Context, f Filter) ([]*Submission, int, error)
	// Change applies c to the submission with the code, as actor, at now,
	// and returns it as it became; ErrNotFound if there is none.
	Change(ctx context.Context, code string, c Change, actor string, now time.Time) (*Submission, error)
	// Published gives the answered feedback and the accepted comments
	// about a target ("" for all), newest answer first: what the public
	// site shows, without personal data.
	Published(ctx context.Context, target string, limit int) ([]Public, error)
}

// Filter selects submissions for the queue. Zero fields match all.
type Filter struct {
	Kind     Kind
	Status   Status
	Topic    string
	Commune  string
	Target   string
	Assignee string
	// Before keeps those received before it (how old they are).
	Before time.Time
	Limit  int // at most; 0 means 50
	Offset int
}

// Change is what staff do to one submission; nil fields stay as they
// are. Setting Answer publishes it with the status answered; Reason (a
// staff.DeclineReasons key) declines; MergedInto marks a duplicate of
// another code, which also declines it as a duplicate.
type Change struct {
	Status     *Status
	Assignee   *string
	Answer     *string
	Reason     *string
	MergedInto *string
	// Accepted marks a comment as taken into account (tiếp thu), shown
	// with the agency's response in the disclosure's report.
	Accepted *bool
}
