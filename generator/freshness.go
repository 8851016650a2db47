package generator

import (
	"fmt"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/minhbach/minhbach/model"
)

// ContentConfig is the [content] table of site.toml: how content is
// checked, beyond what its front matter must say.
type ContentConfig struct {
	// ReviewMonths is how long a page may go without a review (its
	// front matter reviewed) before check warns; 12 when not set.
	ReviewMonths int `toml:"review_months"`
}

// defaultReviewMonths is a year: laws and procedures change at least
// that often, and a page nobody looked at for longer misleads.
const defaultReviewMonths = 12

// validate refuses a review period that is written but cannot be one.
func (c ContentConfig) validate(md toml.MetaData) error {
	if md.IsDefined("content", "review_months") && c.ReviewMonths <= 0 {
		return fmt.Errorf("site.toml: khóa \"content.review_months\" / key \"content.review_months\": cần một số tháng lớn hơn 0, ví dụ 12 / want a number of months above 0, e.g. 12 (got %d)", c.ReviewMonths)
	}
	return nil
}

// checkFreshness warns about pages that may have gone out of date: one
// whose review (front matter reviewed) is older than [content]
// review_months, and one citing a document that changed after the page
// was reviewed (it took effect, was amended or replaced, or expired). A
// page with no review date is not checked: nothing says when it was
// right. Warnings only: the page may still be right, but staff must look.
func checkFreshness(s *Site) Problems {
	var probs Problems
	months := s.Config.Content.ReviewMonths
	if months <= 0 {
		months = defaultReviewMonths
	}
	for _, p := range s.Pages {
		if p.Reviewed.IsZero() || p.Source == "" {
			continue
		}
		reviewed := truncateUTC(p.Reviewed)
		if s.Now.After(reviewed.AddDate(0, months, 0)) {
			probs = append(probs, Problem{File: contentPath(p), Line: lineOf(p, "reviewed"), Key: "reviewed", Warning: true,
				VI: fmt.Sprintf("trang được rà soát lần cuối ngày %s, đã quá %d tháng (tính đến %s); cần đối chiếu lại với nguồn chính thức", DateShort(reviewed), months, DateShort(s.Now)),
				EN: fmt.Sprintf("the page was last reviewed on %s, more than %d months ago (as of %s); check it against its sources again", reviewed.Format("2006-01-02"), months, s.Now.Format("2006-01-02"))})
		}
		if p.Document != nil {
			if c, ok := lastChange(p, reviewed, s.Now); ok {
				probs = append(probs, Problem{File: contentPath(p), Line: lineOf(p, "reviewed"), Key: "reviewed", Warning: true,
					VI: fmt.Sprintf("văn bản này %s ngày %s, sau ngày rà soát %s; cần rà soát lại trang", c.vi, DateShort(c.day), DateShort(reviewed)),
					EN: fmt.Sprintf("this document %s on %s, after the review of %s; review the page again", c.en, c.day.Format("2006-01-02"), reviewed.Format("2006-01-02"))})
			}
		}
		for _, cited := range citedRefs(p) {
			seen := map[*model.Page]bool{}
			for _, r := range cited.refs {
				if r.Page == nil || r.Page.Document == nil || r.Page == p || seen[r.Page] {
					continue
				}
				seen[r.Page] = true
				c, ok := lastChange(r.Page, reviewed, s.Now)
				if !ok {
					continue
				}
				n := r.Page.Document.Number
				probs = append(probs, Problem{File: contentPath(p), Line: r.Line, Key: cited.key, Warning: true,
					VI: fmt.Sprintf("văn bản %s mà trang dẫn %s ngày %s, sau ngày rà soát %s; cần rà soát lại trang", n, c.vi, DateShort(c.day), DateShort(reviewed)),
					EN: fmt.Sprintf("document %s, which the page cites, %s on %s, after the review of %s; review the page again", n, c.en, c.day.Format("2006-01-02"), reviewed.Format("2006-01-02"))})
			}
		}
	}
	return probs
}

// keyedRefs are the refs of one front matter key.
type keyedRefs struct {
	key  string
	refs []model.Ref
}

// citedRefs are the documents a page rests on, whose changes can make it
// wrong: a procedure's or a notice's legal basis; a document's basis and
// the documents it amends or replaces. Mentions are left out: a plan that
// explained a law in 2021 is not wrong because the law changed since.
func citedRefs(p *model.Page) []keyedRefs {
	switch {
	case p.Procedure != nil:
		return []keyedRefs{{"basis", p.Procedure.Basis}}
	case p.Disclosure != nil:
		return []keyedRefs{{"basis", p.Disclosure.Basis}}
	case p.Document != nil:
		d := p.Document
		return []keyedRefs{{"basis", d.Basis}, {"amends", d.Amends}, {"replaces", d.Replaces}}
	}
	return nil
}

// change is one day a document's standing changed, worded for a warning.
type change struct {
	day    time.Time
	vi, en string
}

// lastChange is the latest change of document page p on a day after
// since and no later than now: it took effect or expired, or a document
// amending or replacing it was issued or took effect. False when there
// is none in that span.
func lastChange(p *model.Page, since, now time.Time) (change, bool) {
	d := p.Document
	var events []change
	add := func(day time.Time, vi, en string) {
		if !day.IsZero() {
			events = append(events, change{truncateUTC(day), vi, en})
		}
	}
	add(d.Effective, "bắt đầu có hiệu lực", "took effect")
	add(d.ExpiryDate(), "hết hiệu lực", "ceased to have effect")
	other := func(q *model.Page, viRel, enRel string) {
		if q == nil || q.Document == nil {
			return
		}
		n := q.Document.Number
		add(q.Document.Issued, fmt.Sprintf("%s bởi %s (ngày ban hành)", viRel, n), fmt.Sprintf("was %s by %s (issued)", enRel, n))
		add(q.Document.Effective, fmt.Sprintf("%s bởi %s (ngày có hiệu lực)", viRel, n), fmt.Sprintf("was %s by %s (in force)", enRel, n))
	}
	for _, q := range d.AmendedBy {
		other(q, "được sửa đổi, bổ sung", "amended")
	}
	for _, r := range d.ReplacedBy {
		other(r.Page, "bị thay thế", "replaced")
	}
	var last change
	found := false
	for _, e := range events {
		if !e.day.After(since) || e.day.After(now) {
			continue
		}
		if !found || e.day.After(last.day) {
			last, found = e, true
		}
	}
	return last, found
}

// truncateUTC is the day of t, at midnight UTC, as dates are compared.
func truncateUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
