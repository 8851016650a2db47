// Command submit is a load generator for minhbach's participation API:
// C concurrent clients on loopback post comments (POST /api/feedback,
// JSON, each with an Idempotency-Key of its own) until a time or a
// request budget runs out, then it prints acknowledged submissions per
// second, latency percentiles and errors. A 201 is only sent once the
// submission is committed to disk, so the rate is of durable writes.
//
// The server must take comments on -target, without the anti-spam
// challenge and with rate limits above the load. -setup writes such a
// site (one disclosure open for comments today), a site.toml and a search
// index, and prints the serve command:
//
//	go run ./bench/submit -setup /tmp/submit
//	go build -o bin/minhbach . && bin/minhbach serve --site /tmp/submit/site --source /tmp/submit/source \
//	    --index /tmp/submit/index --db sqlite:/tmp/submit/y-kien.db --addr 127.0.0.1:8080 &
//	go run ./bench/submit -url http://127.0.0.1:8080 -c 50 -d 20s
//
// With -rate R the clients together send R submissions a second, each
// on a schedule of its own, and latency counts from when a request was
// due: a slow answer also counts against the requests it delayed (no
// coordinated omission). Without it each client sends its next as soon
// as the last is answered: the most the server takes. Only loopback
// addresses are accepted: it is a benchmark, not a tool to flood
// someone else's server.
//
// To see where the time goes, -serve DIR serves a -setup folder
// in-process, with the same server and store as `minhbach serve`, on a
// free loopback port, and -cpuprofile writes a CPU profile of the run
// (server and clients both; the server's part is under
// server.(*Server).submit and the store's writer):
//
//	go run ./bench/submit -serve /tmp/submit -db sqlite:/tmp/submit/y-kien.db -c 50 -d 20s -cpuprofile /tmp/submit/cpu.out
//	go tool pprof -top -cum /tmp/submit/cpu.out
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/minhbach/minhbach/bench/internal/loadtest"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// The disclosure and commune of the -setup site.
const (
	setupTarget  = "/cong-khai/lay-y-kien-phuong-an-boi-thuong-du-an-duong-ven-bien/"
	setupCommune = "Xã Tịnh Khê"
)

// result is what one run measured.
type result struct {
	Acked     int            `json:"acknowledged"`
	Errors    int            `json:"errors"`
	Statuses  map[string]int `json:"statuses"`
	Seconds   float64        `json:"seconds"`
	PerSecond float64        `json:"submissions_per_second"`
	P50ms     float64        `json:"p50_ms"`
	P90ms     float64        `json:"p90_ms"`
	P99ms     float64        `json:"p99_ms"`
	MaxMS     float64        `json:"max_ms"`
	Clients   int            `json:"clients"`
	Rate      float64        `json:"rate,omitempty"`
	TargetURL string         `json:"url"`
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "submit:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("submit", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the server, on loopback")
	clients := fs.Int("c", 50, "concurrent clients")
	dur := fs.Duration("d", 20*time.Second, "stop after this long")
	maxReq := fs.Int("n", 10_000_000, "stop after this many requests")
	rate := fs.Float64("rate", 0, "submissions a second from all clients together (0: each client back to back)")
	target := fs.String("target", setupTarget, "the disclosure to comment on (open for comments today)")
	commune := fs.String("commune", setupCommune, "the commune to name (empty: none)")
	setup := fs.String("setup", "", "write a site, site.toml and index for the benchmark into this folder, print the serve command, and exit")
	serveDir := fs.String("serve", "", "serve this -setup folder in-process on a free loopback port instead of -url")
	db := fs.String("db", "", "with -serve: the store, sqlite:PATH or postgres://…")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *setup != "" {
		return writeSetup(ctx, *setup, stdout)
	}
	if *clients < 1 || *maxReq < 1 || *dur <= 0 || *rate < 0 {
		return errors.New("-c, -n and -d must be positive, -rate not negative")
	}
	baseURL := *base
	if *serveDir != "" {
		if *db == "" {
			return errors.New("-serve needs -db")
		}
		stop, addr, err := serveInProcess(ctx, *serveDir, *db)
		if err != nil {
			return err
		}
		defer stop()
		baseURL = "http://" + addr
	}
	if err := loadtest.CheckLoopback(baseURL); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	l := &loader{base: baseURL, target: *target, commune: *commune}
	if err := l.init(*clients); err != nil {
		return err
	}
	defer l.http.CloseIdleConnections()
	res, err := l.load(ctx, *clients, *maxReq, *dur, *rate)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		pace := "back to back"
		if res.Rate > 0 {
			pace = fmt.Sprintf("paced at %.0f/s", res.Rate)
		}
		fmt.Fprintf(stdout, "%s%s: %d clients, %s\n", res.TargetURL, participation.SubmitPath, res.Clients, pace)
		fmt.Fprintf(stdout, "acknowledged %d in %.2fs = %.0f submissions/s; errors %d %v\n", res.Acked, res.Seconds, res.PerSecond, res.Errors, res.Statuses)
		fmt.Fprintf(stdout, "latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", res.P50ms, res.P90ms, res.P99ms, res.MaxMS)
	}
	if res.Errors > 0 {
		return fmt.Errorf("%d requests failed", res.Errors)
	}
	return nil
}

