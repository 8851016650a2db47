package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/minhbach/minhbach/participation"
)

// The durability test's load: clients sending at once, and how many
// acknowledgements to wait for before killing the server.
const (
	durabilityClients = 32
	killAfterAcks     = 300
)

// durabilityDisclosure is the one page of the test site that takes
// comments; durabilityCommune the one commune.
const (
	durabilityDisclosure = "/cong-khai/lay-y-kien-du-an-duong-ven-bien/"
	durabilityCommune    = "Xã Tịnh Khê"
)

// TestDurabilityUnderSIGKILL holds `minhbach serve` to its promise that
// a tracking code shown to a citizen is never lost: 32 clients post
// comments, each with its own Idempotency-Key, and after 300 answers
// 201 the server is killed with SIGKILL while requests are in flight.
// Restarted on the same database it must come up cleanly, know every
// acknowledged code, and take the unacknowledged requests again, each
// resent with its key, so that every key ends up as exactly one
// submission: none lost, none twice, none half-written.
func TestDurabilityUnderSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it twice per database: not with -short")
	}
	bin := buildBinary(t)
	site, source := durabilitySite(t)
	index := serveTestIndex(t)
	for _, be := range storeBackends {
		t.Run(be.name, func(t *testing.T) {
			testDurability(t, bin, []string{"serve", "--site", site, "--source", source, "--index", index,
				"--addr", "127.0.0.1:0", "--db", be.url(t)})
		})
	}
}

func testDurability(t *testing.T, bin string, args []string) {
	dbURL := args[len(args)-1]
	work := t.TempDir() // the servers' working folder: nothing lands in the repository

	// 1. Load, then SIGKILL with requests in flight.
	first := startServer(t, bin, work, args)
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: durabilityClients},
		Timeout:   30 * time.Second,
	}
	defer client.CloseIdleConnections()
	var (
		mu       sync.Mutex
		acked    = map[string]string{} // key → code answered with 201
		unacked  []comment             // sent, without a 201 (in flight at the kill, or after)
		sent     = map[string]comment{}
		nAcked   atomic.Int64
		inFlight atomic.Int64
		killed   atomic.Bool
		killNow  = make(chan struct{})
		wg       sync.WaitGroup
	)
	for c := range durabilityClients {
		wg.Go(func() {
			for n := 0; ; n++ {
				cm := newComment(c, n)
				mu.Lock()
				sent[cm.key] = cm
				mu.Unlock()
				inFlight.Add(1)
				code, status, err := postComment(context.Background(), client, first.base(), cm)
				inFlight.Add(-1)
				if err != nil || status != http.StatusCreated {
					if !killed.Load() {
						t.Errorf("before the kill: %s: status %d, %v", cm.key, status, err)
					}
					mu.Lock()
					unacked = append(unacked, cm)
					mu.Unlock()
					return // the server is gone: this client's last request
				}
				mu.Lock()
				acked[cm.key] = code
				mu.Unlock()
				if nAcked.Add(1) == killAfterAcks {
					close(killNow)
				}
			}
		})
	}
	clientsDone := make(chan struct{})
	go func() { wg.Wait(); close(clientsDone) }()
	select {
	case <-killNow:
	case <-clientsDone:
		t.Fatalf("every client stopped after %d acknowledgements, before the kill", nAcked.Load())
	case <-first.exited:
		t.Fatalf("the server exited by itself: %v\n%s", first.waitErr, first.stderr.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("only %d acknowledgements in 2 minutes", nAcked.Load())
	}
	killed.Store(true)
	atKill := inFlight.Load()
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	first.wait(t, 30*time.Second)
	select {
	case <-clientsDone:
	case <-time.After(time.Minute):
		t.Fatal("clients still waiting a minute after the kill")
	}
	if s := first.stderr.String(); strings.Contains(s, "participation:") {
		t.Errorf("the first server logged store errors:\n%s", s)
	}
	restart := time.Now()
	t.Logf("killed after %d acknowledgements with %d requests in flight; %d sent, %d unacknowledged",
		len(acked), atKill, len(sent), len(unacked))
	if len(unacked) == 0 {
		t.Fatal("no request was in flight at the kill: the test tested nothing")
	}

	// 2. Restart on the same database: it must come up, and keep every
	// promise.
	second := startServer(t, bin, work, args)
	retried := resend(t, client, second.base(), unacked)
	// The acknowledged ones, sent again with their keys after the
	// restart, get their first code back: idempotency outlives a crash.
	again := make([]comment, 0, len(acked))
	for key := range acked {
		again = append(again, sent[key])
	}
	for key, code := range resend(t, client, second.base(), again) {
		if code != acked[key] {
			t.Errorf("%s: acknowledged as %s, resent after the restart it got %s", key, acked[key], code)
		}
	}
	for key, code := range acked {
		if status := getStatus(t, client, second.base(), code); status != http.StatusOK {
			t.Errorf("GET %s (acknowledged for %s) after the restart: %d", code, key, status)
		}
	}
	client.CloseIdleConnections()
	if err := second.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	second.wait(t, 30*time.Second)
	if second.waitErr != nil {
		t.Errorf("the restarted server did not stop cleanly: %v", second.waitErr)
	}
	if !strings.Contains(second.stdout.String(), "stopped") {
		t.Errorf("the restarted server did not say it stopped:\n%s", second.stdout.String())
	}
	if s := second.stderr.String(); s != "" {
		t.Errorf("the restarted server logged:\n%s", s)
	}

	// 3. Count in the database: exactly one submission per key, each the
	// comment sent with it.
	rows := storedRows(t, dbURL)
	if len(rows) != len(sent) {
		t.Errorf("%d submissions stored for %d keys sent", len(rows), len(sent))
	}
	committedUnacked := 0
	for key, cm := range sent {
		r, ok := rows[key]
		if !ok {
			t.Errorf("%s: sent, resent, and not stored", key)
			continue
		}
		if r.text != cm.text || r.kind != string(participation.KindComment) || r.target != durabilityDisclosure {
			t.Errorf("%s is stored as %s %s %q, want the comment sent: %q", key, r.kind, r.target, r.text, cm.text)
		}
		if code, ok := acked[key]; ok && r.code != code {
			t.Errorf("%s: acknowledged as %s, stored as %s", key, code, r.code)
		}
		if code, ok := retried[key]; ok {
			if r.code != code {
				t.Errorf("%s: resent as %s, stored as %s", key, code, r.code)
			}
			if r.received.Before(restart) {
				committedUnacked++
			}
		}
	}
	// Requests committed just before the kill, whose answer never left:
	// the resend must have found them rather than stored them again.
	t.Logf("%d submissions in the database; %d of the %d unacknowledged had been committed before the kill",
		len(rows), committedUnacked, len(unacked))
}

