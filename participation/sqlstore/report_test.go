package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
)

// TestReports runs the participation.Reports suite against each backend.
func TestReports(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, url string)
	}{
		{"Satisfaction", testSatisfaction},
		{"HandlingTimes", testHandlingTimes},
		{"FeedbackCounts", testFeedbackCounts},
		{"Comments", testComments},
		{"Empty", testReportsEmpty},
		{"Closed", testReportsClosed},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, be.url(t)) })
			}
		})
	}
}

// TestReportQuarters checks quarters of Vietnam's calendar at their
// edges: 17:00 UTC is midnight there.
func TestReportQuarters(t *testing.T) {
	for _, tc := range []struct {
		utc  string
		want string
	}{
		{"2026-09-30T16:59:59.999999Z", "2026-Q3"},
		{"2026-09-30T17:00:00Z", "2026-Q4"},
		{"2026-09-30T17:30:00Z", "2026-Q4"},
		{"2026-12-31T16:59:59Z", "2026-Q4"},
		{"2026-12-31T17:00:00Z", "2027-Q1"},
		{"2026-03-31T17:00:00Z", "2026-Q2"},
		{"2026-06-30T17:00:00Z", "2026-Q3"},
		{"2025-12-31T18:00:00Z", "2026-Q1"},
	} {
		at, err := time.Parse(time.RFC3339Nano, tc.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := quarterOf(at); got != tc.want {
			t.Errorf("quarterOf(%s) = %s, want %s", tc.utc, got, tc.want)
		}
	}
}

// TestReportWeeks checks the Monday of ISO weeks in Vietnam, across a
// Monday's midnight there and a year's end (ISO week 2026-W53 runs
// from Monday 28 December 2026 to Sunday 3 January 2027).
func TestReportWeeks(t *testing.T) {
	for _, tc := range []struct {
		utc  string
		want string
	}{
		{"2026-04-05T16:59:59.999999Z", "2026-03-30"}, // Sunday 23:59 in Vietnam
		{"2026-04-05T17:00:00Z", "2026-04-06"},        // Monday 00:00 in Vietnam
		{"2026-04-06T10:00:00Z", "2026-04-06"},        // Monday
		{"2026-04-12T16:00:00Z", "2026-04-06"},        // Sunday 23:00
		{"2026-12-31T17:00:00Z", "2026-12-28"},        // Friday 1 January 2027
		{"2027-01-03T16:59:00Z", "2026-12-28"},        // Sunday 3 January 2027
		{"2027-01-03T17:00:00Z", "2027-01-04"},        // Monday 4 January 2027
		{"2028-02-28T17:00:00Z", "2028-02-28"},        // Tuesday 29 February 2028
	} {
		at, err := time.Parse(time.RFC3339Nano, tc.utc)
		if err != nil {
			t.Fatal(err)
		}
		got := mondayOf(at)
		if got != tc.want {
			t.Errorf("mondayOf(%s) = %s, want %s", tc.utc, got, tc.want)
		}
		if m, _ := time.ParseInLocation(time.DateOnly, got, reportZone); m.Weekday() != time.Monday {
			t.Errorf("mondayOf(%s) = %s, a %s", tc.utc, got, m.Weekday())
		}
	}
}

// TestReportReasons checks that the reasons the reports treat apart are
// decline reasons, so that a renamed key fails here and not silently.
func TestReportReasons(t *testing.T) {
	for _, r := range append(append([]string{}, notHeard...), withheldText...) {
		if participation.DeclineLabel(r) == "" {
			t.Errorf("%q is not one of participation.DeclineReasons", r)
		}
	}
}

const (
	reportProcA = "/thu-tuc/cap-giay-phep-xay-dung/"
	reportProcB = "/thu-tuc/dang-ky-dat-dai/"
	reportActor = "lan@sotnmt.gov.vn"
)

// reportTime parses an RFC 3339 time.
func reportTime(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// reportChanger applies changes as the console does, failing the test on an
// error.
func reportChanger(t *testing.T, st *Store) func(s *participation.Submission, c participation.Change, now time.Time) *participation.Submission {
	return func(s *participation.Submission, c participation.Change, now time.Time) *participation.Submission {
		t.Helper()
		got, err := st.Change(context.Background(), s.Code, c, reportActor, now)
		if err != nil {
			t.Fatalf("Change(%s): %v", s.Code, err)
		}
		return got
	}
}

// criteriaCounts is a criterion map with every criterion, the given ones set.
func criteriaCounts(set map[string]int) map[string]int {
	m := map[string]int{}
	for _, c := range participation.Criteria {
		m[c.Key] = set[c.Key]
	}
	return m
}

func testSatisfaction(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	change := reportChanger(t, st)
	rating := func(target, received string, scores map[string]int) *participation.Submission {
		r := at(t, participation.KindRating, target, reportTime(t, received))
		r.Scores = scores
		return r
	}
	all5 := map[string]int{"access": 5, "procedure": 5, "staff": 5, "result": 5, "feedback": 5}
	var (
		// The last minutes of 30 September in Vietnam, then the first
		// of 1 October: Q3, then Q4.
		q3   = rating(reportProcA, "2026-09-30T16:59:00Z", all5)
		q4a  = rating(reportProcA, "2026-09-30T17:30:00Z", map[string]int{"access": 4, "procedure": 3})
		q4b  = rating(reportProcA, "2026-11-15T03:00:00Z", map[string]int{"access": 2, "procedure": 5, "staff": 5, "result": 1, "feedback": 4, "extra": 5})
		q4c  = rating(reportProcA, "2026-12-31T16:59:59Z", map[string]int{"access": 5}) // 23:59:59 on 31 December
		spam = rating(reportProcA, "2026-10-02T00:00:00Z", all5)
		dup  = rating(reportProcA, "2026-10-03T00:00:00Z", all5)
		q1   = rating(reportProcA, "2026-02-01T00:00:00Z", map[string]int{"result": 4})
		// New Year's midnight in Vietnam is 17:00 UTC on 31 December.
		b27 = rating(reportProcB, "2026-12-31T17:00:00Z", nil)
		fb  = at(t, participation.KindFeedback, reportProcA, reportTime(t, "2026-10-05T00:00:00Z")) // scores, but not a rating
	)
	// Added out of order: the rows are sorted.
	for _, s := range []*participation.Submission{b27, q4b, q3, spam, q4a, dup, q1, q4c, fb} {
		mustAdd(t, st, s, "")
	}
	now := reportTime(t, "2027-01-05T02:00:00Z")
	change(spam, participation.Change{Reason: ptr("spam")}, now)
	change(dup, participation.Change{MergedInto: &q4b.Code}, now)
	change(q4b, changeAnswer("Cảm ơn ông/bà đã đánh giá."), now) // answered still criteriaCounts
	change(q4c, participation.Change{Status: ptr(participation.StatusHandling)}, now)

	got, err := st.Satisfaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []participation.SatisfactionRow{
		{Target: reportProcA, Quarter: "2026-Q1", Ratings: 1,
			Scored:    criteriaCounts(map[string]int{"result": 1}),
			Satisfied: criteriaCounts(map[string]int{"result": 1})},
		{Target: reportProcA, Quarter: "2026-Q3", Ratings: 1,
			Scored:    criteriaCounts(map[string]int{"access": 1, "procedure": 1, "staff": 1, "result": 1, "feedback": 1}),
			Satisfied: criteriaCounts(map[string]int{"access": 1, "procedure": 1, "staff": 1, "result": 1, "feedback": 1})},
		{Target: reportProcA, Quarter: "2026-Q4", Ratings: 3,
			Scored:    criteriaCounts(map[string]int{"access": 3, "procedure": 2, "staff": 1, "result": 1, "feedback": 1}),
			Satisfied: criteriaCounts(map[string]int{"access": 2, "procedure": 1, "staff": 1, "result": 0, "feedback": 1})},
		{Target: reportProcB, Quarter: "2027-Q1", Ratings: 1, Scored: criteriaCounts(nil), Satisfied: criteriaCounts(nil)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Satisfaction:\n got %+v\nwant %+v", got, want)
	}
}

func testHandlingTimes(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	change := reportChanger(t, st)
	from := reportTime(t, "2026-04-01T00:00:00Z")
	to := from.Add(48 * time.Hour)
	// Nanoseconds, in Vietnam's zone: kept in UTC to the microsecond.
	ns := func(d time.Duration) time.Time { return from.Add(d + 654321987).In(reportZone) }
	var (
		fb       = at(t, participation.KindFeedback, participation.FeedbackPath, from.Add(time.Hour))
		cm       = at(t, participation.KindComment, "/cong-khai/du-toan-2026/", from.Add(2*time.Hour))
		rt       = at(t, participation.KindRating, reportProcA, from)
		before   = at(t, participation.KindRating, reportProcA, from.Add(-time.Microsecond))
		atTo     = at(t, participation.KindFeedback, participation.FeedbackPath, to)
		reopened = at(t, participation.KindFeedback, participation.FeedbackPath, from.Add(5*time.Hour))
		pending  = at(t, participation.KindFeedback, participation.FeedbackPath, from.Add(6*time.Hour))
		declined = at(t, participation.KindFeedback, participation.FeedbackPath, from.Add(7*time.Hour))
		// A row stored answered with no time of answer (as before the
		// staff's fields): not a handling time.
		untimed = at(t, participation.KindFeedback, participation.FeedbackPath, from.Add(8*time.Hour))
	)
	untimed.Status, untimed.Answer = participation.StatusAnswered, "Đã trả lời qua điện thoại."
	for _, s := range []*participation.Submission{cm, fb, rt, before, atTo, reopened, pending, declined, untimed} {
		mustAdd(t, st, s, "")
	}
	fbA := change(fb, changeAnswer("Đã khắc phục."), ns(30*time.Hour))
	cmA := change(cm, changeAnswer("Xin tiếp thu."), ns(3*time.Hour))
	rtA := change(rt, changeAnswer("Cảm ơn."), ns(50*time.Hour)) // answered after the window: received in it
	change(before, changeAnswer("Cảm ơn."), ns(time.Hour))
	change(atTo, changeAnswer("Đã khắc phục."), ns(49*time.Hour))
	change(reopened, changeAnswer("Bản nháp."), ns(6*time.Hour))
	change(reopened, participation.Change{Status: ptr(participation.StatusHandling)}, ns(7*time.Hour))
	change(pending, participation.Change{Status: ptr(participation.StatusHandling)}, ns(7*time.Hour))
	change(declined, participation.Change{Reason: ptr("out-of-scope")}, ns(8*time.Hour))

	got, err := st.HandlingTimes(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := []participation.Handled{
		{Kind: participation.KindRating, Code: rt.Code, Received: from, Answered: rtA.Answered},
		{Kind: participation.KindFeedback, Code: fb.Code, Received: from.Add(time.Hour), Answered: fbA.Answered},
		{Kind: participation.KindComment, Code: cm.Code, Received: from.Add(2 * time.Hour), Answered: cmA.Answered},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HandlingTimes:\n got %+v\nwant %+v", got, want)
	}
	for _, h := range got {
		if h.Received.Location() != time.UTC || h.Answered.Location() != time.UTC || h.Answered.Nanosecond()%1000 != 0 {
			t.Errorf("%s: times %v, %v; want UTC to the microsecond", h.Code, h.Received, h.Answered)
		}
	}
	if w := ns(30 * time.Hour).UTC().Truncate(time.Microsecond); !got[1].Answered.Equal(w) {
		t.Errorf("%s answered %v, want %v", fb.Code, got[1].Answered, w)
	}
	// A narrower window.
	got, err = st.HandlingTimes(ctx, from.Add(time.Hour), from.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != fb.Code {
		t.Errorf("HandlingTimes [1h, 2h) = %+v, want only %s", got, fb.Code)
	}
}

func testFeedbackCounts(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	change := reportChanger(t, st)
	const haiChau, hoaVang = "Phường Hải Châu", "Xã Hoà Vang"
	// From Monday 30 March to Monday 13 April 2026, midnight in Vietnam.
	from, to := reportTime(t, "2026-03-29T17:00:00Z"), reportTime(t, "2026-04-12T17:00:00Z")
	fbAt := func(received, topic, commune string) *participation.Submission {
		f := at(t, participation.KindFeedback, participation.FeedbackPath, reportTime(t, received))
		f.Topic, f.Commune = topic, commune
		return f
	}
	var (
		first  = fbAt("2026-03-29T17:00:00Z", "dat-dai", haiChau)
		sunday = fbAt("2026-04-05T16:59:59Z", "dat-dai", haiChau) // 23:59:59 on Sunday 5 April in Vietnam
		monday = fbAt("2026-04-05T17:00:00Z", "dat-dai", haiChau) // 00:00 on Monday 6 April in Vietnam
		later  = fbAt("2026-04-06T10:00:00Z", "dat-dai", haiChau)
		none   = fbAt("2026-04-07T03:00:00Z", "dat-dai", "")
		o1     = fbAt("2026-04-08T03:00:00Z", "o-nhiem", hoaVang)
		spam   = fbAt("2026-04-08T04:00:00Z", "o-nhiem", hoaVang)
		abuse  = fbAt("2026-04-08T05:00:00Z", "o-nhiem", hoaVang)
		scope  = fbAt("2026-04-08T06:00:00Z", "o-nhiem", hoaVang) // declined, still a report
		dup    = fbAt("2026-04-08T07:00:00Z", "o-nhiem", hoaVang) // a duplicate, still a report
		early  = fbAt("2026-03-29T16:59:59.999999Z", "dat-dai", haiChau)
		atTo   = fbAt("2026-04-12T17:00:00Z", "dat-dai", haiChau)
		cm     = at(t, participation.KindComment, "/cong-khai/du-toan-2026/", reportTime(t, "2026-04-08T03:00:00Z"))
		rt     = at(t, participation.KindRating, reportProcA, reportTime(t, "2026-04-08T03:00:00Z"))
	)
	for _, s := range []*participation.Submission{o1, later, sunday, first, monday, none, spam, abuse, scope, dup, early, atTo, cm, rt} {
		mustAdd(t, st, s, "")
	}
	now := reportTime(t, "2026-04-13T02:00:00Z")
	change(spam, participation.Change{Reason: ptr("spam")}, now)
	change(abuse, participation.Change{Reason: ptr("abuse")}, now)
	change(scope, participation.Change{Reason: ptr("out-of-scope")}, now)
	change(dup, participation.Change{MergedInto: &o1.Code}, now)
	change(later, changeAnswer("Đã chuyển xã xử lý."), now)

	got, err := st.FeedbackCounts(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := []participation.WeekCount{
		{Week: "2026-03-30", Topic: "dat-dai", Commune: haiChau, Count: 2},
		{Week: "2026-04-06", Topic: "dat-dai", Commune: "", Count: 1},
		{Week: "2026-04-06", Topic: "dat-dai", Commune: haiChau, Count: 2},
		{Week: "2026-04-06", Topic: "o-nhiem", Commune: hoaVang, Count: 3},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FeedbackCounts:\n got %+v\nwant %+v", got, want)
	}
	// A spam decline taken back criteriaCounts again.
	change(spam, participation.Change{Status: ptr(participation.StatusHandling)}, now.Add(time.Hour))
	got, err = st.FeedbackCounts(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if n := got[len(got)-1]; n.Topic != "o-nhiem" || n.Count != 4 {
		t.Errorf("after taking back a spam decline: %+v, want o-nhiem counting 4", n)
	}
}

func testComments(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	change := reportChanger(t, st)
	const disclosure, other = "/cong-khai/du-toan-2026/", "/cong-khai/quy-hoach/"
	day := reportTime(t, "2026-04-01T01:00:00Z")
	cm := func(h int) *participation.Submission {
		c := at(t, participation.KindComment, disclosure, day.Add(time.Duration(h)*time.Hour))
		// Personal data, as a citizen may leave it: stored, never
		// reported.
		c.Name, c.Contact, c.Address = "Trần Văn Bình", "binh@example.vn", "Tổ 3, phường Hải Châu"
		c.Photos = []participation.Photo{{Type: "image/png", Data: []byte("\x89PNG personal")}}
		return c
	}
	var (
		taken  = cm(2)
		first  = cm(1)
		scope  = cm(3)
		named  = cm(4)
		dup    = cm(5)
		spam   = cm(6)
		abuse  = cm(7)
		otherC = at(t, participation.KindComment, other, day)
		fb     = at(t, participation.KindFeedback, disclosure, day)
	)
	named.Text = "Ông Lê Văn Cường, số điện thoại 0912 345 678, nhận tiền của dân."
	for _, s := range []*participation.Submission{taken, first, scope, named, dup, spam, abuse, otherC, fb} {
		mustAdd(t, st, s, "")
	}
	now := day.Add(48 * time.Hour)
	change(taken, participation.Change{Answer: ptr("Xin tiếp thu, sẽ bổ sung."), Accepted: ptr(true)}, now)
	change(first, participation.Change{Assignee: ptr(reportActor)}, now)
	change(scope, participation.Change{Reason: ptr("out-of-scope")}, now)
	change(named, participation.Change{Reason: ptr("personal-data")}, now)
	change(dup, participation.Change{MergedInto: &taken.Code}, now)
	change(spam, participation.Change{Reason: ptr("spam")}, now)
	change(abuse, participation.Change{Reason: ptr("abuse")}, now)

	got, err := st.Comments(ctx, disclosure)
	if err != nil {
		t.Fatal(err)
	}
	var want []participation.Submission
	for _, s := range []*participation.Submission{first, taken, scope, named, dup} {
		full := mustGet(t, st, s.Code)
		if full.Name == "" || full.Contact == "" || full.Address == "" || len(full.Photos) == 0 {
			t.Fatalf("%s: the personal data was not stored: %+v", s.Code, full)
		}
		w := *full
		w.Name, w.Contact, w.Address, w.Photos = "", "", "", nil
		w.Scores, w.Assignee, w.MergedInto, w.Erased, w.Consent = nil, "", "", time.Time{}, false
		if s == named {
			w.Text = ""
		}
		want = append(want, w)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Comments:\n got %+v\nwant %+v", got, want)
	}
	for _, c := range got {
		if c.Name != "" || c.Contact != "" || c.Address != "" || c.Photos != nil {
			t.Errorf("Comments %s carries personal data: %+v", c.Code, c)
		}
		b, _ := json.Marshal(c)
		for _, v := range []string{"Trần Văn Bình", "binh@example.vn", "Tổ 3", "PNG personal", "0912 345 678", reportActor} {
			if strings.Contains(string(b), v) {
				t.Errorf("Comments %s shows %q", c.Code, v)
			}
		}
	}
	if len(got) == 5 {
		if g := got[1]; g.Answer != "Xin tiếp thu, sẽ bổ sung." || !g.Accepted || g.Status != participation.StatusAnswered || !g.Answered.Equal(now) {
			t.Errorf("the accepted comment: %+v", g)
		}
		if g := got[4]; g.Status != participation.StatusDeclined || g.Reason != "duplicate" || g.Text == "" {
			t.Errorf("the duplicate: %+v", g)
		}
	}

	if got, err := st.Comments(ctx, other); err != nil || len(got) != 1 || got[0].Code != otherC.Code {
		t.Errorf("Comments(%s) = %+v, %v; want %s", other, got, err, otherC.Code)
	}
	if got, err := st.Comments(ctx, "/cong-khai/khong-co/"); err != nil || len(got) != 0 {
		t.Errorf("Comments on a page with none = %+v, %v", got, err)
	}
}

// testReportsEmpty checks the reports of an empty store: nothing, and
// no error.
func testReportsEmpty(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	from, to := reportTime(t, "2026-01-01T00:00:00Z"), reportTime(t, "2027-01-01T00:00:00Z")
	s, err1 := st.Satisfaction(ctx)
	h, err2 := st.HandlingTimes(ctx, from, to)
	f, err3 := st.FeedbackCounts(ctx, from, to)
	c, err4 := st.Comments(ctx, "/cong-khai/du-toan-2026/")
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	if len(s)+len(h)+len(f)+len(c) != 0 {
		t.Errorf("an empty store reports %v, %v, %v, %v", s, h, f, c)
	}
}

func testReportsClosed(t *testing.T, url string) {
	ctx := context.Background()
	st, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := st.Satisfaction(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Satisfaction after Close: %v", err)
	}
	if _, err := st.HandlingTimes(ctx, now, now); !errors.Is(err, ErrClosed) {
		t.Errorf("HandlingTimes after Close: %v", err)
	}
	if _, err := st.FeedbackCounts(ctx, now, now); !errors.Is(err, ErrClosed) {
		t.Errorf("FeedbackCounts after Close: %v", err)
	}
	if _, err := st.Comments(ctx, "/"); !errors.Is(err, ErrClosed) {
		t.Errorf("Comments after Close: %v", err)
	}
}

// BenchmarkReports times each report over a store of reportBenchRows
// submissions (a third of each kind, over two years), seeded directly
// in one transaction:
//
//	go test -run '^$' -bench Reports ./participation/sqlstore/
func BenchmarkReports(b *testing.B) {
	const reportBenchRows = 30000
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			st := open(b, be.url(b))
			ctx := context.Background()
			start := reportTime(b, "2025-01-01T00:00:00Z")
			span := 2 * 365 * 24 * time.Hour
			tx, err := st.db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			topics := []string{"dat-dai", "o-nhiem", "lan-chiem", "khac"}
			communes := []string{"", "Phường Hải Châu", "Xã Hoà Vang", "Phường Thanh Khê"}
			for i := range reportBenchRows {
				s := at(b, participation.Kinds[i%3], reportProcA, start.Add(span/reportBenchRows*time.Duration(i)))
				if s.Kind == participation.KindComment {
					s.Target = "/cong-khai/du-toan-2026/"
				}
				s.Topic, s.Commune, s.Photos = topics[i%4], communes[i/3%4], nil
				if i%5 == 0 {
					s.Status, s.Answer, s.Answered = participation.StatusAnswered, "Đã trả lời.", s.Received.Add(72*time.Hour)
				}
				args, err := st.rowArgs(s, "")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tx.ExecContext(ctx, st.q.insertPlain, args...); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			year := []time.Time{reportTime(b, "2026-01-01T00:00:00Z"), reportTime(b, "2027-01-01T00:00:00Z")}
			for _, r := range []struct {
				name string
				run  func() (int, error)
			}{
				{"Satisfaction", func() (int, error) { r, err := st.Satisfaction(ctx); return len(r), err }},
				{"HandlingTimes", func() (int, error) { r, err := st.HandlingTimes(ctx, year[0], year[1]); return len(r), err }},
				{"FeedbackCounts", func() (int, error) { r, err := st.FeedbackCounts(ctx, year[0], year[1]); return len(r), err }},
				{"Comments", func() (int, error) { r, err := st.Comments(ctx, "/cong-khai/du-toan-2026/"); return len(r), err }},
			} {
				b.Run(r.name, func(b *testing.B) {
					n := 0
					for b.Loop() {
						var err error
						if n, err = r.run(); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(n), "rows")
				})
			}
		})
	}
}
