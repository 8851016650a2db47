package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minhbach/minhbach/internal/pgtest"
	"github.com/minhbach/minhbach/participation"
)

// TestMain shares one PostgreSQL server among the package's tests.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// backend is one database the suite runs against: url gives the URL of
// a new, empty store.
type backend struct {
	name string
	url  func(t testing.TB) string
}

var backends = []backend{
	{"sqlite", func(t testing.TB) string { return "sqlite:" + filepath.Join(t.TempDir(), "participation.db") }},
	{"postgres", pgtest.Start},
}

// TestStore runs the whole suite against each backend: the same
// behaviour is asked of both.
func TestStore(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, url string)
	}{
		{"RoundTrip", testRoundTrip},
		{"IdempotentRetry", testIdempotentRetry},
		{"IdempotentConcurrent", testIdempotentConcurrent},
		{"CodeTaken", testCodeTaken},
		{"NotFound", testNotFound},
		{"ErasePersonal", testErasePersonal},
		{"EraseBefore", testEraseBefore},
		{"BackupWhileWriting", testBackupWhileWriting},
		{"ReopenMigrations", testReopenMigrations},
		{"ReplicasStartAtOnce", testReplicasStartAtOnce},
		{"ConcurrentAdds", testConcurrentAdds},
		{"Closed", testClosed},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, be.url(t)) })
			}
		})
	}
}

// open opens the store at url and closes it when the test ends.
func open(t testing.TB, url string) *Store {
	t.Helper()
	st, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return st
}

// received is a time with nanoseconds in a zone other than UTC, to see
// the store keep it in UTC to the microsecond.
var received = time.Date(2026, 3, 14, 15, 30, 15, 123456789, time.FixedZone("ICT", 7*3600))

// feedback is a full submission with a new code: every field set,
// Vietnamese text, scores and two photos.
func feedback(t testing.TB) *participation.Submission {
	t.Helper()
	code, err := participation.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	return &participation.Submission{
		Code:    code,
		Kind:    participation.KindFeedback,
		Target:  "/phan-anh-kien-nghi/",
		Topic:   "dat-dai",
		Text:    "Đường liên xã qua thôn Phú Sơn bị sạt lở sau mưa lũ, đề nghị UBND xã khắc phục sớm. Xin cảm ơn! <b>&amp;</b>",
		Commune: "Phường Hải Châu",
		Scores:  map[string]int{"access": 5, "procedure": 4, "staff": 3, "result": 2, "feedback": 1},
		Name:    "Nguyễn Thị Hoà",
		Contact: "0905 123 456",
		Address: "Tổ 5, thôn Phú Sơn, xã Hoà Phú",
		Consent: true,
		Photos: []participation.Photo{
			{Type: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff, 0x00, 0x00, 0x01, 'x', 0xff, 0xd9}},
			{Type: "image/png", Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G', 0}, 4000)},
		},
		Status:   participation.StatusReceived,
		Received: received,
		Updated:  received.Add(90 * time.Minute),
		Answer:   "Đã chuyển Phòng Quản lý đô thị xử lý.",
		Reason:   "",
	}
}

// stored is what Get must return for sub: the same, times in UTC to the
// microsecond.
func stored(sub *participation.Submission) *participation.Submission {
	w := *sub
	us := func(t time.Time) time.Time {
		if t.IsZero() {
			return time.Time{}
		}
		return t.UTC().Truncate(time.Microsecond)
	}
	w.Received, w.Updated, w.Erased = us(sub.Received), us(sub.Updated), us(sub.Erased)
	return &w
}

// same fails the test unless got is want, field by field, times exactly
// and in UTC.
func same(t testing.TB, got, want *participation.Submission) {
	t.Helper()
	for _, tt := range []struct {
		name      string
		got, want time.Time
	}{{"Received", got.Received, want.Received}, {"Updated", got.Updated, want.Updated}, {"Erased", got.Erased, want.Erased}} {
		if !tt.got.Equal(tt.want) || tt.got.Location() != time.UTC {
			t.Errorf("%s %s = %v, want %v (UTC)", got.Code, tt.name, tt.got, tt.want)
		}
	}
	g, w := *got, *want
	g.Received, g.Updated, g.Erased = time.Time{}, time.Time{}, time.Time{}
	w.Received, w.Updated, w.Erased = time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %+v\nwant %+v", got.Code, g, w)
	}
}

