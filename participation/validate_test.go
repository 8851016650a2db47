package participation

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// testCatalog is a small portal: a disclosure open from 1 to 15
// December 2026, one that closed in November, a procedure, a document
// and the feedback page.
func testCatalog() *Catalog {
	c := &Catalog{
		Communes: []string{"Phường Cẩm Thành", "Xã Tịnh Khê", "Đặc khu Lý Sơn"},
		List: []Target{
			{Path: "/cong-khai/mo/", Type: "disclosure", Title: "Phương án đang lấy ý kiến", Posted: "2026-12-01", Until: "2026-12-15"},
			{Path: "/cong-khai/dong/", Type: "disclosure", Title: "Phương án đã hết hạn", Posted: "2026-11-01", Until: "2026-11-15"},
			{Path: "/thu-tuc/cap-lai/", Type: "procedure", Title: "Cấp lại Giấy chứng nhận"},
			{Path: "/van-ban/luat/", Type: "document", Title: "Luật Đất đai"},
			{Path: FeedbackPath, Type: "page", Title: "Phản ánh, kiến nghị"},
			{Path: "/tin-tuc/a/", Type: "news", Title: "Tin"},
		},
	}
	c.Targets = map[string]Target{}
	for _, t := range c.List {
		c.Targets[t.Path] = t
	}
	return c
}

func allScores(v int) map[string]int {
	m := map[string]int{}
	for _, c := range Criteria {
		m[c.Key] = v
	}
	return m
}

func TestAccept(t *testing.T) {
	// 16:30 UTC on 15 December is 23:30 in Vietnam: still the last day.
	lastEvening := time.Date(2026, 12, 15, 16, 30, 0, 0, time.UTC)
	// 17:30 UTC is 00:30 on the 16th there: closed.
	pastMidnight := time.Date(2026, 12, 15, 17, 30, 0, 0, time.UTC)
	comment := Input{Kind: "comment", Target: "/cong-khai/mo/", Text: "Đề nghị xem lại đơn giá bồi thường.", Consent: true}
	with := func(in Input, f func(*Input)) Input { f(&in); return in }
	cases := []struct {
		name   string
		in     Input
		now    time.Time
		field  string // "" = accepted
		closed bool
	}{
		{"comment in period", comment, lastEvening, "", false},
		{"comment after period, Vietnam time", comment, pastMidnight, "target", true},
		{"comment on a closed disclosure", with(comment, func(i *Input) { i.Target = "/cong-khai/dong/" }), lastEvening, "target", true},
		{"comment on a procedure", with(comment, func(i *Input) { i.Target = "/thu-tuc/cap-lai/" }), lastEvening, "target", true},
		{"unknown page", with(comment, func(i *Input) { i.Target = "/khong-co/" }), lastEvening, "target", false},
		{"news takes nothing", with(comment, func(i *Input) { i.Kind = "feedback"; i.Topic = "khac"; i.Target = "/tin-tuc/a/" }), lastEvening, "target", true},
		{"unknown kind", with(comment, func(i *Input) { i.Kind = "complaint" }), lastEvening, "kind", false},
		{"no consent", with(comment, func(i *Input) { i.Consent = false }), lastEvening, "consent", false},
		{"empty text", with(comment, func(i *Input) { i.Text = "  ?  " }), lastEvening, "text", false},
		{"text too long", with(comment, func(i *Input) { i.Text = strings.Repeat("đ", MaxText+1) }), lastEvening, "text", false},
		{"text at the limit in NFD", with(comment, func(i *Input) { i.Text = strings.Repeat("e\u0301", MaxText) }), lastEvening, "", false},
		{"broken UTF-8", with(comment, func(i *Input) { i.Name = "Nguy\xffn" }), lastEvening, "name", false},
		{"NUL", with(comment, func(i *Input) { i.Text = "Ý kiến\x00 của tôi" }), lastEvening, "text", false},
		{"comment with scores", with(comment, func(i *Input) { i.Scores = allScores(3) }), lastEvening, "scores", false},
		{"comment with address", with(comment, func(i *Input) { i.Address = "Tổ 3" }), lastEvening, "address", false},
		{"feedback on the feedback page", Input{Kind: "feedback", Target: FeedbackPath, Topic: "khai-thac-trai-phep", Text: "Có người hút cát ban đêm ở bãi sông.", Commune: "Xã Tịnh Khê", Address: "Bãi sông thôn 2", Consent: true}, lastEvening, "", false},
		{"feedback without topic", Input{Kind: "feedback", Target: FeedbackPath, Text: "Có người hút cát ban đêm.", Consent: true}, lastEvening, "topic", false},
		{"feedback, unknown commune", Input{Kind: "feedback", Target: FeedbackPath, Topic: "o-nhiem", Text: "Khói bụi từ nhà máy.", Commune: "Huyện Bình Sơn", Consent: true}, lastEvening, "commune", false},
		{"feedback on a document", Input{Kind: "feedback", Target: "/van-ban/luat/", Topic: "van-ban", Text: "Điều 10 khó hiểu.", Consent: true}, lastEvening, "", false},
		{"too many photos", Input{Kind: "feedback", Target: FeedbackPath, Topic: "o-nhiem", Text: "Khói bụi từ nhà máy.", Consent: true, Photos: make([][]byte, 4)}, lastEvening, "photos", false},
		{"not a photo", Input{Kind: "feedback", Target: FeedbackPath, Topic: "o-nhiem", Text: "Khói bụi từ nhà máy.", Consent: true, Photos: [][]byte{[]byte("<html>")}}, lastEvening, "photos[0]", false},
		{"rating", Input{Kind: "rating", Target: "/thu-tuc/cap-lai/", Scores: allScores(4), Consent: true}, lastEvening, "", false},
		{"rating missing a criterion", Input{Kind: "rating", Target: "/thu-tuc/cap-lai/", Scores: map[string]int{"access": 5}, Consent: true}, lastEvening, "scores.procedure", false},
		{"rating out of range", Input{Kind: "rating", Target: "/thu-tuc/cap-lai/", Scores: allScores(6), Consent: true}, lastEvening, "scores.access", false},
		{"rating, unknown criterion", Input{Kind: "rating", Target: "/thu-tuc/cap-lai/", Scores: map[string]int{"speed": 5}, Consent: true}, lastEvening, "scores", false},
		{"rating a document", Input{Kind: "rating", Target: "/van-ban/luat/", Scores: allScores(4), Consent: true}, lastEvening, "target", true},
	}
	cat := testCatalog()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Accept(c.in, cat, c.now)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if s.Status != StatusReceived || !s.Received.Equal(c.now) || s.Received.Location() != time.UTC {
					t.Errorf("status %q received %v", s.Status, s.Received)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v (%T), want an *Error on %s", err, err, c.field)
			}
			if e.Field != c.field || e.Closed != c.closed {
				t.Errorf("error on %q (closed %v), want %q (closed %v): %v", e.Field, e.Closed, c.field, c.closed, e)
			}
			if e.VI == "" || e.EN == "" {
				t.Errorf("message not in both languages: %+v", e)
			}
		})
	}
}

