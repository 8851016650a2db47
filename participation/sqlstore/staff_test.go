package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minhbach/minhbach/staff"
)

// TestStaff runs the staff.Store suite against each backend.
func TestStaff(t *testing.T) {
	cases := []struct {
		name string
		run  func(t *testing.T, url string)
	}{
		{"Accounts", testAccounts},
		{"Sessions", testSessions},
		{"SessionExpiry", testSessionExpiry},
		{"RemovalEndsSessions", testRemovalEndsSessions},
		{"Lock", testLock},
		{"FailLoginConcurrent", testFailLoginConcurrent},
		{"Append", testAppend},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"BackupKeepsStaff", testBackupKeepsStaff},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) { tc.run(t, be.url(t)) })
			}
		})
	}
}

// fakeHash stands for an argon2id hash: the tests need not pay for one.
const fakeHash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5"

var created = time.Date(2026, 5, 1, 8, 0, 0, 123456789, time.FixedZone("ICT", 7*3600))

func mustAccount(t testing.TB, st *Store, email string, role staff.Role) staff.Account {
	t.Helper()
	a, err := st.AddAccount(context.Background(), staff.Account{Email: email, Role: role, Hash: fakeHash, Created: created}, "cli")
	if err != nil {
		t.Fatalf("AddAccount(%s): %v", email, err)
	}
	return a
}

