// Command devreload measures the dev server's edit-to-reload time: how
// long from writing one content file to the open browser tab being told
// to reload, on a synthetic site (10,000 pages by default). It starts
// `minhbach dev` on the site, listens to the live reload event stream as
// a browser tab does, edits one page at a time and prints the median and
// spread of at least 20 edits. It also measures edit-to-searchable: how
// long until the dev server's search API finds the word the edit added.
//
//	go build -o bin/minhbach . && go run ./bench/devreload -pages 10000 -edits 25
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/bench/sitegen"
)

func main() {
	pages := flag.Int("pages", 10000, "số trang / pages in the synthetic site")
	edits := flag.Int("edits", 25, "số lần sửa / edits to time (at least 20 for the median)")
	bin := flag.String("bin", "bin/minhbach", "minhbach binary")
	keep := flag.String("site", "", "use (or create) the site in this folder instead of a temporary one")
	flag.Parse()
	if err := run(*pages, *edits, *bin, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "devreload:", err)
		os.Exit(1)
	}
}

func run(pages, edits int, bin, keep string) error {
	dir := keep
	if dir == "" {
		d, err := os.MkdirTemp("", "minhbach-devreload-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	site := filepath.Join(dir, "minhbach")
	if _, err := os.Stat(filepath.Join(site, "site.toml")); err != nil {
		fmt.Printf("generating %d pages in %s\n", pages, dir)
		if err := sitegen.Generate(sitegen.Options{Out: dir, Pages: pages, Seed: 1}); err != nil {
			return err
		}
	}
	files, err := contentFiles(site)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "dev", "--source", site, "--port", strconv.Itoa(port), "--db", "sqlite:"+filepath.Join(site, ".data", "y-kien.db"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	events, err := connect(ctx, fmt.Sprintf("http://127.0.0.1:%d/__minhbach/events", port))
	if err != nil {
		return err
	}
	fmt.Printf("dev server ready after %s (initial build of site and index)\n", time.Since(start).Round(time.Millisecond))
	var lat, found []time.Duration
	for i := 0; i < edits; i++ {
		f := files[(i*7919)%len(files)]
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		t0 := time.Now()
		word := marker(i)
		if err := os.WriteFile(f, append(b, []byte(fmt.Sprintf("\nSửa lần %d: %s.\n", i, word))...), 0o644); err != nil {
			return err
		}
		if err := waitFor(ctx, events, "reload", 60*time.Second); err != nil {
			return fmt.Errorf("edit %d (%s): %w", i, f, err)
		}
		lat = append(lat, time.Since(t0))
		if err := waitSearchable(ctx, port, word, 60*time.Second); err != nil {
			return fmt.Errorf("edit %d (%s): %w", i, f, err)
		}
		found = append(found, time.Since(t0))
	}
	report := func(what string, d []time.Duration) {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		pct := func(p float64) time.Duration { return d[int(p*float64(len(d)-1))] }
		fmt.Printf("pages=%d edits=%d %s: median %s, p90 %s, min %s, max %s\n",
			pages, len(d), what, pct(0.5).Round(100*time.Microsecond), pct(0.9).Round(100*time.Microsecond),
			d[0].Round(100*time.Microsecond), d[len(d)-1].Round(100*time.Microsecond))
	}
	report("edit-to-reload", lat)
	report("edit-to-searchable", found)
	return nil
}

// marker is a word no page has, different for each edit: "zqb", "zqc", ...
// followed by the edit's number in letters, so that no typo tolerance
// mistakes one edit's word for another's (the snippet must mark it).
func marker(i int) string {
	w := []byte("zq")
	for {
		w = append(w, byte('a'+i%26))
		i /= 26
		if i == 0 {
			break
		}
	}
	return string(w) + "xv"
}

// waitSearchable asks the dev server's search API for word until a hit's
// snippet marks it exactly. Polling here measures the server; it is a
// benchmark, not a test waiting for a condition it could be told about.
func waitSearchable(ctx context.Context, port int, word string, limit time.Duration) error {
	url := fmt.Sprintf("http://127.0.0.1:%d/api/search?q=%s", port, word)
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		var r struct {
			Hits []struct {
				Snippet string `json:"snippet"`
			} `json:"hits"`
		}
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("search API: %w", err)
		}
		for _, h := range r.Hits {
			if strings.Contains(h.Snippet, "<mark>"+word+"</mark>") {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%q not searchable within %s", word, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func contentFiles(site string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			out = append(out, p)
		}
		return err
	})
	sort.Strings(out)
	if len(out) == 0 && err == nil {
		err = fmt.Errorf("no content pages under %s", site)
	}
	return out, err
}

// connect opens the event stream once the server answers, retrying while
// it builds the site; the deadline bounds the wait.
func connect(ctx context.Context, url string) (<-chan string, error) {
	deadline := time.Now().Add(10 * time.Minute)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil && resp.StatusCode == http.StatusOK {
			ch := make(chan string, 16)
			go func() {
				defer resp.Body.Close()
				sc := bufio.NewScanner(resp.Body)
				for sc.Scan() {
					if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
						ch <- name
					}
				}
				close(ch)
			}()
			return ch, nil
		}
		if err == nil {
			resp.Body.Close()
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("dev server did not start: %v", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond): // polling a starting server, not synchronising a test
		}
	}
}

func waitFor(ctx context.Context, events <-chan string, name string, limit time.Duration) error {
	t := time.NewTimer(limit)
	defer t.Stop()
	for {
		select {
		case e, ok := <-events:
			if !ok {
				return fmt.Errorf("event stream closed")
			}
			if e == name {
				return nil
			}
			if e == "error" {
				return fmt.Errorf("the build failed")
			}
		case <-t.C:
			return fmt.Errorf("no %q event within %s", name, limit)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
