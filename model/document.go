package model

import "time"

// Document is a legal or directive document (văn bản): a law, decree,
// circular, decision, directive or plan.
type Document struct {
	Number        string // số ký hiệu, unique on the site: "45/2013/QH13"
	Kind          string // "Luật", "Nghị định", ...
	Issuers       []string
	Signer        string
	Issued        time.Time
	Effective     time.Time
	Expired       time.Time // zero when not fully expired
	PartlyExpired bool

	Replaces   []Ref
	ReplacedBy []Ref
	Amends     []Ref
	Basis      []Ref
	// Mentions are documents the text speaks of without resting on them:
	// the laws a plan sets out to explain, say. Unlike Basis they do not
	// make this document one that implements them.
	Mentions []Ref

	// Computed by the build from the relations of every page.
	Status        Status
	AmendedBy     []*Page // documents whose Amends cites this one
	ImplementedBy []*Page // documents whose Basis cites this one
	CitedBy       []*Page // procedures and disclosures whose Basis cites this one
	MentionedBy   []*Page // documents whose Mentions cites this one
}

// Ref points at a document: one on the site (Page set once resolved) or
// one elsewhere, described inline.
type Ref struct {
	// Raw is the ref as written: a number, a content path, or empty for
	// an inline table.
	Raw    string
	Number string
	Title  string
	URL    string
	// Line is the front matter line of the ref, for errors.
	Line int
	// Page is the document on the site the ref resolved to; nil for an
	// inline ref to a document not on the site.
	Page *Page
}

// Label is how a ref reads in a list: its title, number or raw text.
func (r Ref) Label() string {
	switch {
	case r.Page != nil:
		return r.Page.Title
	case r.Title != "":
		return r.Title
	case r.Number != "":
		return r.Number
	}
	return r.Raw
}

// Href is the ref's link, "" when it has none.
func (r Ref) Href() string {
	if r.Page != nil {
		return r.Page.URL
	}
	return r.URL
}

// Status is a document's legal status (tình trạng hiệu lực).
type Status string

// The legal statuses, worded as Vietnamese official databases word them.
const (
	StatusNotYet        Status = "chưa có hiệu lực"
	StatusInForce       Status = "còn hiệu lực"
	StatusPartlyExpired Status = "hết hiệu lực một phần"
	StatusExpired       Status = "hết hiệu lực toàn bộ"
)

// InForce reports whether the document has legal force (in whole or in part).
func (s Status) InForce() bool { return s == StatusInForce || s == StatusPartlyExpired }

// Key is the status as a plain ASCII word ("in-force", "expired", ...),
// for what must not depend on the Vietnamese wording: the theme's badge
// classes on the site and in search results. "" for any other value.
func (s Status) Key() string {
	switch s {
	case StatusInForce:
		return "in-force"
	case StatusPartlyExpired:
		return "partly-expired"
	case StatusExpired:
		return "expired"
	case StatusNotYet:
		return "not-yet"
	}
	return ""
}

// StatusAt computes the document's status on the day now. A document is
// fully expired from its expiry date, or from the day a replacing document
// takes effect; it has no force before its effective date (or issue date,
// when no effective date is given). Dates are whole days: a law effective
// on 1 July is in force on 1 July.
func (d *Document) StatusAt(now time.Time) Status {
	day := truncateDay(now)
	start := d.Effective
	if start.IsZero() {
		start = d.Issued
	}
	if !start.IsZero() && day.Before(truncateDay(start)) {
		return StatusNotYet
	}
	if end := d.ExpiryDate(); !end.IsZero() && !day.Before(truncateDay(end)) {
		return StatusExpired
	}
	if d.PartlyExpired {
		return StatusPartlyExpired
	}
	return StatusInForce
}

// ExpiryDate is the day the document stops having force: its own expired
// date, or else the earliest day a document on the site that replaces it
// takes effect (its effective date, or its issue date when it has none).
// Zero when neither is known.
func (d *Document) ExpiryDate() time.Time {
	if !d.Expired.IsZero() {
		return d.Expired
	}
	var end time.Time
	for _, r := range d.ReplacedBy {
		if r.Page == nil || r.Page.Document == nil {
			continue
		}
		eff := r.Page.Document.Effective
		if eff.IsZero() {
			eff = r.Page.Document.Issued
		}
		if !eff.IsZero() && (end.IsZero() || eff.Before(end)) {
			end = eff
		}
	}
	return end
}

func truncateDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
