package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
)

// TestVotes runs the participation.Votes suite against each backend.
func TestVotes(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, url string)
	}{
		{"Tally", testVoteTally},
		{"TallySince", testVoteTallySince},
		{"EraseTexts", testEraseVoteTexts},
		{"Retention", testVoteRetention},
		{"Backup", testVoteBackup},
		{"Empty", testVotesEmpty},
		{"Closed", testVotesClosed},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, be.url(t)) })
			}
		})
	}
}

// voteAt is a vote received d after the suite's day.
func voteAt(page string, useful bool, text string, d time.Duration) *participation.Vote {
	return &participation.Vote{Page: page, Useful: useful, Text: text, Received: received.Add(d)}
}

func mustVote(t testing.TB, st *Store, votes ...*participation.Vote) {
	t.Helper()
	for _, v := range votes {
		if err := st.AddVote(context.Background(), v); err != nil {
			t.Fatalf("AddVote(%s): %v", v.Page, err)
		}
	}
}

func mustTally(t testing.TB, st *Store, since time.Time, texts int) []participation.PageVotes {
	t.Helper()
	got, err := st.VoteTally(context.Background(), since, texts)
	if err != nil {
		t.Fatalf("VoteTally: %v", err)
	}
	return got
}

// us is t as the store gives it back: UTC, to the microsecond.
func us(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// sameTally fails the test unless got is want, times compared as
// instants in UTC.
func sameTally(t testing.TB, what string, got, want []participation.PageVotes) {
	t.Helper()
	for _, r := range got {
		if r.Last.Location() != time.UTC {
			t.Errorf("%s: %s's last vote in %v, want UTC", what, r.Page, r.Last.Location())
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func testVoteTally(t *testing.T, url string) {
	st := open(t, url)
	const (
		proc  = "/thu-tuc/dang-ky-bien-dong-dat-dai/"
		home  = "/"
		doc   = "/van-ban/luat-dat-dai-2024/"
		words = "Không thấy lệ phí ở đâu. <b>Phí</b> & thời hạn? Đường dẫn tới mẫu đơn bị hỏng."
	)
	votes := []*participation.Vote{
		voteAt(proc, false, words, 0),
		voteAt(proc, true, "", time.Minute),
		voteAt(proc, false, "Thiếu mẫu tờ khai.", 2*time.Minute),
		voteAt(proc, false, "Cũ nhất nhưng cùng giờ", 3*time.Minute),
		voteAt(proc, false, "Mới nhất, cùng giờ, đến sau", 3*time.Minute), // a tie: the later arrival is newer
		voteAt(home, true, "", 0),
		voteAt(doc, true, "Rõ ràng, dễ hiểu.", time.Hour),
	}
	mustVote(t, st, votes...)
	want := []participation.PageVotes{
		{Page: home, Yes: 1, Last: us(received)},
		{Page: proc, Yes: 1, No: 4, Last: us(received.Add(3 * time.Minute)), Texts: []participation.VoteText{
			{Text: "Mới nhất, cùng giờ, đến sau", Received: us(received.Add(3 * time.Minute))},
			{Text: "Cũ nhất nhưng cùng giờ", Received: us(received.Add(3 * time.Minute))},
			{Text: "Thiếu mẫu tờ khai.", Received: us(received.Add(2 * time.Minute))},
		}},
		{Page: doc, Yes: 1, Last: us(received.Add(time.Hour)), Texts: []participation.VoteText{
			{Useful: true, Text: "Rõ ràng, dễ hiểu.", Received: us(received.Add(time.Hour))},
		}},
	}
	sameTally(t, "three texts a page", mustTally(t, st, time.Time{}, 3), want)

	// Ten texts a page: all of them, the first one's markup as typed.
	all := mustTally(t, st, time.Time{}, 10)
	if n := len(all[1].Texts); n != 4 || all[1].Texts[3].Text != words {
		t.Errorf("ten texts a page gave %d for %s, the oldest %q; want 4, the oldest %q", n, proc, all[1].Texts[n-1].Text, words)
	}
	// None: counts only.
	for _, r := range mustTally(t, st, time.Time{}, 0) {
		if r.Texts != nil {
			t.Errorf("no texts asked, %s came with %d", r.Page, len(r.Texts))
		}
	}
}

func testVoteTallySince(t *testing.T, url string) {
	st := open(t, url)
	const page = "/tin-tuc/thong-bao/"
	mustVote(t, st,
		voteAt(page, false, "Trước mốc", -time.Microsecond),
		voteAt(page, true, "Đúng mốc", 0),
		voteAt(page, false, "", time.Hour),
		voteAt("/gioi-thieu/", false, "Chỉ có trước mốc", -24*time.Hour),
	)
	want := []participation.PageVotes{{Page: page, Yes: 1, No: 1, Last: us(received.Add(time.Hour)), Texts: []participation.VoteText{
		{Useful: true, Text: "Đúng mốc", Received: us(received)},
	}}}
	sameTally(t, "since the suite's day", mustTally(t, st, received, 5), want)
	if got := mustTally(t, st, received.Add(2*time.Hour), 5); len(got) != 0 {
		t.Errorf("since after every vote: %+v, want none", got)
	}
}

func testEraseVoteTexts(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	const page = "/thu-tuc/tach-thua/"
	cutoff := received
	mustVote(t, st,
		voteAt(page, false, "Số điện thoại của tôi 0905 123 456", -time.Hour),
		voteAt(page, true, "", -time.Hour), // nothing to erase: not counted
		voteAt(page, false, "Ngay trước mốc", -time.Microsecond),
		voteAt(page, false, "Đúng mốc: còn giữ", 0),
	)
	n, err := st.EraseVoteTexts(ctx, cutoff)
	if err != nil || n != 2 {
		t.Fatalf("EraseVoteTexts = %d, %v; want 2, nil", n, err)
	}
	want := []participation.PageVotes{{Page: page, Yes: 1, No: 3, Last: us(received), Texts: []participation.VoteText{
		{Text: "Đúng mốc: còn giữ", Received: us(received)},
	}}}
	sameTally(t, "after erasing", mustTally(t, st, time.Time{}, 10), want)
	if n, err := st.EraseVoteTexts(ctx, cutoff); err != nil || n != 0 {
		t.Errorf("EraseVoteTexts again = %d, %v; want 0, nil", n, err)
	}
}

// testVoteRetention runs the server's schedule once: the texts of old
// votes go with the personal fields of old submissions, and the count
// it reports holds both.
func testVoteRetention(t *testing.T, url string) {
	st := open(t, url)
	now := received.Add(400 * 24 * time.Hour)
	old := feedback(t)
	mustAdd(t, st, old, "")
	mustVote(t, st, voteAt("/", false, "Tên tôi là Lê Văn Tám", 0), voteAt("/", true, "Gần đây", 399*24*time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	var got int
	var gotErr error
	// report is heard after the first run, which erases something: the
	// schedule then stops with ctx, before its ticker ever fires.
	participation.EraseOnSchedule(ctx, st, 365*24*time.Hour, time.Hour, func() time.Time { return now }, func(n int, err error) {
		got, gotErr = n, err
		cancel()
	})
	if gotErr != nil || got != 2 {
		t.Fatalf("the schedule erased %d, %v; want 2 (one submission, one vote), nil", got, gotErr)
	}
	if sub := mustGet(t, st, old.Code); sub.Name != "" || sub.Erased.IsZero() {
		t.Errorf("the old submission kept its name %q", sub.Name)
	}
	rows := mustTally(t, st, time.Time{}, 5)
	if len(rows) != 1 || rows[0].Yes != 1 || rows[0].No != 1 || len(rows[0].Texts) != 1 || rows[0].Texts[0].Text != "Gần đây" {
		t.Errorf("after the schedule: %+v, want both votes counted and only the recent text", rows)
	}
}

func testVoteBackup(t *testing.T, url string) {
	st := open(t, url)
	mustVote(t, st,
		voteAt("/", true, "", 0),
		voteAt("/thu-tuc/x/", false, "Thiếu thời hạn giải quyết.", time.Second),
		voteAt("/thu-tuc/x/", false, "", 2*time.Second),
	)
	want := mustTally(t, st, time.Time{}, 5)
	path := filepath.Join(t.TempDir(), "sao-luu.db")
	if err := st.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	bk := open(t, "sqlite:"+path)
	sameTally(t, "the backup", mustTally(t, bk, time.Time{}, 5), want)
	// The copy takes new votes after the old ones.
	mustVote(t, bk, voteAt("/thu-tuc/x/", true, "Sau khi khôi phục", 3*time.Second))
	if got := mustTally(t, bk, time.Time{}, 1); got[1].Yes != 1 || got[1].Texts[0].Text != "Sau khi khôi phục" {
		t.Errorf("a vote on the restored copy: %+v", got)
	}
}

func testVotesEmpty(t *testing.T, url string) {
	st := open(t, url)
	if got := mustTally(t, st, time.Time{}, 3); len(got) != 0 {
		t.Errorf("an empty store's tally: %+v", got)
	}
	if n, err := st.EraseVoteTexts(context.Background(), received); err != nil || n != 0 {
		t.Errorf("EraseVoteTexts on an empty store = %d, %v", n, err)
	}
}

func testVotesClosed(t *testing.T, url string) {
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := st.AddVote(ctx, voteAt("/", true, "", 0)); !errors.Is(err, ErrClosed) {
		t.Errorf("AddVote after Close: %v, want ErrClosed", err)
	}
	if _, err := st.VoteTally(ctx, time.Time{}, 3); !errors.Is(err, ErrClosed) {
		t.Errorf("VoteTally after Close: %v, want ErrClosed", err)
	}
	if _, err := st.EraseVoteTexts(ctx, received); !errors.Is(err, ErrClosed) {
		t.Errorf("EraseVoteTexts after Close: %v, want ErrClosed", err)
	}
}