func mustAdd(t testing.TB, st *Store, sub *participation.Submission, key string) {
	t.Helper()
	code, dup, err := st.Add(context.Background(), sub, key)
	if err != nil || dup || code != sub.Code {
		t.Fatalf("Add(%s, %q) = %q, %v, %v; want %[1]s, false, nil", sub.Code, key, code, dup, err)
	}
}

func mustGet(t testing.TB, st *Store, code string) *participation.Submission {
	t.Helper()
	got, err := st.Get(context.Background(), code)
	if err != nil {
		t.Fatalf("Get(%s): %v", code, err)
	}
	return got
}

func testRoundTrip(t *testing.T, url string) {
	st := open(t, url)
	full := feedback(t)
	full.Erased = received.Add(time.Hour) // as a restored row may have
	rating := feedback(t)
	rating.Kind, rating.Target, rating.Topic = participation.KindRating, "/thu-tuc/cap-giay-phep-xay-dung/", ""
	rating.Name, rating.Contact, rating.Address, rating.Consent, rating.Photos = "", "", "", false, nil
	rating.Received = time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC)
	comment := &participation.Submission{ // only what a comment needs: empty fields and nil maps
		Code: feedback(t).Code, Kind: participation.KindComment, Target: "/cong-khai/du-toan-2026/",
		Text: "Góp ý: cần công khai chi tiết hơn.", Status: participation.StatusReceived,
		Received: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, sub := range []*participation.Submission{full, rating, comment} {
		mustAdd(t, st, sub, "key-"+sub.Code)
		got := mustGet(t, st, sub.Code)
		same(t, got, stored(sub))

		// What Get returned, stored again, comes back exactly.
		again := *got
		again.Code = feedback(t).Code
		mustAdd(t, st, &again, "")
		if got2 := mustGet(t, st, again.Code); !reflect.DeepEqual(got2, &again) {
			t.Errorf("Get after storing what Get returned:\n got %+v\nwant %+v", got2, &again)
		}
	}
}

func testIdempotentRetry(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	first := feedback(t)
	mustAdd(t, st, first, "retry-key")
	for _, tc := range []struct {
		name string
		sub  *participation.Submission
	}{
		{"NewCode", feedback(t)}, // the server drew a new code for the retry
		{"SameCode", first},      // or sent the same again
		{"NoPhotos", func() *participation.Submission { s := feedback(t); s.Photos = nil; return s }()},
	} {
		code, dup, err := st.Add(ctx, tc.sub, "retry-key")
		if err != nil || !dup || code != first.Code {
			t.Errorf("%s: retry = %q, %v, %v; want %q, true, nil", tc.name, code, dup, err, first.Code)
		}
		if tc.sub != first {
			if _, err := st.Get(ctx, tc.sub.Code); !errors.Is(err, participation.ErrNotFound) {
				t.Errorf("%s: a retry stored %s: %v", tc.name, tc.sub.Code, err)
			}
		}
	}
	// Without a key, two submissions are two.
	a, b := feedback(t), feedback(t)
	mustAdd(t, st, a, "")
	mustAdd(t, st, b, "")
}

func testIdempotentConcurrent(t *testing.T, url string) {
	st := open(t, url)
	const n = 20
	subs := make([]*participation.Submission, n)
	for i := range subs {
		subs[i] = feedback(t)
		if i%2 == 1 {
			subs[i].Photos = nil // both of PostgreSQL's paths
		}
	}
	type answer struct {
		code string
		dup  bool
		err  error
	}
	answers := make([]answer, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			code, dup, err := st.Add(context.Background(), subs[i], "one-key")
			answers[i] = answer{code, dup, err}
		})
	}
	close(start)
	wg.Wait()
	winner := ""
	for i, a := range answers {
		if a.err != nil {
			t.Fatalf("Add %d: %v", i, a.err)
		}
		if !a.dup {
			if winner != "" {
				t.Fatalf("two Adds with one key both stored: %s and %s", winner, a.code)
			}
			winner = a.code
		}
	}
	if winner == "" {
		t.Fatal("no Add stored the submission")
	}
	found := 0
	for i, a := range answers {
		if a.code != winner {
			t.Errorf("Add %d answered %s, want %s", i, a.code, winner)
		}
		if _, err := st.Get(context.Background(), subs[i].Code); err == nil {
			found++
		}
	}
	if found != 1 {
		t.Errorf("%d submissions stored for one key, want 1", found)
	}
}

