package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/staff"
)

// TestQueue runs the participation.Queue suite against each backend.
func TestQueue(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, url string)
	}{
		{"StaffFields", testStaffFields},
		{"List", testList},
		{"ListLimits", testListLimits},
		{"ChangeActions", testChangeActions},
		{"ChangeRefused", testChangeRefused},
		{"Merge", testMerge},
		{"Published", testPublished},
		{"ConcurrentChanges", testConcurrentChanges},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, be.url(t)) })
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func changeAnswer(a string) participation.Change { return participation.Change{Answer: &a} }

// entriesFor is the audit log of one target, oldest first.
func entriesFor(t testing.TB, st *Store, target string) []staff.Entry {
	t.Helper()
	all, err := st.Audit(context.Background(), maxAudit)
	if err != nil {
		t.Fatal(err)
	}
	var out []staff.Entry
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Target == target {
			out = append(out, all[i])
		}
	}
	return out
}

// at is a submission received at a time, with the kind and target given.
func at(t testing.TB, kind participation.Kind, target string, received time.Time) *participation.Submission {
	s := feedback(t)
	s.Kind, s.Target, s.Received, s.Updated, s.Answer = kind, target, received, received, ""
	if kind != participation.KindFeedback {
		s.Topic, s.Address, s.Photos = "", "", nil
	}
	return s
}

func codes(subs []*participation.Submission) []string {
	var out []string
	for _, s := range subs {
		out = append(out, s.Code)
	}
	return out
}

// testStaffFields checks that Add and Get keep the staff's fields, as a
// restored row has them.
func testStaffFields(t *testing.T, url string) {
	st := open(t, url)
	orig := feedback(t)
	mustAdd(t, st, orig, "")
	sub := at(t, participation.KindComment, "/cong-khai/du-toan-2026/", received)
	sub.Status, sub.Reason, sub.Assignee, sub.Accepted, sub.MergedInto = participation.StatusDeclined, "duplicate", "lan@sotnmt.gov.vn", true, orig.Code
	sub.Answered = time.Date(2026, 4, 2, 9, 0, 0, 123456789, time.FixedZone("ICT", 7*3600))
	mustAdd(t, st, sub, "")
	want := stored(sub)
	want.Answered = sub.Answered.UTC().Truncate(time.Microsecond)
	got := mustGet(t, st, sub.Code)
	if !got.Answered.Equal(want.Answered) || got.Answered.Location() != time.UTC {
		t.Errorf("Answered = %v, want %v", got.Answered, want.Answered)
	}
	got.Answered, want.Answered = time.Time{}, time.Time{}
	same(t, got, want)
}

