package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
)

// markerPage is a page only the rebuilt index has.
func markerPage(word string) *model.Page {
	return &model.Page{Kind: model.KindPage, Type: model.TypeNews, Title: "Tin " + word, URL: "/tin-tuc/" + word + "/",
		Text: "Bài viết có từ " + word + "."}
}

// total runs q on ix and returns the number of hits.
func total(t *testing.T, ix *Index, q string) uint64 {
	t.Helper()
	r, err := ix.Search(context.Background(), Request{Query: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return r.Total
}

// TestHolderSwapKeepsRequestInFlight: a request that acquired the old
// index keeps using it through a swap; the old index is closed only when
// that request releases it.
func TestHolderSwapKeepsRequestInFlight(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	if _, err := Build(ctx, fixturePages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	h, err := openHolder(ctx, dir, time.Hour, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()

	oldRef := h.cur.Load()
	old, release, err := h.Acquire() // the request in flight
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, fixturePages(markerPage("kiwiberry")), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := h.Reload(); err != nil {
		t.Fatal(err)
	}
	// The request in flight still searches the old index, which the
	// rebuild deleted from disk.
	if n := total(t, old, "dat dai"); n == 0 {
		t.Fatal("old index answers nothing after the swap")
	}
	if n := total(t, old, "kiwiberry"); n != 0 {
		t.Fatalf("old index has the new page")
	}
	// New requests get the new index.
	cur, releaseCur, err := h.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	if cur == old {
		t.Fatal("Reload did not switch")
	}
	if n := total(t, cur, "kiwiberry"); n != 1 {
		t.Fatalf("new index: %d hits for the new page", n)
	}
	releaseCur()
	if oldRef.closed.Load() {
		t.Fatal("old index closed while a request still holds it")
	}
	release()
	release() // a second release is harmless
	if !oldRef.closed.Load() {
		t.Error("old index still open after its last request released it")
	}
	if h.cur.Load().closed.Load() {
		t.Error("current index closed")
	}
}

// TestHolderPicksUpNewBuild: the holder notices a new build by itself.
func TestHolderPicksUpNewBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	if _, err := Build(ctx, fixturePages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	h, err := openHolder(ctx, dir, 5*time.Millisecond, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := Build(ctx, fixturePages(markerPage("durianfruit")), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the new index", func() bool {
		ix, release, err := h.Acquire()
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		return total(t, ix, "durianfruit") == 1
	})
}

// TestHolderKeepsIndexOnBadBuild: a folder that is not an index does not
// replace a working one.
func TestHolderKeepsIndexOnBadBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	if _, err := Build(ctx, fixturePages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	h, err := openHolder(ctx, dir, time.Hour, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	// A folder that is not an index takes the index's place.
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.Reload(); err == nil {
		t.Fatal("Reload of a broken index succeeded")
	}
	ix, release, err := h.Acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if total(t, ix, "dat dai") == 0 {
		t.Error("the working index was dropped")
	}
}

// TestSwapUnderLoad: clients search without pause while the index is
// rebuilt and swapped several times; not one request fails.
func TestSwapUnderLoad(t *testing.T) {
	ts := newTestServer(t, nil)
	indexDir := filepath.Join(ts.dir, "index")
	var (
		stop   atomic.Bool
		done   sync.WaitGroup
		ok     atomic.Int64
		failMu sync.Mutex
		fails  []string
	)
	client := ts.Client()
	for c := range 4 {
		done.Add(1)
		go func() {
			defer done.Done()
			for i := 0; !stop.Load() || i < 5; i++ {
				q := []string{"dat+dai", "giay+phep", "45%2F2013%2FQH13", "thong+bao"}[(c+i)%4]
				resp, err := client.Get(ts.URL + "/api/search?q=" + q)
				if err != nil {
					failMu.Lock()
					fails = append(fails, err.Error())
					failMu.Unlock()
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !json.Valid(body) {
					failMu.Lock()
					fails = append(fails, fmt.Sprintf("%d %s", resp.StatusCode, body))
					failMu.Unlock()
					continue
				}
				ok.Add(1)
			}
		}()
	}
	for i := range 4 {
		if _, err := Build(context.Background(), fixturePages(markerPage(fmt.Sprintf("swapword%d", i))), indexDir, BuildOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := ts.holder.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	done.Wait()
	if len(fails) > 0 {
		t.Fatalf("%d requests failed during swaps (of %d), first: %s", len(fails), int(ok.Load())+len(fails), fails[0])
	}
	resp, body := ts.get(t, "/api/search?q=swapword3")
	var r Response
	json.Unmarshal([]byte(body), &r)
	if resp.StatusCode != http.StatusOK || r.Total != 1 {
		t.Errorf("after the swaps: %d %s", resp.StatusCode, body)
	}
}

// TestGracefulShutdown: a request in flight when the server is told to
// stop finishes with its full answer; new connections are refused.
func TestGracefulShutdown(t *testing.T) {
	ts := newTestServer(t, nil)
	entered, proceed := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ts.srv.beforeSearch = func() {
		once.Do(func() { close(entered) })
		<-proceed
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- ts.srv.Serve(ctx, ln) }()

	type answer struct {
		status int
		body   []byte
		err    error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/api/search?q=dat+dai")
		if err != nil {
			got <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- answer{resp.StatusCode, b, err}
	}()
	<-entered // the request is in the handler
	cancel()  // SIGTERM
	// Shutdown has begun once the listener refuses connections.
	waitFor(t, "the listener to close", func() bool {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
	close(proceed)
	a := <-got
	if a.err != nil || a.status != http.StatusOK || !json.Valid(a.body) {
		t.Fatalf("request in flight: %v %d %s", a.err, a.status, a.body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// waitFor polls cond until it holds, failing after a generous deadline
// (a bound on a broken test, not a timing assertion).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		<-tick.C
	}
}

func TestNewServerErrors(t *testing.T) {
	if _, err := NewServer(ServerOptions{}); err == nil {
		t.Error("no SiteDir accepted")
	}
	if _, err := NewServer(ServerOptions{SiteDir: filepath.Join(t.TempDir(), "none")}); err == nil {
		t.Error("missing SiteDir accepted")
	}
	if _, err := OpenHolder(context.Background(), filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("missing index accepted")
	}
	var h *Holder = &Holder{}
	if _, _, err := h.Acquire(); !errors.Is(err, ErrNoIndex) {
		t.Errorf("empty holder: %v", err)
	}
}
