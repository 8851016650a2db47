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
