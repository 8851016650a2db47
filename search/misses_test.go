package search

import (
	"testing"
	"time"
)

func TestWeek(t *testing.T) {
	for _, c := range []struct {
		at   string
		want string
	}{
		{"2026-12-06T16:59:59Z", "2026-11-30"}, // Sunday 23:59:59 in Vietnam
		{"2026-12-06T17:00:00Z", "2026-12-07"}, // Monday 00:00 there
		{"2026-12-04T03:00:00Z", "2026-11-30"},
		{"2027-01-01T02:00:00Z", "2026-12-28"}, // across the new year
	} {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := Week(at); got != c.want {
			t.Errorf("Week(%s) = %s, want %s", c.at, got, c.want)
		}
	}
}