// comment is one request of the test: its key and its body.
type comment struct {
	key, text string
	body      []byte
}

func newComment(client, n int) comment {
	text := fmt.Sprintf("Góp ý %d-%d: đề nghị bổ sung phương án tái định cư tại chỗ cho các hộ ven biển.", client, n)
	body, err := json.Marshal(map[string]any{
		"kind": "comment", "target": durabilityDisclosure, "text": text, "commune": durabilityCommune,
		"name": "Lê Văn Tám", "contact": fmt.Sprintf("09%02d %06d", client, n), "consent": true,
	})
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	return comment{key: fmt.Sprintf("durability-%02d-%05d", client, n), text: text, body: body}
}

// postComment sends one comment as the portal's script does and gives
// the code of a 201, read whole: a 201 cut short is no acknowledgement.
func postComment(ctx context.Context, c *http.Client, base string, cm comment) (code string, status int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+participation.SubmitPath, bytes.NewReader(cm.body))
	if err != nil {
		return "", 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", cm.key)
	resp, err := c.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", resp.StatusCode, err
	}
	if resp.StatusCode != http.StatusCreated {
		return "", resp.StatusCode, fmt.Errorf("answer %s", b)
	}
	var ans struct {
		Code      string `json:"code"`
		StatusURL string `json:"status_url"`
	}
	if err := json.Unmarshal(b, &ans); err != nil {
		return "", resp.StatusCode, fmt.Errorf("answer %q: %w", b, err)
	}
	if ans.Code == "" || ans.StatusURL != "/theo-doi/"+ans.Code+"/" {
		return "", resp.StatusCode, fmt.Errorf("answer %s", b)
	}
	return ans.Code, resp.StatusCode, nil
}

// resend sends each comment again, with its key, from several clients
// at once, and gives the code each got; any answer but 201 fails.
func resend(t *testing.T, c *http.Client, base string, cms []comment) map[string]string {
	t.Helper()
	var (
		mu    sync.Mutex
		codes = make(map[string]string, len(cms))
		next  atomic.Int64
		wg    sync.WaitGroup
	)
	for range durabilityClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(cms) {
					return
				}
				code, status, err := postComment(context.Background(), c, base, cms[i])
				if err != nil {
					t.Errorf("resending %s after the restart: status %d, %v", cms[i].key, status, err)
					continue
				}
				mu.Lock()
				codes[cms[i].key] = code
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return codes
}

// getStatus asks the API for a code's status.
func getStatus(t *testing.T, c *http.Client, base, code string) int {
	t.Helper()
	resp, err := c.Get(base + participation.SubmitPath + "/" + code)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var pub participation.Public
	if err := json.NewDecoder(resp.Body).Decode(&pub); err != nil {
		t.Errorf("GET %s: %v", code, err)
	}
	if resp.StatusCode == http.StatusOK && (pub.Code != code || pub.Target != durabilityDisclosure) {
		t.Errorf("GET %s: %+v", code, pub)
	}
	return resp.StatusCode
}

