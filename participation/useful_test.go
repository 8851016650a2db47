package participation

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPagePathOK(t *testing.T) {
	for _, tc := range []struct {
		path string
		ok   bool
	}{
		{"/", true},
		{"/thu-tuc/dang-ky-bien-dong-dat-dai/", true},
		{"/404.html", true},
		{"/van-ban/trang/2/", true},
		{"/tin-tức/", true}, // a path the generator could write from a folder's name
		{"", false},
		{"thu-tuc/", false},
		{"//evil.example/", false},
		{"/thu-tuc//x/", false},
		{"/thu-tuc/../etc/", false},
		{"/./", false},
		{"/.minhbach/participation.json", false},
		{"/thu-tuc/x/?q=1", false},
		{"/thu-tuc/x/#top", false},
		{`/thu-tuc\x/`, false},
		{"/thu-tuc/\x00/", false},
		{"/thu-tuc/\n/", false},
		{"/\xff/", false},
		{"/" + strings.Repeat("a", MaxPagePath), false},
		{"/" + strings.Repeat("a", MaxPagePath-1), true},
	} {
		if got := PagePathOK(tc.path); got != tc.ok {
			t.Errorf("PagePathOK(%q) = %v, want %v", tc.path, got, tc.ok)
		}
	}
}

func TestAcceptVote(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	pages := []string{"/", "/thu-tuc/x/"}
	isPage := func(p string) bool { return slices.Contains(pages, p) }
	for _, tc := range []struct {
		name  string
		in    VoteInput
		want  *Vote
		field string // of the *Error, when refused
	}{
		{"yes", VoteInput{Page: "/", Useful: "yes"}, &Vote{Page: "/", Useful: true, Received: now.UTC()}, ""},
		{"no with words", VoteInput{Page: "/thu-tuc/x/", Useful: "no", Text: "  Thiếu le\u0323\u0302 phí  "},
			&Vote{Page: "/thu-tuc/x/", Text: "Thiếu lệ phí", Received: now.UTC()}, ""},
		{"longest text", VoteInput{Page: "/", Useful: "no", Text: strings.Repeat("ồ", MaxVoteText)},
			&Vote{Page: "/", Text: strings.Repeat("ồ", MaxVoteText), Received: now.UTC()}, ""},
		{"no such page", VoteInput{Page: "/khong-co/", Useful: "yes"}, nil, "page"},
		{"not a path", VoteInput{Page: "https://evil.example/", Useful: "yes"}, nil, "page"},
		{"no page", VoteInput{Useful: "yes"}, nil, "page"},
		{"no answer", VoteInput{Page: "/"}, nil, "useful"},
		{"other answer", VoteInput{Page: "/", Useful: "maybe"}, nil, "useful"},
		{"text too long", VoteInput{Page: "/", Useful: "no", Text: strings.Repeat("a", MaxVoteText+1)}, nil, "text"},
		{"text with NUL", VoteInput{Page: "/", Useful: "no", Text: "a\x00b"}, nil, "text"},
		{"text not UTF-8", VoteInput{Page: "/", Useful: "no", Text: "\xc3"}, nil, "text"},
	} {
		got, err := AcceptVote(tc.in, isPage, now)
		if tc.field != "" {
			var pe *Error
			if !errors.As(err, &pe) || pe.Field != tc.field || pe.VI == "" || pe.EN == "" {
				t.Errorf("%s: AcceptVote = %+v, %v; want an *Error on %q in both languages", tc.name, got, err, tc.field)
			}
			continue
		}
		if err != nil || *got != *tc.want {
			t.Errorf("%s: AcceptVote = %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
}

func TestSortPageVotes(t *testing.T) {
	rows := func() []PageVotes {
		return []PageVotes{
			{Page: "/a/", Yes: 9, No: 1}, // 90 %
			{Page: "/b/", Yes: 1, No: 3}, // 25 %
			{Page: "/c/", Yes: 0, No: 3}, // 0 %
			{Page: "/d/", Yes: 2, No: 0}, // 100 %
			{Page: "/e/", Yes: 1, No: 1}, // 50 %
		}
	}
	for _, tc := range []struct {
		by   VoteOrder
		want []string
	}{
		{ByNo, []string{"/c/", "/b/", "/e/", "/a/", "/d/"}},    // three "no" each: the less useful first
		{"", []string{"/c/", "/b/", "/e/", "/a/", "/d/"}},      // unknown: ByNo
		{ByShare, []string{"/c/", "/b/", "/e/", "/a/", "/d/"}}, // 0, 25, 50, 90, 100 %
		{ByTotal, []string{"/a/", "/b/", "/c/", "/d/", "/e/"}}, // 10, 4, 3, then two with 2 by path
		{ByPage, []string{"/a/", "/b/", "/c/", "/d/", "/e/"}},
	} {
		rs := rows()
		SortPageVotes(rs, tc.by)
		var got []string
		for _, r := range rs {
			got = append(got, r.Page)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("SortPageVotes(%q) = %v, want %v", tc.by, got, tc.want)
		}
	}
	if s := (PageVotes{Yes: 3, No: 1}).Share(); s != 0.75 {
		t.Errorf("Share of 3 yes, 1 no = %v", s)
	}
	if s := (PageVotes{}).Share(); s != 0 {
		t.Errorf("Share of none = %v", s)
	}
}