func testList(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	day := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	// Added out of order: List sorts by reception.
	c1 := at(t, participation.KindComment, "/cong-khai/du-toan-2026/", day.Add(3*time.Hour))
	f1 := at(t, participation.KindFeedback, "/phan-anh-kien-nghi/", day.Add(1*time.Hour))
	f2 := at(t, participation.KindFeedback, "/phan-anh-kien-nghi/", day.Add(2*time.Hour))
	f2.Topic, f2.Commune, f2.Photos = "moi-truong", "Xã Hoà Vang", f2.Photos[:1]
	r1 := at(t, participation.KindRating, "/thu-tuc/cap-giay-phep-xay-dung/", day.Add(4*time.Hour))
	for _, s := range []*participation.Submission{c1, r1, f2, f1} {
		mustAdd(t, st, s, "")
	}
	now := day.Add(24 * time.Hour)
	if _, err := st.Change(ctx, f2.Code, participation.Change{Assignee: ptr("lan@sotnmt.gov.vn")}, "an@sotnmt.gov.vn", now); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Change(ctx, r1.Code, participation.Change{Status: ptr(participation.StatusHandling), Assignee: ptr("lan@sotnmt.gov.vn")}, "an@sotnmt.gov.vn", now); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		f    participation.Filter
		want []*participation.Submission
	}{
		{"all", participation.Filter{}, []*participation.Submission{f1, f2, c1, r1}},
		{"kind", participation.Filter{Kind: participation.KindFeedback}, []*participation.Submission{f1, f2}},
		{"status", participation.Filter{Status: participation.StatusReceived}, []*participation.Submission{f1, f2, c1}},
		{"status handling", participation.Filter{Status: participation.StatusHandling}, []*participation.Submission{r1}},
		{"topic", participation.Filter{Topic: "moi-truong"}, []*participation.Submission{f2}},
		{"commune", participation.Filter{Commune: "Phường Hải Châu"}, []*participation.Submission{f1, c1, r1}},
		{"target", participation.Filter{Target: "/cong-khai/du-toan-2026/"}, []*participation.Submission{c1}},
		{"assignee", participation.Filter{Assignee: "lan@sotnmt.gov.vn"}, []*participation.Submission{f2, r1}},
		{"before", participation.Filter{Before: day.Add(3 * time.Hour)}, []*participation.Submission{f1, f2}},
		{"combined", participation.Filter{Kind: participation.KindFeedback, Assignee: "lan@sotnmt.gov.vn", Before: now}, []*participation.Submission{f2}},
		{"none", participation.Filter{Kind: participation.KindComment, Topic: "moi-truong"}, nil},
	} {
		got, total, err := st.List(ctx, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(codes(got), codes(tc.want)) || total != len(tc.want) {
			t.Errorf("%s: List = %v (total %d), want %v", tc.name, codes(got), total, codes(tc.want))
		}
	}

	// Pages: the total is of all the matches.
	got, total, err := st.List(ctx, participation.Filter{Limit: 2, Offset: 1})
	if err != nil || total != 4 || !reflect.DeepEqual(codes(got), []string{f2.Code, c1.Code}) {
		t.Errorf("List page 2 of 2 = %v, %d, %v", codes(got), total, err)
	}
	got, total, err = st.List(ctx, participation.Filter{Offset: 10})
	if err != nil || total != 4 || len(got) != 0 {
		t.Errorf("List past the end = %v, %d, %v; want none of 4", codes(got), total, err)
	}

	// The rows are Get's, but the photos: their types, not their bytes.
	all, _, _ := st.List(ctx, participation.Filter{})
	for _, sub := range all {
		full := mustGet(t, st, sub.Code)
		if len(sub.Photos) != len(full.Photos) {
			t.Errorf("%s: %d photos listed, %d stored", sub.Code, len(sub.Photos), len(full.Photos))
		}
		for i, p := range sub.Photos {
			if p.Data != nil || p.Type != full.Photos[i].Type {
				t.Errorf("%s photo %d listed as %q with %d bytes", sub.Code, i, p.Type, len(p.Data))
			}
		}
		w := *full
		w.Photos = sub.Photos
		if !reflect.DeepEqual(sub, &w) {
			t.Errorf("List's %s:\n got %s\nwant %s", sub.Code, brief(sub), brief(&w))
		}
	}
	if len(all[0].Photos) != 2 || all[0].Photos[1].Type != "image/png" {
		t.Errorf("f1's photos listed as %+v", all[0].Photos)
	}
}

