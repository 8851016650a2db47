package participation

import (
	"sort"
	"time"
)

// The hot spot rule: a topic in a commune is flagged when its feedback
// in the last 7 days reaches HotMin and HotFactor times its weekly mean
// over the HotWeeks weeks before, so a commune that always reports much
// is not flagged and one report is never a hot spot.
const (
	HotMin    = 5
	HotFactor = 3.0
	HotWeeks  = 12
)

// HotSpot is one flagged topic and commune.
type HotSpot struct {
	Topic, Commune string
	Recent         int     // feedback in the last 7 days
	Baseline       float64 // weekly mean over the HotWeeks before
}

// HotSpotWindows gives the two windows the rule compares, at now: the
// last 7 days, and the HotWeeks weeks before them.
func HotSpotWindows(now time.Time) (recentFrom, baseFrom time.Time) {
	recentFrom = now.Add(-7 * 24 * time.Hour)
	return recentFrom, recentFrom.Add(-HotWeeks * 7 * 24 * time.Hour)
}

// FindHotSpots applies the rule to the counts of the two windows, most
// reports first.
func FindHotSpots(recent, base []WeekCount) []HotSpot {
	type cell struct{ topic, commune string }
	now, before := map[cell]int{}, map[cell]int{}
	for _, c := range recent {
		now[cell{c.Topic, c.Commune}] += c.Count
	}
	for _, c := range base {
		before[cell{c.Topic, c.Commune}] += c.Count
	}
	var out []HotSpot
	for c, n := range now {
		mean := float64(before[c]) / HotWeeks
		if n >= HotMin && float64(n) >= HotFactor*mean {
			out = append(out, HotSpot{Topic: c.topic, Commune: c.commune, Recent: n, Baseline: mean})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Recent != out[j].Recent {
			return out[i].Recent > out[j].Recent
		}
		return out[i].Topic+out[i].Commune < out[j].Topic+out[j].Commune
	})
	return out
}