func testCodeTaken(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	first := feedback(t)
	mustAdd(t, st, first, "first")
	for _, tc := range []struct {
		name, key string
		photos    bool
	}{{"NoKey", "", true}, {"OtherKey", "other", true}, {"OtherKeyNoPhotos", "other", false}} {
		clash := feedback(t)
		clash.Code, clash.Text = first.Code, "khác"
		if !tc.photos {
			clash.Photos = nil
		}
		if _, _, err := st.Add(ctx, clash, tc.key); !errors.Is(err, participation.ErrCodeTaken) {
			t.Errorf("%s: Add with a taken code: %v, want ErrCodeTaken", tc.name, err)
		}
	}
	same(t, mustGet(t, st, first.Code), stored(first))
	// The failed Add left no trace: its key is still free.
	mustAdd(t, st, feedback(t), "other")
}

func testNotFound(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	mustAdd(t, st, feedback(t), "")
	code := feedback(t).Code
	if _, err := st.Get(ctx, code); !errors.Is(err, participation.ErrNotFound) {
		t.Errorf("Get of an unknown code: %v, want ErrNotFound", err)
	}
	if err := st.ErasePersonal(ctx, code, time.Now()); !errors.Is(err, participation.ErrNotFound) {
		t.Errorf("ErasePersonal of an unknown code: %v, want ErrNotFound", err)
	}
}

// erased is what erasing leaves of sub: no personal fields, no photos.
func erased(sub *participation.Submission, at time.Time) *participation.Submission {
	w := stored(sub)
	w.Name, w.Contact, w.Address, w.Photos = "", "", "", nil
	w.Erased = at.UTC().Truncate(time.Microsecond)
	return w
}

func testErasePersonal(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	sub, other := feedback(t), feedback(t)
	mustAdd(t, st, sub, "")
	mustAdd(t, st, other, "")
	at := time.Date(2026, 4, 1, 9, 0, 0, 987654321, time.Local)
	if err := st.ErasePersonal(ctx, sub.Code, at); err != nil {
		t.Fatal(err)
	}
	same(t, mustGet(t, st, sub.Code), erased(sub, at))
	same(t, mustGet(t, st, other.Code), stored(other))
	// Erasing again keeps the time of the first erasure.
	if err := st.ErasePersonal(ctx, sub.Code, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	same(t, mustGet(t, st, sub.Code), erased(sub, at))
}

func testEraseBefore(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	cutoff := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *participation.Submission {
		s := feedback(t)
		s.Received = cutoff.Add(d)
		s.Updated = s.Received
		return s
	}
	old, older, before, atCutoff, recent := at(-24*time.Hour), at(-400*24*time.Hour), at(-time.Microsecond), at(0), at(time.Hour)
	for _, s := range []*participation.Submission{old, older, before, atCutoff, recent} {
		mustAdd(t, st, s, "")
	}
	earlier := cutoff.Add(-time.Hour)
	if err := st.ErasePersonal(ctx, older.Code, earlier); err != nil {
		t.Fatal(err)
	}
	now := cutoff.Add(365 * 24 * time.Hour)
	n, err := st.EraseBefore(ctx, cutoff, now)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("EraseBefore erased %d, want 2 (old and before; older was erased already)", n)
	}
	same(t, mustGet(t, st, old.Code), erased(old, now))
	same(t, mustGet(t, st, before.Code), erased(before, now))
	same(t, mustGet(t, st, older.Code), erased(older, earlier))
	same(t, mustGet(t, st, atCutoff.Code), stored(atCutoff))
	same(t, mustGet(t, st, recent.Code), stored(recent))
	if n, err := st.EraseBefore(ctx, cutoff, now); err != nil || n != 0 {
		t.Errorf("EraseBefore again = %d, %v; want 0, nil", n, err)
	}
}

