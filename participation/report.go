package participation

import (
	"context"
	"time"
)

// Reports are the counts the agency publishes and reads: satisfaction
// per procedure and quarter, handling times, hot spots. They carry no
// personal data; cells too small to publish are the caller's to
// suppress (see MinCell).
type Reports interface {
	// Satisfaction counts the ratings of each target per quarter: for
	// each criterion, how many scored it and how many were satisfied (4
	// or 5), in quarters of Vietnam's calendar.
	Satisfaction(ctx context.Context) ([]SatisfactionRow, error)
	// HandlingTimes gives, per kind, the answered submissions with how
	// long each took from receipt to answer, received in [from, to).
	HandlingTimes(ctx context.Context, from, to time.Time) ([]Handled, error)
	// FeedbackCounts counts feedback by topic and commune per ISO week
	// (Monday, in Vietnam), received in [from, to), for hot spots.
	FeedbackCounts(ctx context.Context, from, to time.Time) ([]WeekCount, error)
	// Comments gives the comments on a disclosure (text and staff's
	// answer, no personal data), oldest first, for the report of how
	// the opinions were taken in.
	Comments(ctx context.Context, target string) ([]Submission, error)
}

// MinCell is the fewest ratings a published cell may count: fewer could
// point at one citizen.
const MinCell = 5

// SatisfactionRow is one target and quarter.
type SatisfactionRow struct {
	Target  string
	Quarter string // "2026-Q4"
	Ratings int
	// Satisfied and Scored count, by criterion key, the ratings scoring
	// it 4 or 5, and all ratings scoring it.
	Satisfied map[string]int
	Scored    map[string]int
}

// Handled is one answered submission's handling time.
type Handled struct {
	Kind     Kind
	Code     string
	Received time.Time
	Answered time.Time
}

// WeekCount is feedback on one topic in one commune in one week.
type WeekCount struct {
	Week    string // Monday of the ISO week, "2006-01-02", Vietnam time
	Topic   string
	Commune string
	Count   int
}
