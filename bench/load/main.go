// Command load is a load generator for minhbach's search API: C
// concurrent clients on loopback send queries from a list until a time
// or a request budget runs out (both bounded, so it always stops by
// itself), then it prints requests per second and latency percentiles.
//
//	minhbach serve --site public --index .cache/index --addr 127.0.0.1:8080 &
//	go run ./bench/load -url http://127.0.0.1:8080 -c 8 -d 10s -n 20000
//
// Or self-contained, serving an index in-process on a free port:
//
//	go run ./bench/load -index .cache/index -site public -c 8 -d 10s
//
// Queries come from -queries FILE (one a line, # comments) or a built-in
// list of typical citizen queries; each request picks the next one in
// turn. Only loopback addresses are accepted: it is a benchmark, not a
// tool to load someone else's server.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/minhbach/minhbach/bench/internal/loadtest"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// defaultQueries are queries as citizens type them: with and without
// diacritics, abbreviations, numbers and codes, questions.
var defaultQueries = []string{
	"cấp giấy chứng nhận quyền sử dụng đất",
	"cap giay chung nhan quyen su dung dat",
	"sổ đỏ",
	"so do bi mat",
	"GCN QSDĐ",
	"UBND tỉnh",
	"thủ tục chuyển mục đích sử dụng đất",
	"đăng ký biến động",
	"giấy phép môi trường",
	"khai thác khoáng sản",
	"nước dưới đất",
	"45/2013/QH13",
	"1.004227",
	"bồi thường hỗ trợ tái định cư",
	"làm sao tách thửa",
	"khiếu nại quyết định thu hồi đất",
	"đất đai",
	"duong",
	"thuỷ lợi",
	"phí thẩm định hồ sơ",
}

// result is what one run measured.
type result struct {
	Requests   int            `json:"requests"`
	Errors     int            `json:"errors"`
	Statuses   map[string]int `json:"statuses"`
	Seconds    float64        `json:"seconds"`
	PerSecond  float64        `json:"requests_per_second"`
	P50ms      float64        `json:"p50_ms"`
	P90ms      float64        `json:"p90_ms"`
	P99ms      float64        `json:"p99_ms"`
	MaxMS      float64        `json:"max_ms"`
	Clients    int            `json:"clients"`
	Queries    int            `json:"queries"`
	TargetURL  string         `json:"url"`
	TargetPath string         `json:"path"`
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the server, on loopback")
	path := fs.String("path", "/api/search", "the endpoint: /api/search, /api/suggest or /tim-kiem/")
	clients := fs.Int("c", 8, "concurrent clients")
	maxReq := fs.Int("n", 20000, "stop after this many requests")
	dur := fs.Duration("d", 10*time.Second, "stop after this long")
	qfile := fs.String("queries", "", "file of queries, one a line (default: a built-in list)")
	extra := fs.String("params", "", "extra query parameters for every request, e.g. size=10&type=procedure")
	indexDir := fs.String("index", "", "serve this index in-process on a free loopback port instead of -url")
	siteDir := fs.String("site", "", "with -index: the built site folder (default: an empty temporary one)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *clients < 1 || *maxReq < 1 || *dur <= 0 {
		return errors.New("-c, -n and -d must be positive")
	}
	queries := defaultQueries
	if *qfile != "" {
		var err error
		if queries, err = readQueries(*qfile); err != nil {
			return err
		}
	}
	target := *base
	if *indexDir != "" {
		stop, addr, err := serveInProcess(ctx, *indexDir, *siteDir)
		if err != nil {
			return err
		}
		defer stop()
		target = "http://" + addr
	}
	if err := loadtest.CheckLoopback(target); err != nil {
		return err
	}
	res, err := load(ctx, target, *path, *extra, queries, *clients, *maxReq, *dur)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(stdout, "%s%s: %d clients, %d queries\n", res.TargetURL, res.TargetPath, res.Clients, res.Queries)
	fmt.Fprintf(stdout, "requests %d in %.2fs = %.0f req/s; errors %d %v\n", res.Requests, res.Seconds, res.PerSecond, res.Errors, res.Statuses)
	fmt.Fprintf(stdout, "latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", res.P50ms, res.P90ms, res.P99ms, res.MaxMS)
	if res.Errors > 0 {
		return fmt.Errorf("%d requests failed", res.Errors)
	}
	return nil
}