func testBackupWhileWriting(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	var (
		mu    sync.Mutex
		acked = map[string]*participation.Submission{}
	)
	for range 20 {
		s := feedback(t)
		mustAdd(t, st, s, s.Code)
		acked[s.Code] = s
	}
	const writers = 10
	stop := make(chan struct{})
	var running, wg sync.WaitGroup
	running.Add(writers)
	for range writers {
		wg.Go(func() {
			first := true
			for {
				select {
				case <-stop:
					if first {
						running.Done()
					}
					return
				default:
				}
				s := feedback(t)
				if _, _, err := st.Add(ctx, s, s.Code); err != nil {
					t.Error(err)
				} else {
					mu.Lock()
					acked[s.Code] = s
					mu.Unlock()
				}
				if first {
					first = false
					running.Done()
				}
			}
		})
	}
	running.Wait() // every writer has written: they are all at work

	mu.Lock()
	before := make(map[string]*participation.Submission, len(acked))
	for c, s := range acked {
		before[c] = s
	}
	mu.Unlock()
	path := filepath.Join(t.TempDir(), "backups", "participation.db")
	if err := st.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	// And again over the first copy, still while writing.
	if err := st.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()

	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	// Consistent: every submission has its two photos, none is half there.
	var partial int
	if err := raw.QueryRow("SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM photos p WHERE p.code = s.code) != 2").Scan(&partial); err != nil {
		t.Fatal(err)
	}
	if partial != 0 {
		t.Errorf("%d submissions in the backup lack photos", partial)
	}
	rows, err := raw.Query("SELECT code FROM submissions")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if len(codes) < len(before) {
		t.Errorf("backup holds %d submissions, fewer than the %d acknowledged before it", len(codes), len(before))
	}
	t.Logf("%d submissions acknowledged before the backup, %d in it, %d in all", len(before), len(codes), len(acked))

	// The backup is a store: Open serves it as it is.
	bk := open(t, "sqlite:"+path)
	for c, s := range before {
		same(t, mustGet(t, bk, c), stored(s))
	}
	for _, c := range codes {
		s, ok := acked[c]
		if !ok {
			t.Errorf("backup holds %s, never acknowledged", c)
			continue
		}
		same(t, mustGet(t, bk, c), stored(s))
	}
	// Idempotency keys came along.
	for c, s := range before {
		if code, dup, err := bk.Add(ctx, feedback(t), s.Code); err != nil || !dup || code != c {
			t.Fatalf("retry on the backup = %q, %v, %v; want %q, true, nil", code, dup, err, c)
		}
		break
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp*")); len(matches) > 0 {
		t.Errorf("Backup left %v", matches)
	}
}

func testReopenMigrations(t *testing.T, url string) {
	ctx := context.Background()
	sub := feedback(t)
	st, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, st, sub, "k")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		st = open(t, url)
		same(t, mustGet(t, st, sub.Code), stored(sub))
		ms, err := migrations(st.pg)
		if err != nil {
			t.Fatal(err)
		}
		var n, max int
		if err := st.db.QueryRow("SELECT count(*), max(version) FROM schema_migrations").Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		if n != len(ms) || max != ms[len(ms)-1].version {
			t.Errorf("schema_migrations has %d versions up to %d, want %d up to %d", n, max, len(ms), ms[len(ms)-1].version)
		}
	}
}

func testReplicasStartAtOnce(t *testing.T, url string) {
	const replicas = 4
	stores := make([]*Store, replicas)
	errs := make([]error, replicas)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = Open(context.Background(), url)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	subs := make([]*participation.Submission, replicas)
	for i, st := range stores {
		subs[i] = feedback(t)
		mustAdd(t, st, subs[i], "")
	}
	for _, st := range stores {
		for _, sub := range subs {
			same(t, mustGet(t, st, sub.Code), stored(sub))
		}
	}
}

func testConcurrentAdds(t *testing.T, url string) {
	st := open(t, url)
	taken := feedback(t)
	mustAdd(t, st, taken, "")
	const clients, each = 50, 10
	subs := make([][]*participation.Submission, clients)
	errs := make([][]error, clients)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range clients {
		subs[i] = make([]*participation.Submission, each)
		errs[i] = make([]error, each)
		for j := range each {
			s := feedback(t)
			if j%3 == 0 {
				s.Photos = s.Photos[:1]
			}
			if i%10 == 0 && j == each/2 {
				s.Code = taken.Code // fails alone, in the middle of others
			}
			subs[i][j] = s
		}
		wg.Go(func() {
			<-start
			for j, s := range subs[i] {
				_, _, errs[i][j] = st.Add(context.Background(), s, fmt.Sprintf("client-%d-%d", i, j))
			}
		})
	}
	close(start)
	wg.Wait()
	for i := range clients {
		for j, s := range subs[i] {
			if s.Code == taken.Code {
				if !errors.Is(errs[i][j], participation.ErrCodeTaken) {
					t.Errorf("client %d, Add %d with a taken code: %v", i, j, errs[i][j])
				}
				continue
			}
			if errs[i][j] != nil {
				t.Errorf("client %d, Add %d: %v", i, j, errs[i][j])
				continue
			}
			same(t, mustGet(t, st, s.Code), stored(s))
		}
	}
	if st.w != nil {
		batches, jobs := st.w.batches.Load(), st.w.jobs.Load()
		t.Logf("group commit: %d writes in %d transactions", jobs, batches)
	}
}