func testListLimits(t *testing.T, url string) {
	st := open(t, url)
	const n = 210
	start := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	subs := make([]*participation.Submission, n)
	var wg sync.WaitGroup
	for i := range n {
		subs[i] = at(t, participation.KindComment, "/cong-khai/du-toan-2026/", start.Add(time.Duration(i)*time.Minute))
		wg.Go(func() {
			if _, _, err := st.Add(context.Background(), subs[i], ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, tc := range []struct{ limit, want int }{{0, defaultList}, {-1, defaultList}, {7, 7}, {1000, maxList}} {
		got, total, err := st.List(context.Background(), participation.Filter{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want || total != n {
			t.Errorf("List(Limit %d) gave %d of %d, want %d of %d", tc.limit, len(got), total, tc.want, n)
		}
		if !reflect.DeepEqual(codes(got), codes(subs[:len(got)])) {
			t.Errorf("List(Limit %d) is not the oldest first", tc.limit)
		}
	}
}

// personal are the personal fields of a submission, which must never
// reach the audit log or the public.
func personal(s *participation.Submission) []string { return []string{s.Name, s.Contact, s.Address} }

func testChangeActions(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	sub := feedback(t)
	sub.Answer = ""
	comment := at(t, participation.KindComment, "/cong-khai/du-toan-2026/", received)
	comment.Name, comment.Contact = "Trần Văn Bình", "binh@example.vn"
	mustAdd(t, st, sub, "")
	mustAdd(t, st, comment, "")
	now := time.Date(2026, 4, 2, 9, 0, 0, 654321987, time.FixedZone("ICT", 7*3600))
	const actor = "lan@sotnmt.gov.vn"

	steps := []struct {
		name   string
		code   string
		c      participation.Change
		action staff.Action
		before string
		after  string
		check  func(s *participation.Submission, when time.Time) bool
	}{
		{"assign", sub.Code, participation.Change{Assignee: ptr("an@sotnmt.gov.vn")}, staff.ActAssign,
			`{"assignee":""}`, `{"assignee":"an@sotnmt.gov.vn"}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Assignee == "an@sotnmt.gov.vn" && s.Status == participation.StatusReceived
			}},
		{"status", sub.Code, participation.Change{Status: ptr(participation.StatusHandling)}, staff.ActStatus,
			`{"status":"received"}`, `{"status":"handling"}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Status == participation.StatusHandling
			}},
		{"decline", sub.Code, participation.Change{Reason: ptr("out-of-scope")}, staff.ActDecline,
			`{"status":"handling","reason":""}`, `{"status":"declined","reason":"out-of-scope"}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Status == participation.StatusDeclined && s.Reason == "out-of-scope"
			}},
		{"answer", sub.Code, changeAnswer("Sở đã chuyển UBND xã xử lý."), staff.ActAnswer,
			`{"status":"declined","answer":"","reason":"out-of-scope"}`, `{"status":"answered","answer":"Sở đã chuyển UBND xã xử lý.","reason":""}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Status == participation.StatusAnswered && s.Answer == "Sở đã chuyển UBND xã xử lý." && s.Reason == "" && s.Answered.Equal(when.UTC().Truncate(time.Microsecond))
			}},
		{"accept", comment.Code, participation.Change{Accepted: ptr(true)}, staff.ActStatus,
			`{"accepted":false}`, `{"accepted":true}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Accepted && s.Status == participation.StatusReceived
			}},
		{"answer and assign", comment.Code, participation.Change{Answer: ptr("Tiếp thu."), Assignee: ptr(actor)}, staff.ActAnswer,
			`{"status":"received","answer":"","assignee":""}`, `{"status":"answered","answer":"Tiếp thu.","assignee":"lan@sotnmt.gov.vn"}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Accepted && s.Status == participation.StatusAnswered
			}},
		{"status back", comment.Code, participation.Change{Status: ptr(participation.StatusHandling)}, staff.ActStatus,
			`{"status":"answered"}`, `{"status":"handling"}`,
			func(s *participation.Submission, when time.Time) bool {
				return s.Answer == "Tiếp thu." && s.Status == participation.StatusHandling
			}},
	}
	for i, step := range steps {
		when := now.Add(time.Duration(i) * time.Hour)
		before := entriesFor(t, st, step.code)
		old := mustGet(t, st, step.code)
		got, err := st.Change(ctx, step.code, step.c, actor, when)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		stored := mustGet(t, st, step.code)
		if !step.check(stored, when) || !stored.Updated.Equal(when.UTC().Truncate(time.Microsecond)) {
			t.Errorf("%s: stored %s", step.name, brief(stored))
		}
		// Change returns the row as stored, photos as List gives them.
		w := *stored
		w.Photos = nil
		for _, p := range stored.Photos {
			w.Photos = append(w.Photos, participation.Photo{Type: p.Type})
		}
		if !reflect.DeepEqual(got, &w) {
			t.Errorf("%s: Change returned\n %s\nstored\n %s", step.name, brief(got), brief(&w))
		}
		// Nothing else moved.
		o, s := *old, *stored
		o.Status, o.Assignee, o.Answer, o.Reason, o.MergedInto, o.Accepted, o.Answered, o.Updated = "", "", "", "", "", false, time.Time{}, time.Time{}
		s.Status, s.Assignee, s.Answer, s.Reason, s.MergedInto, s.Accepted, s.Answered, s.Updated = "", "", "", "", "", false, time.Time{}, time.Time{}
		if !reflect.DeepEqual(o, s) {
			t.Errorf("%s changed other fields:\n%s\n%s", step.name, brief(&o), brief(&s))
		}
		after := entriesFor(t, st, step.code)
		if len(after) != len(before)+1 {
			t.Fatalf("%s: %d audit entries written, want 1", step.name, len(after)-len(before))
		}
		e := after[len(after)-1]
		if e.Action != step.action || e.Actor != actor || e.Target != step.code || !e.At.Equal(when.UTC().Truncate(time.Microsecond)) {
			t.Errorf("%s: entry %+v", step.name, e)
		}
		jsonEq(t, step.name+" before", e.Before, step.before)
		jsonEq(t, step.name+" after", e.After, step.after)
	}
	if _, err := st.Change(ctx, feedback(t).Code, participation.Change{Assignee: ptr("x")}, actor, now); !errors.Is(err, participation.ErrNotFound) {
		t.Errorf("Change of an unknown code: %v, want ErrNotFound", err)
	}
	text := auditText(t, st)
	for _, s := range []*participation.Submission{sub, comment} {
		for _, p := range personal(s) {
			if p != "" && strings.Contains(text, p) {
				t.Errorf("the audit log holds personal data %q", p)
			}
		}
	}
	if n := len(entriesFor(t, st, sub.Code)) + len(entriesFor(t, st, comment.Code)); n != len(steps) {
		t.Errorf("%d audit entries for %d changes", n, len(steps))
	}
}

func testChangeRefused(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	sub := feedback(t)
	sub.Answer = ""
	mustAdd(t, st, sub, "")
	now := time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []participation.Change{
		{},
		{Reason: ptr("không thích")},
		{Reason: ptr("")},
		{Status: ptr(participation.Status("closed"))},
		{Status: ptr(participation.StatusAnswered)}, // no answer yet
		{Status: ptr(participation.StatusDeclined)}, // no reason
		{Answer: ptr("  \n")},
		{Answer: ptr("Trả lời"), Reason: ptr("spam")},
		{Answer: ptr("Trả lời"), Status: ptr(participation.StatusHandling)},
		{Reason: ptr("spam"), Status: ptr(participation.StatusReceived)},
		{MergedInto: ptr(sub.Code)}, // itself
		{MergedInto: ptr("")},
		{Accepted: ptr(true)}, // a feedback, not a comment
		{Assignee: ptr("lan@sotnmt.gov.vn"), Reason: ptr("nope")},
	} {
		_, err := st.Change(ctx, sub.Code, c, "lan@sotnmt.gov.vn", now)
		if !errors.Is(err, ErrInvalidChange) {
			t.Errorf("Change(%s) = %v, want ErrInvalidChange", describe(c), err)
		}
	}
	// Into a code that does not exist: refused, and not found.
	unknown := feedback(t).Code
	if _, err := st.Change(ctx, sub.Code, participation.Change{MergedInto: &unknown}, "lan@sotnmt.gov.vn", now); !errors.Is(err, ErrInvalidChange) ||
		!errors.Is(err, participation.ErrNotFound) || !strings.Contains(err.Error(), unknown) {
		t.Errorf("merge into an unknown code: %v, want ErrInvalidChange and ErrNotFound", err)
	}
	if _, err := st.Change(ctx, sub.Code, participation.Change{Assignee: ptr("x")}, "", now); err == nil {
		t.Error("Change without an actor accepted")
	}
	same(t, mustGet(t, st, sub.Code), stored(sub))
	if e, _ := st.Audit(ctx, 0); len(e) != 0 {
		t.Errorf("refused changes wrote %d audit entries: %+v", len(e), e)
	}
}

// brief shows a submission with its photos' sizes, not their bytes.
func brief(s *participation.Submission) string {
	w := *s
	var sizes []string
	for _, p := range s.Photos {
		sizes = append(sizes, fmt.Sprintf("%s:%d", p.Type, len(p.Data)))
	}
	w.Photos = nil
	return fmt.Sprintf("%+v photos %v", w, sizes)
}

func describe(c participation.Change) string {
	b, _ := json.Marshal(c)
	return string(b)
}

func testMerge(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	orig, dup, third := feedback(t), feedback(t), feedback(t)
	for _, s := range []*participation.Submission{orig, dup, third} {
		s.Answer = ""
		mustAdd(t, st, s, "")
	}
	now := time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
	got, err := st.Change(ctx, dup.Code, participation.Change{MergedInto: &orig.Code}, "lan@sotnmt.gov.vn", now)
	if err != nil {
		t.Fatal(err)
	}
	if got.MergedInto != orig.Code || got.Status != participation.StatusDeclined || got.Reason != "duplicate" {
		t.Errorf("merged: %s", brief(got))
	}
	if g := mustGet(t, st, dup.Code); g.MergedInto != orig.Code {
		t.Errorf("stored merged_into %q", g.MergedInto)
	}
	e := entriesFor(t, st, dup.Code)
	if len(e) != 1 || e[0].Action != staff.ActMerge {
		t.Fatalf("entries %+v", e)
	}
	jsonEq(t, "merge before", e[0].Before, `{"status":"received","reason":"","merged_into":""}`)
	jsonEq(t, "merge after", e[0].After, `{"status":"declined","reason":"duplicate","merged_into":"`+orig.Code+`"}`)
	// Into a duplicate: refused, pointing at its original.
	if _, err := st.Change(ctx, third.Code, participation.Change{MergedInto: &dup.Code}, "lan@sotnmt.gov.vn", now); !errors.Is(err, ErrInvalidChange) || !strings.Contains(err.Error(), orig.Code) {
		t.Errorf("merge into a duplicate: %v", err)
	}
	// Back the other way: the original into its duplicate, refused too.
	if _, err := st.Change(ctx, orig.Code, participation.Change{MergedInto: &dup.Code}, "lan@sotnmt.gov.vn", now); !errors.Is(err, ErrInvalidChange) {
		t.Errorf("a merge cycle: %v", err)
	}
	// Declining it for another reason unmerges it.
	if _, err := st.Change(ctx, dup.Code, participation.Change{Reason: ptr("spam")}, "lan@sotnmt.gov.vn", now); err != nil {
		t.Fatal(err)
	}
	if g := mustGet(t, st, dup.Code); g.MergedInto != "" || g.Reason != "spam" {
		t.Errorf("after a decline: merged_into %q, reason %q", g.MergedInto, g.Reason)
	}
	if n := len(entriesFor(t, st, third.Code)) + len(entriesFor(t, st, orig.Code)); n != 0 {
		t.Errorf("refused merges wrote %d entries", n)
	}

	// Two submissions merged into each other at once: one wins, the
	// other is refused, and no cycle is left.
	a, b := feedback(t), feedback(t)
	mustAdd(t, st, a, "")
	mustAdd(t, st, b, "")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, pair := range [][2]string{{a.Code, b.Code}, {b.Code, a.Code}} {
		wg.Go(func() {
			_, errs[i] = st.Change(ctx, pair[0], participation.Change{MergedInto: &pair[1]}, "lan@sotnmt.gov.vn", now)
		})
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Errorf("merging each into the other: %v, %v; want one refused", errs[0], errs[1])
	}
	ga, gb := mustGet(t, st, a.Code), mustGet(t, st, b.Code)
	if (ga.MergedInto == "") == (gb.MergedInto == "") {
		t.Errorf("merged_into %q and %q", ga.MergedInto, gb.MergedInto)
	}
}

func testPublished(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	day := time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC)
	const disclosure, other = "/cong-khai/du-toan-2026/", "/cong-khai/quy-hoach/"
	fb := at(t, participation.KindFeedback, "/phan-anh-kien-nghi/", day)
	rt := at(t, participation.KindRating, "/thu-tuc/cap-giay-phep-xay-dung/", day)
	accepted := at(t, participation.KindComment, disclosure, day)
	answeredC := at(t, participation.KindComment, disclosure, day)
	otherC := at(t, participation.KindComment, other, day)
	pending := at(t, participation.KindComment, disclosure, day)
	declined := at(t, participation.KindComment, disclosure, day)
	handling := at(t, participation.KindFeedback, "/phan-anh-kien-nghi/", day)
	all := []*participation.Submission{fb, rt, accepted, answeredC, otherC, pending, declined, handling}
	for _, s := range all {
		mustAdd(t, st, s, "")
	}
	change := func(s *participation.Submission, c participation.Change, h int) {
		t.Helper()
		if _, err := st.Change(ctx, s.Code, c, "lan@sotnmt.gov.vn", day.Add(time.Duration(h)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	change(fb, changeAnswer("Đã khắc phục."), 5)
	change(rt, changeAnswer("Cảm ơn ông/bà."), 1)
	change(accepted, participation.Change{Accepted: ptr(true)}, 3)
	change(answeredC, participation.Change{Answer: ptr("Xin tiếp thu."), Accepted: ptr(true)}, 4)
	change(otherC, changeAnswer("Không tiếp thu vì…"), 2)
	change(declined, participation.Change{Accepted: ptr(true)}, 6)
	change(declined, participation.Change{Reason: ptr("abuse")}, 7)
	change(handling, changeAnswer("Bản nháp."), 8)
	change(handling, participation.Change{Status: ptr(participation.StatusHandling)}, 9)

	got, err := st.Published(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []*participation.Submission{fb, answeredC, accepted, otherC, rt}
	var gotCodes []string
	for _, p := range got {
		gotCodes = append(gotCodes, p.Code)
	}
	if !reflect.DeepEqual(gotCodes, codes(want)) {
		t.Errorf("Published = %v, want %v (newest answer first)", gotCodes, codes(want))
	}
	for _, p := range got {
		full := mustGet(t, st, p.Code)
		if !reflect.DeepEqual(p, full.Public()) {
			t.Errorf("Published %s:\n got %+v\nwant %+v", p.Code, p, full.Public())
		}
		b, _ := json.Marshal(p)
		for _, v := range personal(full) {
			if v != "" && strings.Contains(string(b), v) {
				t.Errorf("Published %s shows %q", p.Code, v)
			}
		}
	}
	if p := got[0]; p.Answer != "Đã khắc phục." || !p.Answered.Equal(day.Add(5*time.Hour)) || p.Status != participation.StatusAnswered {
		t.Errorf("Published[0] = %+v", p)
	}

	got, err = st.Published(ctx, disclosure, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Code != answeredC.Code || got[1].Code != accepted.Code {
		t.Errorf("Published(%s) = %+v", disclosure, got)
	}
	if got, _ := st.Published(ctx, "", 1); len(got) != 1 || got[0].Code != fb.Code {
		t.Errorf("Published with limit 1 = %+v", got)
	}
	if got, _ := st.Published(ctx, "/khong-co/", 0); len(got) != 0 {
		t.Errorf("Published of a target with none = %+v", got)
	}
}

func testConcurrentChanges(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	sub := feedback(t)
	sub.Answer = ""
	mustAdd(t, st, sub, "")
	now := time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
	const n = 20
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			c := participation.Change{Assignee: ptr(fmt.Sprintf("staff%02d@sotnmt.gov.vn", i))}
			switch i % 4 {
			case 1:
				c.Status = ptr(participation.StatusHandling)
			case 2:
				c.Answer = ptr(fmt.Sprintf("Trả lời %d", i))
			case 3:
				c.Reason = ptr("duplicate")
			}
			if _, err := st.Change(ctx, sub.Code, c, fmt.Sprintf("staff%02d@sotnmt.gov.vn", i), now.Add(time.Duration(i)*time.Second)); err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	entries := entriesFor(t, st, sub.Code)
	if len(entries) != n {
		t.Fatalf("%d audit entries for %d changes", len(entries), n)
	}
	// Each change saw the one before it: an entry's before is the
	// previous one's after, field by field.
	state := map[string]any{"status": "received", "assignee": "", "answer": "", "reason": "", "merged_into": "", "accepted": false}
	for i, e := range entries {
		var b, a map[string]any
		if err := json.Unmarshal([]byte(e.Before), &b); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(e.After), &a); err != nil {
			t.Fatal(err)
		}
		for k, v := range b {
			if state[k] != v {
				t.Errorf("entry %d: before %s = %v, but it was %v", i, k, v, state[k])
			}
		}
		for k, v := range a {
			state[k] = v
		}
		if a["assignee"] != e.Actor {
			t.Errorf("entry %d by %s assigned %v", i, e.Actor, a["assignee"])
		}
	}
	got := mustGet(t, st, sub.Code)
	final := map[string]any{"status": string(got.Status), "assignee": got.Assignee, "answer": got.Answer, "reason": got.Reason,
		"merged_into": got.MergedInto, "accepted": got.Accepted}
	if !reflect.DeepEqual(final, state) {
		t.Errorf("the row is %v, the audit log says %v", final, state)
	}
}