// load runs the clients and gathers their latencies.
func load(ctx context.Context, base, path, extra string, queries []string, clients, maxReq int, dur time.Duration) (*result, error) {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	urls := make([]string, len(queries))
	for i, q := range queries {
		u := base + path + "?q=" + url.QueryEscape(q)
		if extra != "" {
			u += "&" + extra
		}
		urls[i] = u
	}
	// One request first, so a wrong address fails fast and clearly.
	if _, _, err := fetch(ctx, client, urls[0]); err != nil {
		return nil, err
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
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			myStatus := map[string]int{}
			myErrs := 0
			for ctx.Err() == nil {
				n := next.Add(1)
				if n > int64(maxReq) {
					break
				}
				t0 := time.Now()
				code, _, err := fetch(ctx, client, urls[int(n-1)%len(urls)])
				el := time.Since(t0)
				switch {
				case err != nil && ctx.Err() != nil:
					// cut by the deadline: neither a success nor a failure
				case err != nil:
					myErrs++
					myStatus["error"]++
				default:
					mine = append(mine, el)
					myStatus[fmt.Sprint(code)]++
					if code != http.StatusOK {
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
		}()
	}
	wg.Wait()
	elapsed := time.Since(started)
	slices.Sort(lats)
	res := &result{
		Requests: len(lats), Errors: errs, Statuses: status, Seconds: elapsed.Seconds(),
		PerSecond: float64(len(lats)) / elapsed.Seconds(), Clients: clients, Queries: len(queries),
		TargetURL: base, TargetPath: path,
	}
	if len(lats) > 0 {
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		res.P50ms, res.P90ms, res.P99ms = ms(loadtest.Percentile(lats, 50)), ms(loadtest.Percentile(lats, 90)), ms(loadtest.Percentile(lats, 99))
		res.MaxMS = ms(lats[len(lats)-1])
	}
	return res, nil
}

// fetch sends one GET and reads the whole answer, so the connection is
// reused as a browser's would be.
func fetch(ctx context.Context, c *http.Client, u string) (int, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, n, err
}

// readQueries reads one query a line, skipping blanks and # comments.
func readQueries(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			qs = append(qs, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", name)
	}
	return qs, nil
}

// serveInProcess serves the index (and site) on a free loopback port
// with the same server as `minhbach serve`.
func serveInProcess(ctx context.Context, indexDir, siteDir string) (stop func(), addr string, err error) {
	ctx, cancel := context.WithCancel(ctx)
	var cleanup []func()
	stop = func() {
		cancel()
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	if siteDir == "" {
		if siteDir, err = os.MkdirTemp("", "minhbach-load-site-*"); err != nil {
			cancel()
			return nil, "", err
		}
		dir := siteDir
		cleanup = append(cleanup, func() { os.RemoveAll(dir) })
	}
	holder, err := search.OpenHolder(ctx, indexDir, search.HolderOptions{})
	if err != nil {
		stop()
		return nil, "", err
	}
	cleanup = append(cleanup, func() { holder.Close() })
	srv, err := server.New(server.Options{SiteDir: siteDir, Holder: holder, Logger: log.New(os.Stderr, "server: ", 0)})
	if err != nil {
		stop()
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		stop()
		return nil, "", err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ctx, ln); err != nil {
			log.Printf("server: %v", err)
		}
	}()
	// Serve must finish (graceful shutdown) before the holder closes.
	cleanup = append(cleanup, func() { cancel(); <-done })
	return stop, ln.Addr().String(), nil
}