// loader sends the comments.
type loader struct {
	base, target, commune string
	http                  *http.Client
	// run makes keys unique across runs against one database: a key seen
	// before would be answered from the store without a write.
	run string
	seq atomic.Int64
}

func (l *loader) init(clients int) error {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: 30 * time.Second}
	l.http = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	l.run = hex.EncodeToString(b)
	return nil
}

// load runs the clients and gathers the latencies of the 201s.
func (l *loader) load(ctx context.Context, clients, maxReq int, dur time.Duration, rate float64) (*result, error) {
	// One submission first, so a wrong address, target or rate limit
	// fails fast and clearly.
	if status, err := l.post(ctx); err != nil || status != http.StatusCreated {
		if err == nil {
			err = fmt.Errorf("status %d", status)
		}
		return nil, fmt.Errorf("the first submission: %w", err)
	}
	var interval time.Duration // between one client's requests when paced
	if rate > 0 {
		interval = time.Duration(float64(clients) / rate * float64(time.Second))
	}
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	var (
		next    atomic.Int64
		mu      sync.Mutex
		lats    []time.Duration
		errs    int
		status  = map[string]int{}
		wg      sync.WaitGroup
		started = time.Now()
	)
	for c := range clients {
		wg.Go(func() {
			var mine []time.Duration
			myStatus := map[string]int{}
			myErrs := 0
			// Spread the paced clients' schedules over one interval.
			due := started.Add(time.Duration(c) * interval / time.Duration(clients))
			for ctx.Err() == nil && next.Add(1) <= int64(maxReq) {
				if interval > 0 {
					if !sleepUntil(ctx, due) { // pacing the load, not synchronisation
						break
					}
				} else {
					due = time.Now()
				}
				code, err := l.post(ctx)
				el := time.Since(due)
				due = due.Add(interval)
				switch {
				case err != nil && ctx.Err() != nil:
					// cut by the deadline: neither a success nor a failure
				case err != nil:
					myErrs++
					myStatus["error"]++
				default:
					myStatus[fmt.Sprint(code)]++
					if code == http.StatusCreated {
						mine = append(mine, el)
					} else {
						myErrs++
					}
				}
			}
			mu.Lock()
			lats = append(lats, mine...)
			errs += myErrs
			for k, v := range myStatus {
				status[k] += v
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(started)
	slices.Sort(lats)
	res := &result{
		Acked: len(lats), Errors: errs, Statuses: status, Seconds: elapsed.Seconds(),
		PerSecond: float64(len(lats)) / elapsed.Seconds(), Clients: clients, Rate: rate, TargetURL: l.base,
	}
	if len(lats) > 0 {
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		res.P50ms, res.P90ms, res.P99ms = ms(loadtest.Percentile(lats, 50)), ms(loadtest.Percentile(lats, 90)), ms(loadtest.Percentile(lats, 99))
		res.MaxMS = ms(lats[len(lats)-1])
	}
	return res, nil
}

// sleepUntil waits until t or until ctx ends, and reports whether t came.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// post sends one comment, as the portal's script does, and reads the
// whole answer, so the connection is reused.
func (l *loader) post(ctx context.Context) (int, error) {
	n := l.seq.Add(1)
	body, err := json.Marshal(map[string]any{
		"kind": "comment", "target": l.target, "commune": l.commune, "consent": true,
		"text":    fmt.Sprintf("Góp ý số %d: đề nghị công khai bản đồ ranh giới thu hồi đất và bố trí tái định cư tại chỗ cho các hộ ven biển.", n),
		"name":    "Trần Văn An",
		"contact": fmt.Sprintf("0905 %06d", n%1_000_000),
	})
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.base+participation.SubmitPath, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%s-%d", l.run, n))
	resp, err := l.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// writeSetup writes what `minhbach serve` needs to take the benchmark's
// comments, without building a real site: DIR/site with the private
// catalog (one disclosure open for comments from a week ago to a month
// from now, in Vietnam's days) and the /theo-doi/ frame; DIR/source/
// site.toml with the challenge off and the rate limits far above the
// load; and DIR/index, a two-page search index.
func writeSetup(ctx context.Context, dir string, stdout io.Writer) error {
	today := participation.Today(time.Now())
	cat, err := json.Marshal(map[string]any{
		"communes": []string{setupCommune},
		"targets": []map[string]string{{
			"path": setupTarget, "type": model.TypeDisclosure, "title": "Lấy ý kiến phương án bồi thường dự án đường ven biển",
			"posted": today.AddDate(0, 0, -7).Format(time.DateOnly), "until": today.AddDate(0, 0, 30).Format(time.DateOnly),
		}},
	})
	if err != nil {
		return err
	}
	site, source, index := filepath.Join(dir, "site"), filepath.Join(dir, "source"), filepath.Join(dir, "index")
	files := map[string]string{
		filepath.Join(site, ".minhbach", participation.CatalogFile): string(cat),
		filepath.Join(site, "index.html"):                           "<!DOCTYPE html><title>Trang chủ</title>",
		filepath.Join(site, "theo-doi", "index.html"):               `<!DOCTYPE html><html lang="vi"><title>Theo dõi ý kiến</title><main><!--minhbach:participation--></main></html>`,
		filepath.Join(source, "site.toml"): "title = \"Sở Tài nguyên và Môi trường\"\nbaseURL = \"http://127.0.0.1/\"\nlanguageCode = \"vi\"\n" +
			"[participation]\nchallenge = false\nper_address_per_minute = 10000000\nglobal_per_minute = 100000000\n",
	}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(index); err != nil {
		return err
	}
	pages := []*model.Page{{Kind: model.KindPage, Type: model.TypeDisclosure, Title: "Lấy ý kiến phương án bồi thường",
		URL: setupTarget, Text: "Phương án bồi thường, hỗ trợ, tái định cư dự án đường ven biển."}}
	if _, err := search.Build(ctx, pages, index, search.BuildOptions{}); err != nil {
		return fmt.Errorf("building the index: %w", err)
	}
	fmt.Fprintf(stdout, "minhbach serve --site %s --source %s --index %s --db sqlite:%s --addr 127.0.0.1:8080\n",
		site, source, index, filepath.Join(dir, "y-kien.db"))
	return nil
}

// serveInProcess serves a -setup folder with the store at db, as
// `minhbach serve` would (challenge off, rate limits far above the
// load), on a free loopback port.
func serveInProcess(ctx context.Context, dir, db string) (stop func(), addr string, err error) {
	ctx, cancel := context.WithCancel(ctx)
	var cleanup []func()
	stop = func() {
		cancel()
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	fail := func(err error) (func(), string, error) {
		stop()
		return nil, "", err
	}
	holder, err := search.OpenHolder(ctx, filepath.Join(dir, "index"), search.HolderOptions{})
	if err != nil {
		return fail(err)
	}
	cleanup = append(cleanup, func() { holder.Close() })
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		return fail(err)
	}
	cleanup = append(cleanup, func() {
		if err := st.Close(); err != nil {
			log.Printf("closing the store: %v", err)
		}
	})
	off := false
	cfg := participation.Config{Database: db, Challenge: &off, PerAddressPerMinute: 10_000_000, GlobalPerMinute: 100_000_000}
	srv, err := server.New(server.Options{SiteDir: filepath.Join(dir, "site"), Holder: holder,
		Logger: log.New(os.Stderr, "server: ", 0), Participation: &server.Participation{Store: st, Config: cfg.WithDefaults()}})
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ctx, ln); err != nil {
			log.Printf("server: %v", err)
		}
	}()
	// Serve must finish (graceful shutdown) before the store closes.
	cleanup = append(cleanup, func() { cancel(); <-done })
	return stop, ln.Addr().String(), nil
}
