package model

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestTimelineAgreesWithTheBuildDay checks, day by day over two years,
// that the state a page carries for the browser is the state the build
// computes for that day: the browser then never shows something the
// site would not.
func TestTimelineAgreesWithTheBuildDay(t *testing.T) {
	replacing := &Page{Document: &Document{Effective: day("2026-03-01")}}
	docs := map[string]*Document{
		"no dates":            {},
		"issued only":         {Issued: day("2025-06-10")},
		"effective":           {Issued: day("2025-06-10"), Effective: day("2025-08-01")},
		"expires":             {Effective: day("2025-08-01"), Expired: day("2026-01-01")},
		"replaced":            {Effective: day("2025-08-01"), ReplacedBy: []Ref{{Page: replacing}}},
		"partly, expires":     {Effective: day("2025-08-01"), PartlyExpired: true, Expired: day("2026-07-01")},
		"expiry before start": {Effective: day("2026-01-01"), Expired: day("2025-09-01")},
	}
	disclosures := map[string]*Disclosure{
		"no dates":     {},
		"posted":       {Posted: day("2025-09-01")},
		"until":        {Until: day("2025-10-15")},
		"both":         {Posted: day("2025-09-01"), Until: day("2025-10-15")},
		"one day":      {Posted: day("2025-09-01"), Until: day("2025-09-01")},
		"ends earlier": {Posted: day("2025-09-10"), Until: day("2025-09-01")},
	}
	for d := day("2025-01-01"); d.Before(day("2027-01-01")); d = d.AddDate(0, 0, 1) {
		for name, doc := range docs {
			if got, want := doc.Timeline().At(d).Label, string(doc.StatusAt(d)); got != want {
				t.Errorf("document %q on %s: timeline says %q, the build %q", name, d.Format("2006-01-02"), got, want)
			}
		}
		for name, dis := range disclosures {
			got := dis.Timeline().At(d).Key
			open := dis.OpenAt(d)
			if (got == "open") != open {
				t.Errorf("disclosure %q on %s: timeline says %q, OpenAt %v", name, d.Format("2006-01-02"), got, open)
			}
		}
	}
}

// TestTimelineChanges checks the days a change begins, which the page
// writes for the browser.
func TestTimelineChanges(t *testing.T) {
	tl := (&Disclosure{Posted: day("2025-09-01"), Until: day("2025-10-15")}).Timeline()
	want := []string{"0001-01-01 upcoming", "2025-09-01 open", "2025-10-16 closed"}
	if len(tl) != len(want) {
		t.Fatalf("got %d changes, want %d: %v", len(tl), len(want), tl)
	}
	for i, c := range tl {
		if got := c.From.Format("2006-01-02") + " " + c.Key; got != want[i] {
			t.Errorf("change %d: got %s, want %s", i, got, want[i])
		}
	}
	if n := len((&Document{}).Timeline()); n != 1 {
		t.Errorf("a document without dates has %d states, want 1", n)
	}
}