func testClosed(t *testing.T, url string) {
	ctx := context.Background()
	st, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	sub := feedback(t)
	mustAdd(t, st, sub, "")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, _, err := st.Add(ctx, feedback(t), ""); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v, want ErrClosed", err)
	}
	if _, err := st.Get(ctx, sub.Code); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after Close: %v, want ErrClosed", err)
	}
	if err := st.Backup(ctx, filepath.Join(t.TempDir(), "b.db")); !errors.Is(err, ErrClosed) {
		t.Errorf("Backup after Close: %v, want ErrClosed", err)
	}
}

// TestGroupCommit checks that concurrent SQLite writes share commits:
// 50 writers blocked on one writer make batches of more than one.
func TestGroupCommit(t *testing.T) {
	st := open(t, backends[0].url(t))
	const clients = 50
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			<-start
			for range 10 {
				s := feedback(t)
				s.Photos = nil
				if _, _, err := st.Add(context.Background(), s, s.Code); err != nil {
					t.Error(err)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	batches, jobs := st.w.batches.Load(), st.w.jobs.Load()
	if jobs != clients*10 {
		t.Errorf("%d writes committed, want %d", jobs, clients*10)
	}
	if batches >= jobs {
		t.Errorf("%d writes took %d commits: no group commit", jobs, batches)
	}
	t.Logf("%d writes in %d commits", jobs, batches)
}

// TestCancelledAdd checks that an Add whose context is already done
// stores nothing and does not disturb the others.
func TestCancelledAdd(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			st := open(t, be.url(t))
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			sub := feedback(t)
			if _, _, err := st.Add(ctx, sub, ""); !errors.Is(err, context.Canceled) {
				t.Errorf("Add with a cancelled context: %v", err)
			}
			if _, err := st.Get(context.Background(), sub.Code); !errors.Is(err, participation.ErrNotFound) {
				t.Errorf("a cancelled Add stored %s: %v", sub.Code, err)
			}
			mustAdd(t, st, feedback(t), "")
		})
	}
}

