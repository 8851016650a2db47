package search

import (
	"fmt"
	"testing"
)

// TestPostingsCacheBound checks that the cache keeps within its memory
// bound by dropping the terms used least recently.
func TestPostingsCacheBound(t *testing.T) {
	entry := func(n int) *termPostings {
		return &termPostings{docs: make([]uint32, n), freqs: make([]uint16, n), norms: make([]float32, n), count: uint64(n)}
	}
	size := entry(100).bytes()
	c := newPostingsCache(3 * size)
	key := func(i int) cacheKey { return cacheKey{fieldTerm{fBody, fmt.Sprint(i)}, cachePostings} }
	for i := range 3 {
		c.put(key(i), entry(100), size)
	}
	c.get(key(0)) // now the most recent
	c.put(key(3), entry(100), size)
	tests := []struct {
		key  int
		kept bool
	}{{0, true}, {1, false}, {2, true}, {3, true}}
	for _, tt := range tests {
		if got := c.get(key(tt.key)) != nil; got != tt.kept {
			t.Errorf("term %d kept = %v, want %v", tt.key, got, tt.kept)
		}
	}
	if c.used > c.limit {
		t.Errorf("uses %d bytes, bound %d", c.used, c.limit)
	}
	c.put(key(9), entry(1000), entry(1000).bytes()) // larger than the whole cache: not kept
	if c.get(key(9)) != nil || c.get(key(3)) == nil {
		t.Error("an entry larger than the cache displaced the others")
	}
}

// TestPostingsFilledInBackground: a search scores terms whose postings
// are not cached through Bleve and has them read in the background; the
// same search afterwards scores from the cache, with the same result to
// the last bit. Closing the view stops the reading before the snapshot
// goes.
func TestPostingsFilledInBackground(t *testing.T) {
	ix := testIndex(t)
	req := Request{Query: "bảo vệ môi trường làng nghề"}
	cold := search(t, ix, req)
	c := ix.cols.postings
	c.flush()
	cached := 0
	c.mu.Lock()
	for k := range c.entries {
		if k.kind == cachePostings {
			cached++
		}
	}
	c.mu.Unlock()
	if cached == 0 {
		t.Fatal("no postings cached after a search and a flush")
	}
	warm := search(t, ix, req)
	if len(warm.Hits) != len(cold.Hits) || warm.Total != cold.Total {
		t.Fatalf("cached search: %d hits of %d, want %d of %d", len(warm.Hits), warm.Total, len(cold.Hits), cold.Total)
	}
	for i := range cold.Hits {
		if warm.Hits[i].URL != cold.Hits[i].URL || warm.Hits[i].Score != cold.Hits[i].Score {
			t.Errorf("hit %d: cached %s %v, uncached %s %v", i, warm.Hits[i].URL, warm.Hits[i].Score, cold.Hits[i].URL, cold.Hits[i].Score)
		}
	}

	// A search leaves reads queued; Close must wait for them.
	search(t, ix, Request{Query: "nước mặt tin tức"})
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	c.fill(fillJob{key: cacheKey{fieldTerm{fBody, "nuoc"}, cachePostings}}) // after Close: ignored
}
