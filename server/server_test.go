package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/search/searchtest"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

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
		if _, err := search.Build(context.Background(), searchtest.Pages(searchtest.MarkerPage(fmt.Sprintf("swapword%d", i))), indexDir, search.BuildOptions{}); err != nil {
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
	var r search.Response
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
	searchtest.WaitFor(t, "the listener to close", func() bool {
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

func TestNewServerErrors(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("no SiteDir accepted")
	}
	if _, err := New(Options{SiteDir: filepath.Join(t.TempDir(), "none")}); err == nil {
		t.Error("missing SiteDir accepted")
	}
	if _, err := search.OpenHolder(context.Background(), filepath.Join(t.TempDir(), "none"), search.HolderOptions{}); err == nil {
		t.Error("missing index accepted")
	}
	var h *search.Holder = &search.Holder{}
	if _, _, err := h.Acquire(); !errors.Is(err, search.ErrNoIndex) {
		t.Errorf("empty holder: %v", err)
	}
}