// TestAcceptKeepsTextAsTyped: the text is stored as typed, in NFC, with
// markup untouched (pages escape it on output, never the store).
func TestAcceptKeepsTextAsTyped(t *testing.T) {
	in := Input{Kind: "comment", Target: "/cong-khai/mo/", Text: "Ho\u0300a <b>đề nghị</b> & \"xem lại\"", Consent: true}
	s, err := Accept(in, testCatalog(), time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hòa <b>đề nghị</b> & \"xem lại\""; s.Text != want {
		t.Errorf("text %q, want %q", s.Text, want)
	}
}

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(5, 600)
	for i := range 5 {
		if ok, _ := l.Allow("203.0.113.7", t0); !ok {
			t.Fatalf("submission %d of a burst of 5 refused", i+1)
		}
	}
	ok, retry := l.Allow("203.0.113.7", t0)
	if ok || retry <= 0 || retry > 12*time.Second {
		t.Fatalf("6th in a minute: ok %v, retry %v; want refused, retry within 12 s", ok, retry)
	}
	if ok, _ := l.Allow("198.51.100.2", t0); !ok {
		t.Error("another address is held back by the first")
	}
	if ok, _ := l.Allow("203.0.113.7", t0.Add(retry)); !ok {
		t.Errorf("refused again after waiting the Retry-After %v", retry)
	}

	// The global bucket holds a crowd of addresses back.
	g := NewLimiter(5, 60) // one a second, bursts of 10
	got := 0
	for i := range 50 {
		if ok, _ := g.Allow("10.0.0."+string(rune('a'+i)), t0); ok {
			got++
		}
	}
	if got != 10 {
		t.Errorf("%d of 50 addresses got through a global limit of 60 a minute at once, want its burst of 10", got)
	}
}
