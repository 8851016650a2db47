package search

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/minhbach/minhbach/model"
)

// Misses counts the searches that found nothing, so staff see which
// words citizens use that the site lacks (a synonym for the dictionary,
// a page to write). It keeps the query text only, folded, and never who
// searched; text that looks like personal data (a phone or ID number, an
// e-mail address) is not kept at all. Counts gather in memory and go to
// a MissStore in batches, so searching never waits on a database.
type Misses struct {
	store MissStore
	now   func() time.Time

	mu     sync.Mutex
	counts map[missKey]int
}

// MissStore keeps the weekly counts (participation/sqlstore does).
type MissStore interface {
	// AddMisses adds counts of queries in weeks.
	AddMisses(ctx context.Context, counts []Miss) error
	// TopMisses gives the most frequent queries of the weeks from since
	// ("2006-01-02", a Monday) on, summed, most frequent first.
	TopMisses(ctx context.Context, since string, limit int) ([]Miss, error)
}

// Miss is a query that found nothing, and how often, in a week.
type Miss struct {
	Week  string // Monday of the ISO week, Vietnam time, "2006-01-02"
	Query string
	Count int
}

type missKey struct{ week, query string }

// NewMisses counts into store; now is the clock (time.Now when nil).
func NewMisses(store MissStore, now func() time.Time) *Misses {
	if now == nil {
		now = time.Now
	}
	return &Misses{store: store, now: now, counts: map[missKey]int{}}
}

// maxMissKeys bounds the counts held between two flushes: a flood of
// random queries costs memory up to here, then is dropped.
const maxMissKeys = 10000

// looksPersonal matches what must not be kept: runs of 7 digits or
// more (phones, ID and certificate numbers), e-mail addresses.
var looksPersonal = regexp.MustCompile(`\d[\d .-]{5,}\d|@`)

// Record counts one query that found nothing.
func (m *Misses) Record(query string) {
	q := strings.ToLower(cleanText(query))
	if q == "" || utf8.RuneCountInString(q) > MaxQueryLength || looksPersonal.MatchString(q) {
		return
	}
	k := missKey{Week(m.now()), q}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.counts[k]; !ok && len(m.counts) >= maxMissKeys {
		return
	}
	m.counts[k]++
}

// Flush sends the counts gathered so far to the store; on error they are
// kept for the next flush.
func (m *Misses) Flush(ctx context.Context) error {
	m.mu.Lock()
	batch := make([]Miss, 0, len(m.counts))
	for k, n := range m.counts {
		batch = append(batch, Miss{Week: k.week, Query: k.query, Count: n})
	}
	m.counts = map[missKey]int{}
	m.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	if err := m.store.AddMisses(ctx, batch); err != nil {
		m.mu.Lock()
		for _, b := range batch {
			m.counts[missKey{b.Week, b.Query}] += b.Count
		}
		m.mu.Unlock()
		return err
	}
	return nil
}

// Run flushes every interval until ctx is done, and once more at the end.
func (m *Misses) Run(ctx context.Context, every time.Duration, report func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := m.Flush(fctx); err != nil && report != nil {
				report(err)
			}
			cancel()
			return
		case <-t.C:
			if err := m.Flush(ctx); err != nil && report != nil {
				report(err)
			}
		}
	}
}

// Top gives the most frequent misses of the last weeks, including those
// not flushed yet.
func (m *Misses) Top(ctx context.Context, weeks, limit int) ([]Miss, error) {
	if err := m.Flush(ctx); err != nil {
		return nil, err
	}
	since := Week(m.now().AddDate(0, 0, -7*(weeks-1)))
	return m.store.TopMisses(ctx, since, limit)
}

// vietnam is the zone a week is counted in: a week in Vietnam.
var vietnam = model.Vietnam

// Week gives the Monday of t's ISO week in Vietnam, "2006-01-02".
func Week(t time.Time) string {
	t = t.In(vietnam)
	d := (int(t.Weekday()) + 6) % 7 // Monday 0
	m := time.Date(t.Year(), t.Month(), t.Day()-d, 0, 0, 0, 0, vietnam)
	return m.Format(time.DateOnly)
}
