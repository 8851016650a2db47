package participation

import (
	"cmp"
	"context"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// UsefulPath is where the form "Trang này có hữu ích không?" at the foot
// of every page posts, with or without JavaScript. A GET there is the
// thank-you page a form sent without JavaScript is sent on to.
const UsefulPath = "/api/useful"

// Limits on one vote.
const (
	// MaxVoteText is the longest text a vote may carry, in characters: a
	// few words on what is missing, not a petition (that is feedback).
	MaxVoteText = 500
	// MaxPagePath bounds the path of the page voted on, in bytes: the
	// generator's paths are far shorter, and a bound keeps junk out of
	// the table.
	MaxPagePath = 300
)

// Vote is one reader's answer to "Trang này có hữu ích không?" about one
// page of the site. It carries nothing about who sent it: no network
// address, no name, no code to come back with. Text, which the reader
// may leave, is treated as personal data all the same (someone may write
// a name or a phone number into it): it is shown to staff only, never
// published nor logged, and blanked after the retention period
// (Votes.EraseVoteTexts).
type Vote struct {
	Page     string // the page's path, as the site links it: "/thu-tuc/x/"
	Useful   bool
	Text     string
	Received time.Time
}

// VoteInput is a vote as a reader sends it, before any check.
type VoteInput struct {
	Page string
	// Useful is "yes" or "no", the value of the button pressed.
	Useful string
	Text   string
}

// AcceptVote checks in on the instant now and returns the vote to store,
// its text in NFC. isPage tells whether a well-formed path is a page of
// the built site (the server looks in the site's folder), so that votes
// are about pages that exist and not about any string a client makes up;
// nil takes any well-formed path. Every problem is an *Error naming the field.
func AcceptVote(in VoteInput, isPage func(string) bool, now time.Time) (*Vote, error) {
	if !PagePathOK(in.Page) || isPage != nil && !isPage(in.Page) {
		return nil, fieldErr("page", "không phải địa chỉ một trang của cổng", "not the address of a page of this site")
	}
	v := &Vote{Page: in.Page, Received: now.UTC()}
	switch in.Useful {
	case "yes":
		v.Useful = true
	case "no":
	default:
		return nil, fieldErr("useful", "hãy chọn Có hoặc Không", "choose yes or no")
	}
	text, err := cleanField("text", in.Text, MaxVoteText)
	if err != nil {
		return nil, err
	}
	v.Text = text
	return v, nil
}

// PagePathOK reports whether p has the shape of a path of the built site:
// absolute, clean (no "..", no doubled or dotted segments, so that it
// names one file and one file only), no query, fragment, backslash or
// control character, valid UTF-8, at most MaxPagePath bytes. Whether
// such a page exists is the caller's to tell.
func PagePathOK(p string) bool {
	if len(p) > MaxPagePath || !utf8.ValidString(p) || !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?#\\") ||
		strings.ContainsFunc(p, unicode.IsControl) {
		return false
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return false // the build's private folder, or a file a copy left behind
		}
	}
	return true
}

// Votes keeps the votes: a part of every Store, in the same database.
type Votes interface {
	// AddVote stores v. Like Add, it returns only once the vote is
	// committed to disk: a reader told "thank you" was heard.
	AddVote(ctx context.Context, v *Vote) error
	// VoteTally counts the votes received since since (zero: all) per
	// page, in page order, each with up to texts of its latest texts,
	// newest first; counts and texts come from one snapshot.
	VoteTally(ctx context.Context, since time.Time, texts int) ([]PageVotes, error)
	// EraseVoteTexts blanks the text of every vote received before
	// cutoff that still has one, and returns how many: the retention
	// period (EraseOnSchedule). The vote itself stays counted.
	EraseVoteTexts(ctx context.Context, cutoff time.Time) (int, error)
}

// PageVotes is the tally of one page.
type PageVotes struct {
	Page    string
	Yes, No int
	Last    time.Time // the latest vote
	// Texts are the latest texts left, newest first.
	Texts []VoteText
}

// VoteText is the text one vote left, with its answer.
type VoteText struct {
	Useful   bool
	Text     string
	Received time.Time
}

// Share is the part of the votes that said "useful", 0 to 1; 0 when
// there are none.
func (p PageVotes) Share() float64 {
	if p.Yes+p.No == 0 {
		return 0
	}
	return float64(p.Yes) / float64(p.Yes+p.No)
}

// VoteOrder is how the staff's list of pages is sorted.
type VoteOrder string

// The orders of SortPageVotes. Staff start from the pages most readers
// found not useful: those are the ones to rewrite.
const (
	ByNo    VoteOrder = "no"    // most "no" first
	ByShare VoteOrder = "share" // least useful share first
	ByTotal VoteOrder = "total" // most votes first
	ByPage  VoteOrder = "page"  // by path
)

// SortPageVotes sorts rows in the order by (ByNo when unknown), ties by
// path, so the list reads the same on every load.
func SortPageVotes(rows []PageVotes, by VoteOrder) {
	slices.SortStableFunc(rows, func(a, b PageVotes) int {
		var c int
		switch by {
		case ByShare:
			c = cmp.Or(cmp.Compare(a.Share(), b.Share()), cmp.Compare(b.No, a.No))
		case ByTotal:
			c = cmp.Compare(b.Yes+b.No, a.Yes+a.No)
		case ByPage:
		default:
			c = cmp.Or(cmp.Compare(b.No, a.No), cmp.Compare(a.Share(), b.Share()))
		}
		return cmp.Or(c, strings.Compare(a.Page, b.Page))
	})
}
