package model

import (
	"slices"
	"time"
)

// Change is the day a page's date-dependent state begins: from From on
// (a whole day, zero for "since always") the state is Key, worded Label.
// Key is plain ASCII, for the theme's badge classes.
type Change struct {
	From  time.Time
	Key   string
	Label string
}

// Timeline is a state's course over the days, oldest first. A built page
// carries it so that the browser can show the state on the day the page
// is read, not the day it was built: a comment period closes, a law
// takes effect, whether or not anyone rebuilt the site.
type Timeline []Change

// At is the state on the day now: the last change that began on or
// before it. The zero Change when the timeline is empty.
func (t Timeline) At(now time.Time) Change {
	day := truncateDay(now)
	var at Change
	for _, c := range t {
		if c.From.IsZero() || !day.Before(c.From) {
			at = c
		}
	}
	return at
}

// Timeline is the document's legal status over the days: not yet in
// force before its start, in force (or partly expired) from it, expired
// from its expiry date. It is read off StatusAt on the days a status can
// change, so that the two never disagree.
func (d *Document) Timeline() Timeline {
	start := d.Effective
	if start.IsZero() {
		start = d.Issued
	}
	return timelineOf(func(day time.Time) Change {
		s := d.StatusAt(day)
		return Change{Key: s.Key(), Label: string(s)}
	}, start, d.ExpiryDate())
}

// The states of a disclosure's comment period, as the theme words them.
const (
	DisclosureUpcoming = "Sắp niêm yết"
	DisclosureOpen     = "Đang lấy ý kiến"
	DisclosureClosed   = "Đã hết thời hạn"
)

// StateAt is the comment period's state on the day now: upcoming before
// the posting day, open through the last day, closed after.
func (d *Disclosure) StateAt(now time.Time) Change {
	switch {
	case d.OpenAt(now):
		return Change{Key: "open", Label: DisclosureOpen}
	case !d.Posted.IsZero() && truncateDay(now).Before(truncateDay(d.Posted)):
		return Change{Key: "upcoming", Label: DisclosureUpcoming}
	}
	return Change{Key: "closed", Label: DisclosureClosed}
}

// Timeline is the comment period's state over the days (see StateAt).
func (d *Disclosure) Timeline() Timeline {
	var closes time.Time
	if !d.Until.IsZero() {
		closes = truncateDay(d.Until).AddDate(0, 0, 1)
	}
	return timelineOf(d.StateAt, d.Posted, closes)
}

// timelineOf reads state on the days it can change (any of days that is
// not zero) and before them all, keeping each day the state differs
// from the day before's.
func timelineOf(state func(time.Time) Change, days ...time.Time) Timeline {
	var bounds []time.Time
	for _, d := range days {
		if !d.IsZero() {
			bounds = append(bounds, truncateDay(d))
		}
	}
	slices.SortFunc(bounds, time.Time.Compare)
	earliest := time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)
	if len(bounds) > 0 {
		earliest = bounds[0].AddDate(0, 0, -1)
	}
	first := state(earliest)
	first.From = time.Time{}
	t := Timeline{first}
	for _, b := range bounds {
		c := state(b)
		if last := t[len(t)-1]; c.Key != last.Key || c.Label != last.Label {
			c.From = b
			t = append(t, c)
		}
	}
	return t
}
