package participation

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/minhbach/minhbach/model"
)

// CatalogFile is where the build writes the Catalog, in the built site's
// private folder (layouts.PrivateDir): the server reads it to know what
// may be commented on without the source.
const CatalogFile = "participation.json"

// Vietnam keeps UTC+7 all year, so "today" for a comment period is the
// date there, whatever the server's own zone.
var vietnam = model.Vietnam

// Today gives the date in Vietnam at the instant now.
func Today(now time.Time) time.Time { return now.In(vietnam) }

// Catalog is what citizens may write about, as of a build: the pages
// that take submissions and the communes they may name.
type Catalog struct {
	// Targets are the site's pages that take submissions, by path.
	Targets map[string]Target `json:"-"`
	// Communes are the current communes and wards (no district level since
	// 1 July 2025), in the order forms list them.
	Communes []string `json:"communes"`
	// List is Targets in page order, as written to CatalogFile.
	List []Target `json:"targets"`
}

// Target is one page that takes submissions.
type Target struct {
	Path  string `json:"path"`
	Type  string `json:"type"` // model.TypeDisclosure, TypeProcedure, TypeDocument, or "page"
	Title string `json:"title"`
	// Posted and Until bound a disclosure's comment period ("2006-01-02",
	// inclusive); empty for other pages.
	Posted string `json:"posted,omitempty"`
	Until  string `json:"until,omitempty"`
}

// FeedbackPath is the page for feedback on any land or environment
// matter, not tied to one procedure or document.
const FeedbackPath = "/phan-anh-kien-nghi/"

// ReadCatalog reads a catalog as the build wrote it.
func ReadCatalog(r io.Reader) (*Catalog, error) {
	var c Catalog
	if err := json.NewDecoder(r).Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", CatalogFile, err)
	}
	c.Targets = make(map[string]Target, len(c.List))
	for _, t := range c.List {
		c.Targets[t.Path] = t
	}
	return &c, nil
}

// Kinds gives the kinds a target takes, on the day now: comments only on
// a disclosure whose period is open, ratings on procedures, feedback on
// procedures, documents and the feedback page.
func (t Target) Kinds(now time.Time) []Kind {
	switch t.Type {
	case model.TypeDisclosure:
		if t.OpenAt(now) {
			return []Kind{KindComment}
		}
	case model.TypeProcedure:
		return []Kind{KindFeedback, KindRating}
	case model.TypeDocument:
		return []Kind{KindFeedback}
	case "page":
		if t.Path == FeedbackPath {
			return []Kind{KindFeedback}
		}
	}
	return nil
}

// OpenAt reports whether a disclosure's comment period includes the day
// now is in Vietnam: from Posted through Until. A disclosure without an
// end date takes no comments: a period with no end is no period.
func (t Target) OpenAt(now time.Time) bool {
	posted, err1 := time.Parse(time.DateOnly, t.Posted)
	until, err2 := time.Parse(time.DateOnly, t.Until)
	if t.Type != model.TypeDisclosure || err2 != nil {
		return false
	}
	d := model.Disclosure{Until: until}
	if err1 == nil {
		d.Posted = posted
	}
	return d.OpenAt(Today(now))
}
