package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minhbach/minhbach/internal/pgtest"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
)

// TestMain shares one PostgreSQL server among the package's tests (the
// backup and durability tests), started at the first that needs it.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// storeBackends are the two databases a store test runs on: url gives
// the URL of a new, empty store.
var storeBackends = []struct {
	name string
	url  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "y-kien.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.Start(t) }},
}

// openStore opens the store at url and closes it when the test ends.
func openStore(t *testing.T, url string) *sqlstore.Store {
	t.Helper()
	st, err := sqlstore.Open(context.Background(), url)
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

// backupSubmission is a feedback with a new code, a text of its own and
// two photos, so that a half-written one (a row without its photos)
// shows in a copy.
func backupSubmission(t *testing.T, n int64) *participation.Submission {
	t.Helper()
	code, err := participation.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	return &participation.Submission{
		Code: code, Kind: participation.KindFeedback, Target: participation.FeedbackPath, Topic: "dat-dai",
		Text:    fmt.Sprintf("Phản ánh số %d: đường liên xã qua thôn Phú Sơn bị sạt lở sau mưa lũ.", n),
		Commune: "Xã Hoà Vang", Name: "Nguyễn Thị Hoà", Contact: fmt.Sprintf("0905 %06d", n), Consent: true,
		Photos: []participation.Photo{
			{Type: "image/jpeg", Data: []byte{0xff, 0xd8, 0xff, byte(n), byte(n >> 8), 0xff, 0xd9}},
			{Type: "image/png", Data: bytes.Repeat([]byte{0x89, 'P', 'N', 'G', byte(n)}, 2000)},
		},
		Status: participation.StatusReceived, Received: now, Updated: now,
	}
}

// sameSubmission reports how got, read from a copy, differs from want,
// as sent: "" when it does not.
func sameSubmission(want, got *participation.Submission) string {
	switch {
	case got.Code != want.Code || got.Kind != want.Kind || got.Target != want.Target || got.Topic != want.Topic:
		return fmt.Sprintf("code/kind/target/topic %s %s %s %s, want %s %s %s %s", got.Code, got.Kind, got.Target, got.Topic, want.Code, want.Kind, want.Target, want.Topic)
	case got.Text != want.Text || got.Name != want.Name || got.Contact != want.Contact || got.Commune != want.Commune:
		return fmt.Sprintf("text or personal fields differ: %q %q %q", got.Text, got.Name, got.Contact)
	case !got.Received.Equal(want.Received.Truncate(time.Microsecond)):
		return fmt.Sprintf("received %v, want %v", got.Received, want.Received)
	case len(got.Photos) != len(want.Photos):
		return fmt.Sprintf("%d photos, want %d", len(got.Photos), len(want.Photos))
	}
	for i, p := range want.Photos {
		if got.Photos[i].Type != p.Type || !bytes.Equal(got.Photos[i].Data, p.Data) {
			return fmt.Sprintf("photo %d differs", i)
		}
	}
	return ""
}

// TestCmdBackupWhileWriting backs a store up with `minhbach backup`
// while writers keep adding to it, as a cron job would under a serving
// portal, and checks the copy: every submission acknowledged before the
// backup began is in it, whole; nothing in it is half-written or unknown;
// SQLite finds the file sound; and sqlite:FILE serves it.
func TestCmdBackupWhileWriting(t *testing.T) {
	for _, be := range storeBackends {
		t.Run(be.name, func(t *testing.T) {
			url := be.url(t)
			st := openStore(t, url)
			ctx := context.Background()
			var (
				mu    sync.Mutex
				sent  = map[string]*participation.Submission{} // every Add tried
				acked = map[string]*participation.Submission{}
				seq   atomic.Int64
			)
			add := func() error {
				s := backupSubmission(t, seq.Add(1))
				mu.Lock()
				sent[s.Code] = s
				mu.Unlock()
				if _, _, err := st.Add(ctx, s, s.Code); err != nil {
					return err
				}
				mu.Lock()
				acked[s.Code] = s
				mu.Unlock()
				return nil
			}
			for range 20 {
				if err := add(); err != nil {
					t.Fatal(err)
				}
			}

			const writers = 8
			stop := make(chan struct{})
			var running, wg sync.WaitGroup
			running.Add(writers)
			for range writers {
				wg.Go(func() {
					first := true
					defer func() {
						if first {
							running.Done()
						}
					}()
					for {
						select {
						case <-stop:
							return
						default:
						}
						if err := add(); err != nil {
							t.Error(err)
							return
						}
						if first {
							first = false
							running.Done()
						}
					}
				})
			}
			running.Wait() // every writer has had an Add acknowledged: all are at work
			mu.Lock()
			before := make(map[string]*participation.Submission, len(acked))
			for c, s := range acked {
				before[c] = s
			}
			mu.Unlock()

			file := filepath.Join(t.TempDir(), "sao-luu", "y-kien.db")
			var stdout, stderr bytes.Buffer
			code := run(ctx, []string{"backup", "--db", url, file}, &stdout, &stderr)
			close(stop)
			wg.Wait()
			if code != 0 {
				t.Fatalf("backup exit %d: %s", code, stderr.String())
			}
			mu.Lock()
			t.Logf("%d acknowledged before the backup, %d in all; %s", len(before), len(acked), strings.TrimSpace(stdout.String()))
			mu.Unlock()

			codes := checkBackupFile(t, file)
			if want := fmt.Sprintf("backed up %d submissions", len(codes)); !strings.Contains(stdout.String(), want) {
				t.Errorf("stdout %q lacks %q", stdout.String(), want)
			}
			for _, c := range codes {
				if sent[c] == nil {
					t.Errorf("the backup has %s, which no one sent", c)
				}
			}
			copyStore := openStore(t, "sqlite:"+file)
			for c, want := range before {
				got, err := copyStore.Get(ctx, c)
				if err != nil {
					t.Errorf("acknowledged before the backup: %v", err)
					continue
				}
				if d := sameSubmission(want, got); d != "" {
					t.Errorf("%s in the backup: %s", c, d)
				}
			}
		})
	}
}

// checkBackupFile reads a backup as a plain SQLite file, before any
// store opens it: it must pass integrity_check, and every submission in
// it must have both its photos. It returns the codes in it.
func checkBackupFile(t *testing.T, file string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	var partial int
	if err := raw.QueryRow("SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM photos p WHERE p.code = s.code) != 2").Scan(&partial); err != nil {
		t.Fatal(err)
	}
	if partial != 0 {
		t.Errorf("%d submissions in the backup are half-written (without their two photos)", partial)
	}
	rows, err := raw.Query("SELECT code FROM submissions")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
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
	return codes
}

// TestCmdBackupRefuses checks what `minhbach backup` will not do: write
// over a file without --force, back up a SQLite file that is not there
// (Open would make an empty one), or copy a database onto itself; and
// that its command line is checked.
func TestCmdBackupRefuses(t *testing.T) {
	dir := t.TempDir()
	dbFile := filepath.Join(dir, "y-kien.db")
	db := "sqlite:" + dbFile
	st, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s := backupSubmission(t, int64(i))
		if _, _, err := st.Add(context.Background(), s, s.Code); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(dir, "co-san.db")
	old := []byte("a previous backup")

	cases := []struct {
		name     string
		args     []string
		exit     int
		stderr   string // a part of the message
		untouch  string // a file that must keep old's bytes
		noFile   string // a path that must not exist afterwards
		backedUp string // a file that must be a backup of the 3
	}{
		{name: "no file", args: []string{"--db", db}, exit: 2, stderr: "usage: minhbach backup"},
		{name: "two files", args: []string{"--db", db, "a.db", "b.db"}, exit: 2, stderr: "usage: minhbach backup"},
		{name: "unknown flag", args: []string{"--bogus", "a.db"}, exit: 2, stderr: "bogus"},
		{name: "exists", args: []string{"--db", db, existing}, exit: 1, stderr: "--force", untouch: existing},
		{name: "missing database", args: []string{"--db", "sqlite:" + filepath.Join(dir, "khong-co.db"), filepath.Join(dir, "out1.db")},
			exit: 1, stderr: "nothing to back up", noFile: filepath.Join(dir, "khong-co.db")},
		{name: "missing database, no output", args: []string{"--db", "sqlite:" + filepath.Join(dir, "khong-co.db"), filepath.Join(dir, "out2.db")},
			exit: 1, noFile: filepath.Join(dir, "out2.db")},
		{name: "unsupported database", args: []string{"--db", "mysql://x/y", filepath.Join(dir, "out3.db")}, exit: 1, stderr: "unsupported database"},
		{name: "onto itself", args: []string{"--db", db, "--force", dbFile}, exit: 1, stderr: "the database itself"},
		{name: "force", args: []string{"--force", "--db", db, existing}, exit: 0, backedUp: existing},
		{name: "flags after the file", args: []string{filepath.Join(dir, "sau.db"), "--db", db}, exit: 0, backedUp: filepath.Join(dir, "sau.db")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(existing, old, 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"backup"}, tc.args...), &stdout, &stderr)
			if code != tc.exit {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.exit, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.stderr)
			}
			if tc.untouch != "" {
				if b, err := os.ReadFile(tc.untouch); err != nil || !bytes.Equal(b, old) {
					t.Errorf("%s was changed: %q, %v", tc.untouch, b, err)
				}
			}
			if tc.noFile != "" {
				if _, err := os.Stat(tc.noFile); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was created (%v)", tc.noFile, err)
				}
			}
			if tc.backedUp != "" {
				if codes := checkBackupFile(t, tc.backedUp); len(codes) != 3 {
					t.Errorf("the backup has %d submissions, want 3", len(codes))
				}
				if !strings.Contains(stdout.String(), "backed up 3 submissions") {
					t.Errorf("stdout %q", stdout.String())
				}
			}
		})
	}
	// No temporary file is left beside the backups.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