// TestOpenSQLite checks that a relative path is the working folder's,
// that its folders are made, and that the durability settings hold on
// every connection.
func TestOpenSQLite(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	st := open(t, "sqlite:data/nested/participation.db")
	if _, err := os.Stat(filepath.Join(dir, "data", "nested", "participation.db")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conns := make([]*sql.Conn, readConns) // every connection but the writer's
	for i := range conns {
		conn, err := st.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = conn
		for _, tc := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"synchronous", "2"}, // FULL
			{"foreign_keys", "1"},
			{"busy_timeout", fmt.Sprint(busyTimeoutMS)},
		} {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("connection %d: PRAGMA %s = %q, want %q", i, tc.pragma, got, tc.want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
	// A backup never replaces the database it copies.
	mustAdd(t, st, feedback(t), "")
	if err := st.Backup(ctx, "data/nested/../nested/participation.db"); err == nil {
		t.Error("Backup onto the database itself worked")
	}
	var n int
	if err := st.db.QueryRow("SELECT count(*) FROM submissions").Scan(&n); err != nil || n != 1 {
		t.Errorf("after a backup onto itself: %d submissions, %v", n, err)
	}
	// A path with characters a file: URI would read as its end.
	open(t, "sqlite:"+filepath.Join(dir, "odd ?#% name.db"))
	if _, err := os.Stat(filepath.Join(dir, "odd ?#% name.db")); err != nil {
		t.Error(err)
	}
}

// TestOpenErrors checks the messages of URLs Open cannot use, and that
// none shows a password.
func TestOpenErrors(t *testing.T) {
	real, err := url.Parse(pgtest.Start(t))
	if err != nil {
		t.Fatal(err)
	}
	realPW, _ := real.User.Password()
	wrongPW := *real
	wrongPW.User = url.UserPassword("postgres", "Sai-Mat-Khau-42")
	noDB := *real
	noDB.Path = "/khong_co"
	for _, tc := range []struct {
		name, url string
		want      []string // in the message
		secrets   []string // never in it
	}{
		{"Scheme", "mysql://root:hunter2-secret@db/x", []string{"không hỗ trợ", "unsupported database URL", "sqlite:PATH", "postgres://"}, []string{"hunter2-secret"}},
		{"Empty", "", []string{"unsupported database URL"}, nil},
		{"NoPath", "sqlite:", []string{"sqlite:data/participation.db"}, nil},
		{"PostgresWithoutSlashes", "postgres:foo", []string{"unsupported database URL"}, nil},
		{"WrongPassword", wrongPW.String(), []string{"sqlstore: opening postgres://postgres:xxxxx@"}, []string{"Sai-Mat-Khau-42", realPW}},
		{"NoDatabase", noDB.String(), []string{"khong_co"}, []string{realPW}},
		{"Refused", "postgres://u:Refused-Secret-7@127.0.0.1:1/db?connect_timeout=2", nil, []string{"Refused-Secret-7"}},
		{"PasswordParam", "postgresql://u@127.0.0.1:1/db?password=Param-Secret-9&connect_timeout=2", []string{"password=xxxxx"}, []string{"Param-Secret-9"}},
		{"PoolParam", "postgres://u:Pool-Secret-3@127.0.0.1:1/db?pool_max_conns=zero", []string{"pool_max_conns"}, []string{"Pool-Secret-3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := Open(context.Background(), tc.url)
			if err == nil {
				st.Close()
				t.Fatalf("Open(%q) worked", tc.url)
			}
			msg := err.Error()
			t.Log(msg)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			for _, s := range tc.secrets {
				if s != "" && strings.Contains(msg, s) {
					t.Errorf("message %q shows the password %q", msg, s)
				}
			}
		})
	}
}

// TestPostgresDurable checks that Open refuses a PostgreSQL database
// that acknowledges commits before they are on disk.
func TestPostgresDurable(t *testing.T) {
	u := pgtest.Start(t)
	ctx := context.Background()
	st := open(t, u) // as the test server's superuser, who may alter the database
	if _, err := st.db.ExecContext(ctx, "DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', current_database()); END$$"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, u); err == nil || !strings.Contains(err.Error(), "synchronous_commit is off") {
		t.Errorf("Open with synchronous_commit off: %v", err)
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u:pw@h:5432/db", "postgres://u:xxxxx@h:5432/db"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"postgres://h/db", "postgres://h/db"},
		{"postgres://u:p%40ss@h1:5432,h2:5432/db?sslmode=require", "postgres://u:xxxxx@h1:5432,h2:5432/db?sslmode=require"},
		{"postgres://u:pa/ss@w@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u@h/db?sslmode=disable&password=pw&sslpassword=k", "postgres://u@h/db?sslmode=disable&password=xxxxx&sslpassword=xxxxx"},
		{"sqlite:data/p.db", "sqlite:data/p.db"},
	} {
		if got, _ := redact(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPoolParam(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		n        int
		bad      bool
	}{
		{in: "postgres://h/db", want: "postgres://h/db", n: defaultPoolConns},
		{in: "postgres://h/db?sslmode=disable", want: "postgres://h/db?sslmode=disable", n: defaultPoolConns},
		{in: "postgres://h/db?pool_max_conns=4", want: "postgres://h/db", n: 4},
		{in: "postgres://h/db?pool_max_conns=4&sslmode=disable", want: "postgres://h/db?sslmode=disable", n: 4},
		{in: "postgres://h/db?pool_max_conns=0", bad: true},
	} {
		got, n, err := poolParam(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("poolParam(%q) worked", tc.in)
			}
			continue
		}
		if err != nil || got != tc.want || n != tc.n {
			t.Errorf("poolParam(%q) = %q, %d, %v; want %q, %d", tc.in, got, n, err, tc.want, tc.n)
		}
	}
}
