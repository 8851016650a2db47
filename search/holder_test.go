package search

import (
	"context"
	"io"
	"log"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minhbach/minhbach/search/searchtest"
)

func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }

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
	dir, h := fixtureHolder(t)

	oldRef := h.cur.Load()
	old, release, err := h.Acquire() // the request in flight
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), searchtest.Pages(searchtest.MarkerPage("kiwiberry")), dir, BuildOptions{}); err != nil {
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
	if _, err := Build(ctx, searchtest.Pages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHolder(ctx, dir, HolderOptions{Poll: 5 * time.Millisecond, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := Build(ctx, searchtest.Pages(searchtest.MarkerPage("durianfruit")), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	searchtest.WaitFor(t, "the new index", func() bool {
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
	dir, h := fixtureHolder(t)
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

// fixtureHolder builds the fixture index in a folder of the test's own
// and holds it, polling too seldom to matter: tests reload by hand.
func fixtureHolder(t *testing.T) (string, *Holder) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	if _, err := Build(ctx, searchtest.Pages(), dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHolder(ctx, dir, HolderOptions{Poll: time.Hour, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return dir, h
}