// auditText is every text column of the audit log, for the tests that
// look for what must never be there.
func auditText(t testing.TB, st *Store) string {
	t.Helper()
	rows, err := st.db.Query("SELECT actor, action, target, before, after FROM audit_log")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var f [5]string
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4]); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(f[:], "\n") + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// jsonEq fails unless got and want are the same JSON value.
func jsonEq(t testing.TB, what, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Errorf("%s: %q is not JSON: %v", what, got, err)
		return
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func testAccounts(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	mod := mustAccount(t, st, " Lan.Nguyen@SoTNMT.gov.vn ", staff.RoleModerator)
	if mod.ID == 0 || mod.Email != "lan.nguyen@sotnmt.gov.vn" || mod.Role != staff.RoleModerator || mod.Hash != fakeHash ||
		!mod.Created.Equal(created.Truncate(time.Microsecond)) || mod.Created.Location() != time.UTC {
		t.Errorf("AddAccount = %+v", mod)
	}
	adm, err := st.AddAccount(ctx, staff.Account{Email: "an@sotnmt.gov.vn", Role: staff.RoleAdmin, Hash: fakeHash}, "lan.nguyen@sotnmt.gov.vn")
	if err != nil {
		t.Fatal(err)
	}
	if adm.Created.Before(before) || adm.ID == mod.ID {
		t.Errorf("AddAccount without Created = %+v", adm)
	}
	// The same e-mail in another case is the same account.
	if _, err := st.AddAccount(ctx, staff.Account{Email: "LAN.NGUYEN@sotnmt.gov.vn", Role: staff.RoleAdmin, Hash: fakeHash}, "cli"); !errors.Is(err, staff.ErrAccountUsed) {
		t.Errorf("AddAccount of a used e-mail: %v, want ErrAccountUsed", err)
	}
	for _, a := range []staff.Account{
		{Email: "not an address", Role: staff.RoleAdmin, Hash: fakeHash},
		{Email: "x@sotnmt.gov.vn", Role: "root", Hash: fakeHash},
		{Email: "x@sotnmt.gov.vn", Role: staff.RoleAdmin},
	} {
		if _, err := st.AddAccount(ctx, a, "cli"); err == nil {
			t.Errorf("AddAccount(%+v) accepted", a)
		}
	}

	list, err := st.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(list, []staff.Account{adm, mod}) {
		t.Errorf("Accounts:\n got %+v\nwant %+v", list, []staff.Account{adm, mod})
	}
	got, lock, err := st.Account(ctx, "LAN.nguyen@sotnmt.gov.vn")
	if err != nil || !reflect.DeepEqual(got, mod) || lock != (staff.Lock{}) {
		t.Errorf("Account = %+v, %+v, %v; want %+v and no lock", got, lock, err, mod)
	}

	if err := st.RemoveAccount(ctx, "Lan.Nguyen@sotnmt.gov.vn", "an@sotnmt.gov.vn"); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveAccount(ctx, mod.Email, "an@sotnmt.gov.vn"); !errors.Is(err, staff.ErrNoAccount) {
		t.Errorf("RemoveAccount again: %v, want ErrNoAccount", err)
	}
	if _, _, err := st.Account(ctx, mod.Email); !errors.Is(err, staff.ErrNoAccount) {
		t.Errorf("Account of a removed account: %v, want ErrNoAccount", err)
	}
	if list, _ := st.Accounts(ctx); !reflect.DeepEqual(list, []staff.Account{adm}) {
		t.Errorf("Accounts after the removal = %+v", list)
	}
	// The e-mail is free again, with a new ID.
	again := mustAccount(t, st, mod.Email, staff.RoleAdmin)
	if again.ID == mod.ID {
		t.Errorf("a new account took the removed one's ID %d", mod.ID)
	}

	// One entry per change, newest first; the refused ones left none.
	entries, err := st.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []staff.Entry{
		{Actor: "cli", Action: staff.ActAddStaff, Target: mod.Email, Before: `{}`, After: `{"email":"lan.nguyen@sotnmt.gov.vn","role":"admin"}`},
		{Actor: "an@sotnmt.gov.vn", Action: staff.ActRemoveStaf, Target: mod.Email, Before: `{"email":"lan.nguyen@sotnmt.gov.vn","role":"moderator"}`, After: `{}`},
		{Actor: "lan.nguyen@sotnmt.gov.vn", Action: staff.ActAddStaff, Target: adm.Email, Before: `{}`, After: `{"email":"an@sotnmt.gov.vn","role":"admin"}`},
		{Actor: "cli", Action: staff.ActAddStaff, Target: mod.Email, Before: `{}`, After: `{"email":"lan.nguyen@sotnmt.gov.vn","role":"moderator"}`},
	}
	if len(entries) != len(want) {
		t.Fatalf("%d audit entries, want %d: %+v", len(entries), len(want), entries)
	}
	for i, e := range entries {
		w := want[i]
		if e.Actor != w.Actor || e.Action != w.Action || e.Target != w.Target || e.At.Before(before) || e.At.Location() != time.UTC {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
		jsonEq(t, "before", e.Before, w.Before)
		jsonEq(t, "after", e.After, w.After)
		if i > 0 && e.ID >= entries[i-1].ID {
			t.Errorf("entries not newest first: %d after %d", e.ID, entries[i-1].ID)
		}
	}
	if strings.Contains(auditText(t, st), fakeHash) {
		t.Error("a password hash is in the audit log")
	}
	if e, _ := st.Audit(ctx, 2); len(e) != 2 || e[0].ID != entries[0].ID {
		t.Errorf("Audit(2) = %+v", e)
	}
}

func newSession(t testing.TB, st *Store, accountID int64, now time.Time) string {
	t.Helper()
	_, id, err := staff.NewSessionToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddSession(context.Background(), id, accountID, now); err != nil {
		t.Fatalf("AddSession: %v", err)
	}
	return id
}

// storedLastSeen is the session's last_seen as the table holds it.
func storedLastSeen(t testing.TB, st *Store, id string) time.Time {
	t.Helper()
	var seen time.Time
	if err := st.db.QueryRow(st.ph("SELECT last_seen FROM staff_sessions WHERE id = ?"), id).Scan(timeScan{&seen}); err != nil {
		t.Fatal(err)
	}
	return seen
}

func testSessions(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	a := mustAccount(t, st, "lan@sotnmt.gov.vn", staff.RoleModerator)
	now := time.Date(2026, 5, 2, 8, 0, 0, 999, time.UTC)

	token, id, _ := staff.NewSessionToken()
	if err := st.AddSession(ctx, token, a.ID, now); err == nil {
		t.Error("AddSession stored a token, not its ID")
	}
	if err := st.AddSession(ctx, id, a.ID+100, now); !errors.Is(err, staff.ErrNoAccount) {
		t.Errorf("AddSession of an unknown account: %v, want ErrNoAccount", err)
	}
	if err := st.AddSession(ctx, id, a.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := st.AddSession(ctx, id, a.ID, now); err == nil {
		t.Error("AddSession of a used ID succeeded")
	}
	if _, err := st.Session(ctx, staff.SessionID("another token"), now); !errors.Is(err, staff.ErrNoSession) {
		t.Errorf("Session of an unknown ID: %v, want ErrNoSession", err)
	}

	us := now.Truncate(time.Microsecond)
	ses, err := st.Session(ctx, id, now.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if ses.ID != id || !reflect.DeepEqual(ses.Account, a) || !ses.Created.Equal(us) || ses.Created.Location() != time.UTC {
		t.Errorf("Session = %+v, want account %+v, created %v", ses, a, us)
	}
	// Seen within a minute: not written again.
	if got := storedLastSeen(t, st, id); !got.Equal(us) {
		t.Errorf("last_seen after a second = %v, want %v (unchanged)", got, us)
	}
	later := now.Add(10 * time.Minute)
	ses, err = st.Session(ctx, id, later)
	if err != nil {
		t.Fatal(err)
	}
	if want := later.Truncate(time.Microsecond); !ses.LastSeen.Equal(want) || !storedLastSeen(t, st, id).Equal(want) {
		t.Errorf("after ten minutes LastSeen = %v, stored %v; want %v", ses.LastSeen, storedLastSeen(t, st, id), want)
	}
	// An earlier now (another replica's clock) does not move it back.
	if _, err := st.Session(ctx, id, now.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := storedLastSeen(t, st, id); !got.Equal(later.Truncate(time.Microsecond)) {
		t.Errorf("last_seen went back to %v", got)
	}

	if err := st.EndSession(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Session(ctx, id, later); !errors.Is(err, staff.ErrNoSession) {
		t.Errorf("Session after EndSession: %v, want ErrNoSession", err)
	}
	if err := st.EndSession(ctx, id); err != nil {
		t.Errorf("EndSession again: %v", err)
	}
}

func sessionCount(t testing.TB, st *Store, accountID int64) int {
	t.Helper()
	var n int
	if err := st.db.QueryRow(st.ph("SELECT count(*) FROM staff_sessions WHERE account_id = ?"), accountID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func testSessionExpiry(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	a := mustAccount(t, st, "lan@sotnmt.gov.vn", staff.RoleModerator)
	start := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)

	// Idle: alive at IdleTTL after the last request, gone just after.
	idle := newSession(t, st, a.ID, start)
	if _, err := st.Session(ctx, idle, start.Add(staff.IdleTTL)); err != nil {
		t.Errorf("Session at IdleTTL: %v", err)
	}
	if _, err := st.Session(ctx, idle, start.Add(2*staff.IdleTTL+time.Second)); !errors.Is(err, staff.ErrNoSession) {
		t.Errorf("Session idle past IdleTTL: %v, want ErrNoSession", err)
	}

	// In use all along: gone after SessionTTL.
	busy := newSession(t, st, a.ID, start)
	at := start
	for at.Sub(start) < staff.SessionTTL {
		at = at.Add(time.Hour)
		if _, err := st.Session(ctx, busy, at); err != nil {
			t.Fatalf("Session at %v: %v", at.Sub(start), err)
		}
	}
	if _, err := st.Session(ctx, busy, start.Add(staff.SessionTTL+time.Minute)); !errors.Is(err, staff.ErrNoSession) {
		t.Errorf("Session past SessionTTL: %v, want ErrNoSession", err)
	}
	if n := sessionCount(t, st, a.ID); n != 0 {
		t.Errorf("%d expired sessions kept", n)
	}

	// Sessions never looked up again go when the account logs in anew.
	newSession(t, st, a.ID, start)
	newSession(t, st, a.ID, start.Add(3*staff.IdleTTL))
	if n := sessionCount(t, st, a.ID); n != 1 {
		t.Errorf("%d sessions after a new login, want 1 (the expired one deleted)", n)
	}
}

func testRemovalEndsSessions(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	a := mustAccount(t, st, "lan@sotnmt.gov.vn", staff.RoleModerator)
	b := mustAccount(t, st, "an@sotnmt.gov.vn", staff.RoleAdmin)
	now := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	ids := []string{newSession(t, st, a.ID, now), newSession(t, st, a.ID, now)}
	other := newSession(t, st, b.ID, now)
	if _, err := st.Session(ctx, ids[0], now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveAccount(ctx, a.Email, b.Email); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, err := st.Session(ctx, id, now.Add(2*time.Second)); !errors.Is(err, staff.ErrNoSession) {
			t.Errorf("Session of a removed account: %v, want ErrNoSession", err)
		}
	}
	if n := sessionCount(t, st, a.ID); n != 0 {
		t.Errorf("%d sessions of the removed account kept", n)
	}
	if _, err := st.Session(ctx, other, now.Add(2*time.Second)); err != nil {
		t.Errorf("another account's session: %v", err)
	}
	if err := st.AddSession(ctx, staff.SessionID("late"), a.ID, now); !errors.Is(err, staff.ErrNoAccount) {
		t.Errorf("AddSession of a removed account: %v, want ErrNoAccount", err)
	}
}

func testLock(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	a := mustAccount(t, st, "lan@sotnmt.gov.vn", staff.RoleModerator)
	now := time.Date(2026, 5, 2, 8, 0, 0, 123456789, time.FixedZone("ICT", 7*3600))
	var l staff.Lock
	for i := range staff.MaxFailures {
		l = l.Fail(now.Add(time.Duration(i) * time.Second))
	}
	if !l.Locked(now.Add(staff.MaxFailures * time.Second)) {
		t.Fatal("the lock does not lock")
	}
	if err := st.SetLock(ctx, "LAN@sotnmt.gov.vn", l); err != nil {
		t.Fatal(err)
	}
	_, got, err := st.Account(ctx, a.Email)
	if err != nil {
		t.Fatal(err)
	}
	want := staff.Lock{Failures: l.Failures, FirstFailed: l.FirstFailed.UTC().Truncate(time.Microsecond), Until: l.Until.UTC().Truncate(time.Microsecond)}
	if got.Failures != want.Failures || !got.FirstFailed.Equal(want.FirstFailed) || !got.Until.Equal(want.Until) ||
		got.FirstFailed.Location() != time.UTC || got.Until.Location() != time.UTC {
		t.Errorf("lock = %+v, want %+v", got, want)
	}
	if !got.Locked(now.Add(time.Minute)) || got.Locked(now.Add(staff.LockTime+time.Hour)) {
		t.Error("the stored lock does not lock as it did")
	}
	if err := st.SetLock(ctx, a.Email, staff.Lock{}); err != nil {
		t.Fatal(err)
	}
	if _, got, _ := st.Account(ctx, a.Email); got != (staff.Lock{}) {
		t.Errorf("lock after clearing = %+v", got)
	}
	if err := st.SetLock(ctx, "nobody@sotnmt.gov.vn", l); !errors.Is(err, staff.ErrNoAccount) {
		t.Errorf("SetLock of an unknown account: %v, want ErrNoAccount", err)
	}
}

func testAppend(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	at := time.Date(2026, 5, 2, 8, 0, 0, 123456789, time.UTC)
	if err := st.Append(ctx, staff.Entry{At: at, Actor: "lan@sotnmt.gov.vn", Action: staff.ActOpen, Target: "ABCD-2345"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Append(ctx, staff.Entry{Action: staff.ActLogin, Target: "lan@sotnmt.gov.vn"}); err == nil {
		t.Error("Append without an actor accepted")
	}
	entries, err := st.Audit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := staff.Entry{ID: entries[0].ID, At: at.Truncate(time.Microsecond), Actor: "lan@sotnmt.gov.vn", Action: staff.ActOpen, Target: "ABCD-2345", Before: "{}", After: "{}"}
	if len(entries) != 1 || entries[0] != want {
		t.Errorf("Audit = %+v, want [%+v]", entries, want)
	}
}

func testAuditAppendOnly(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	mustAccount(t, st, "lan@sotnmt.gov.vn", staff.RoleModerator)
	if err := st.Append(ctx, staff.Entry{Actor: "lan@sotnmt.gov.vn", Action: staff.ActLogin, Target: "lan@sotnmt.gov.vn"}); err != nil {
		t.Fatal(err)
	}
	before, err := st.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{
		"UPDATE audit_log SET actor = 'someone else'",
		"UPDATE audit_log SET after = '{}' WHERE id = (SELECT max(id) FROM audit_log)",
		"DELETE FROM audit_log",
		"DELETE FROM audit_log WHERE action = 'login'",
	}
	if st.pg {
		stmts = append(stmts, "TRUNCATE audit_log")
	}
	for _, q := range stmts {
		_, err := st.db.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only error", q, err)
		}
	}
	after, err := st.Audit(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the audit log changed:\n%+v\n%+v", before, after)
	}
}

// TestNoAuditRewrite checks that no code of the package updates or
// deletes audit log entries: only the triggers stop a database user, the
// code must not even try.
func TestNoAuditRewrite(t *testing.T) {
	bad := regexp.MustCompile(`(?i)(update\s+audit_log|delete\s+from\s+audit_log|truncate\s+(table\s+)?audit_log)`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := bad.Find(b); m != nil {
			t.Errorf("%s: %q", f, m)
		}
	}
}

func testBackupKeepsStaff(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	a := mustAccount(t, st, "lan@sotnmt.gov.vn", staff.RoleModerator)
	now := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	id := newSession(t, st, a.ID, now)
	if err := st.SetLock(ctx, a.Email, staff.Lock{Failures: 2, FirstFailed: now}); err != nil {
		t.Fatal(err)
	}
	sub := feedback(t)
	mustAdd(t, st, sub, "")
	answer := "Đã xử lý."
	if _, err := st.Change(ctx, sub.Code, changeAnswer(answer), a.Email, now); err != nil {
		t.Fatal(err)
	}
	wantAudit, _ := st.Audit(ctx, 0)
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := st.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	bk := open(t, "sqlite:"+path)
	if got, _ := bk.Accounts(ctx); !reflect.DeepEqual(got, []staff.Account{a}) {
		t.Errorf("backup's accounts = %+v, want %+v", got, []staff.Account{a})
	}
	if _, l, _ := bk.Account(ctx, a.Email); l.Failures != 2 || !l.FirstFailed.Equal(now) {
		t.Errorf("backup's lock = %+v", l)
	}
	if _, err := bk.Session(ctx, id, now.Add(time.Second)); err != nil {
		t.Errorf("backup's session: %v", err)
	}
	if got, _ := bk.Audit(ctx, 0); !reflect.DeepEqual(got, wantAudit) {
		t.Errorf("backup's audit log:\n got %+v\nwant %+v", got, wantAudit)
	}
	if got := mustGet(t, bk, sub.Code); got.Answer != answer || !got.Answered.Equal(now) {
		t.Errorf("backup's submission: answer %q at %v", got.Answer, got.Answered)
	}
	if _, err := bk.db.ExecContext(ctx, "DELETE FROM audit_log"); err == nil {
		t.Error("the backup's audit log is not append-only")
	}
	// The backup goes on numbering where the store was.
	if err := bk.Append(ctx, staff.Entry{Actor: "cli", Action: staff.ActReport, Target: "all"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := bk.Audit(ctx, 1); got[0].ID <= wantAudit[0].ID {
		t.Errorf("a new entry in the backup took ID %d, after %d", got[0].ID, wantAudit[0].ID)
	}
}

// testFailLoginConcurrent: wrong passwords sent at once are all counted,
// so guessing in parallel does not dodge the lock.
func testFailLoginConcurrent(t *testing.T, url string) {
	st := open(t, url)
	ctx := context.Background()
	if _, err := st.AddAccount(ctx, staff.Account{Email: "doan@so.example.vn", Role: staff.RoleModerator, Hash: fakeHash}, "test"); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := st.FailLogin(ctx, "doan@so.example.vn", now); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	_, l, err := st.Account(ctx, "doan@so.example.vn")
	if err != nil {
		t.Fatal(err)
	}
	if l.Failures != 10 || !l.Locked(now) {
		t.Errorf("after 10 wrong passwords at once: %+v, want 10 failures and locked", l)
	}
	if _, err := st.FailLogin(ctx, "khong-co@so.example.vn", now); !errors.Is(err, staff.ErrNoAccount) {
		t.Errorf("an unknown account: %v", err)
	}
}