// storedRow is what the test reads back of one stored submission.
type storedRow struct {
	code, kind, target, text string
	received                 time.Time
}

// storedRows reads every submission of the store at dbURL by key, once
// no server runs on it: through sqlstore's Backup, which gives one SQLite
// file whatever the database (and a SQLite database is first checked
// whole with integrity_check).
func storedRows(t *testing.T, dbURL string) map[string]storedRow {
	t.Helper()
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		checkIntegrity(t, path)
	}
	st := openStore(t, dbURL)
	file := filepath.Join(t.TempDir(), "copy.db")
	if err := st.Backup(context.Background(), file); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT idempotency_key, code, kind, target, text, received FROM submissions")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]storedRow{}
	for rows.Next() {
		var (
			key      sql.NullString
			r        storedRow
			received string
		)
		if err := rows.Scan(&key, &r.code, &r.kind, &r.target, &r.text, &received); err != nil {
			t.Fatal(err)
		}
		if r.received, err = time.Parse("2006-01-02T15:04:05.000000Z", received); err != nil {
			t.Fatal(err)
		}
		if !key.Valid {
			t.Errorf("%s was stored without its idempotency key", r.code)
			continue
		}
		if prev, dup := out[key.String]; dup {
			t.Errorf("key %s stored twice: %s and %s", key.String, prev.code, r.code)
		}
		out[key.String] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkIntegrity runs SQLite's integrity_check on a database file that
// no one has open.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check of %s after the kill = %q, %v", path, check, err)
	}
}

// buildBinary builds the minhbach command into the test's temporary
// folder: the test kills a real process, not a goroutine.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tmp", "minhbach")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// durabilitySite writes a built site as the server needs it to take
// comments: its private catalog (.minhbach/participation.json) with one
// disclosure whose comment period includes today in Vietnam, and the
// /theo-doi/ frame; and a source folder whose site.toml turns the
// challenge off and the rate limits up, so that only the store limits
// the load.
func durabilitySite(t *testing.T) (site, source string) {
	t.Helper()
	site, source = t.TempDir(), t.TempDir()
	today := participation.Today(time.Now())
	cat := map[string]any{
		"communes": []string{durabilityCommune},
		"targets": []map[string]string{{
			"path": durabilityDisclosure, "type": "disclosure", "title": "Lấy ý kiến phương án bồi thường dự án đường ven biển",
			"posted": today.AddDate(0, 0, -7).Format(time.DateOnly), "until": today.AddDate(0, 0, 30).Format(time.DateOnly),
		}},
	}
	b, err := json.Marshal(cat)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		filepath.Join(site, ".minhbach", participation.CatalogFile): string(b),
		filepath.Join(site, "index.html"):                           "<!DOCTYPE html><title>Trang chủ</title>",
		filepath.Join(site, "theo-doi", "index.html"):               `<!DOCTYPE html><html lang="vi"><title>Theo dõi ý kiến</title><main><!--minhbach:participation--></main></html>`,
		filepath.Join(source, "site.toml"): "title = \"Sở Tài nguyên và Môi trường\"\nbaseURL = \"http://127.0.0.1/\"\nlanguageCode = \"vi\"\n" +
			"[participation]\nchallenge = false\nper_address_per_minute = 100000\nglobal_per_minute = 1000000\n",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site, source
}

// serverProc is one `minhbach serve` process.
type serverProc struct {
	cmd            *exec.Cmd
	addr           string
	stdout, stderr *syncBuf
	exited         chan struct{} // closed once the process is reaped
	waitErr        error         // its exit status, once exited is closed
}

func (p *serverProc) base() string { return "http://" + p.addr }

// wait waits for the process to exit, for at most d.
func (p *serverProc) wait(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(d):
		t.Fatalf("the server did not exit within %s", d)
	}
}

// servingLine is the line serve prints once it listens.
var servingLine = regexp.MustCompile(`serving http://(\S+)`)

// startServer starts bin with args in the folder work and returns once
// it prints the address it serves on; the test's end kills it if it
// still runs.
func startServer(t *testing.T, bin, work string, args []string) *serverProc {
	t.Helper()
	p := &serverProc{cmd: exec.Command(bin, args...), stdout: &syncBuf{}, stderr: &syncBuf{}, exited: make(chan struct{})}
	p.cmd.Dir = work
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			p.stdout.Write([]byte(line + "\n"))
			if m := servingLine.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	go func() {
		<-read // Wait closes the pipe: read it to the end first
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	select {
	case p.addr = <-addr:
	case <-p.exited:
		t.Fatalf("serve exited at start: %v\n%s", p.waitErr, p.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve printed no address in 60 s:\n%s%s", p.stdout.String(), p.stderr.String())
	}
	return p
}

// syncBuf is a bytes.Buffer safe for a process's writes and the test's
// reads at once.
type syncBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
