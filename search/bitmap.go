package search

import (
	"math/bits"
	"slices"
)

// bitmap is a set of document numbers, one bit each. A search works on
// whole sets of pages at once (a word's pages, a facet value's pages, the
// candidates) rather than page by page: on 100,000 pages a set is 1,563
// words, and intersecting, joining or counting two of them takes about a
// microsecond, where visiting the tens of thousands of pages of a common
// word one by one takes milliseconds.
type bitmap []uint64

// newBitmap returns an empty set of documents below n.
func newBitmap(n int) bitmap { return make(bitmap, (n+63)/64) }

func (b bitmap) set(d uint64) { b[d/64] |= 1 << (d % 64) }

func (b bitmap) has(d uint64) bool { return d/64 < uint64(len(b)) && b[d/64]&(1<<(d%64)) != 0 }

// or adds the documents of o to b.
func (b bitmap) or(o bitmap) {
	for i := range min(len(b), len(o)) {
		b[i] |= o[i]
	}
}

// and keeps in b the documents of o.
func (b bitmap) and(o bitmap) {
	n := min(len(b), len(o))
	for i := range n {
		b[i] &= o[i]
	}
	clear(b[n:])
}

// andNot removes from b the documents of o.
func (b bitmap) andNot(o bitmap) {
	for i := range min(len(b), len(o)) {
		b[i] &^= o[i]
	}
}

func (b bitmap) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// andCount is the number of documents in both a and b.
func andCount(a, b bitmap) int {
	n := 0
	for i := range min(len(a), len(b)) {
		n += bits.OnesCount64(a[i] & b[i])
	}
	return n
}

// orShifted adds the documents of src, numbered from off, to b, dropping
// any past b's end: a segment's postings into the snapshot's numbering.
func (b bitmap) orShifted(src bitmap, off uint64) {
	w, sh := int(off/64), off%64
	if sh == 0 {
		if w < len(b) {
			b[w:].or(src)
		}
		return
	}
	for i, x := range src {
		if w+i >= len(b) {
			return
		}
		b[w+i] |= x << sh
		if w+i+1 < len(b) {
			b[w+i+1] |= x >> (64 - sh)
		}
	}
}

// clearFrom removes the documents from n on.
func (b bitmap) clearFrom(n uint64) {
	w := n / 64
	if w >= uint64(len(b)) {
		return
	}
	b[w] &= 1<<(n%64) - 1
	clear(b[w+1:])
}

// nextFrom returns the first document of b at or after d, and false if
// there is none.
func (b bitmap) nextFrom(d uint64) (uint64, bool) {
	i := d / 64
	if i >= uint64(len(b)) {
		return 0, false
	}
	w := b[i] &^ (1<<(d%64) - 1)
	for w == 0 {
		i++
		if i >= uint64(len(b)) {
			return 0, false
		}
		w = b[i]
	}
	return i*64 + uint64(bits.TrailingZeros64(w)), true
}

// appendDocs appends the documents of b, in order, to dst until it holds
// limit of them (all of them when limit < 0).
func (b bitmap) appendDocs(dst []uint64, limit int) []uint64 {
	for i, w := range b {
		for w != 0 {
			if limit >= 0 && len(dst) >= limit {
				return dst
			}
			dst = append(dst, uint64(i*64+bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
	return dst
}

// atLeast returns the documents below n in at least k of sets.
func atLeast(sets []bitmap, k, n int) bitmap {
	k = max(k, 1)
	if k > len(sets) {
		return newBitmap(n)
	}
	all := newBitmap(n)
	for i := range all {
		all[i] = ^uint64(0)
	}
	all.clearFrom(uint64(n))
	return countLevels(all, sets, k)[k]
}

// countLevels returns levels[0..top]: levels[j] holds the documents of
// base in at least j of sets. The count is kept as one set per count
// reached, so the cost is top passes over each set instead of a counter
// per document.
func countLevels(base bitmap, sets []bitmap, top int) []bitmap {
	levels := make([]bitmap, top+1)
	levels[0] = slices.Clone(base)
	for j := 1; j <= top; j++ {
		levels[j] = make(bitmap, len(base))
	}
	for _, s := range sets {
		for i := range min(len(base), len(s)) {
			x := s[i] & base[i]
			if x == 0 {
				continue
			}
			// Highest level first, so that one set raises a document
			// one level only.
			for j := top; j >= 1; j-- {
				levels[j][i] |= levels[j-1][i] & x
			}
		}
	}
	return levels
}

// docSet is a fixed set of documents (a facet value's, a prior's), kept
// as a bitmap when it is large and as a sorted list when it is small, so
// that counting it within a bitmap costs what the smaller form costs.
type docSet struct {
	dense  bitmap
	sparse []uint32
}

// newDocSet makes the set of docs, sorted, below n.
func newDocSet(docs []uint32, n int) docSet {
	// A list costs 32 bits a document, a bitmap 1 bit per document of
	// the index.
	if len(docs)*32 < n {
		return docSet{sparse: docs}
	}
	b := newBitmap(n)
	for _, d := range docs {
		b.set(uint64(d))
	}
	return docSet{dense: b}
}

// countIn is the number of documents of s in b.
func (s docSet) countIn(b bitmap) int {
	if s.dense != nil {
		return andCount(s.dense, b)
	}
	n := 0
	for _, d := range s.sparse {
		if b.has(uint64(d)) {
			n++
		}
	}
	return n
}

// orInto adds the documents of s to b.
func (s docSet) orInto(b bitmap) {
	if s.dense != nil {
		b.or(s.dense)
		return
	}
	for _, d := range s.sparse {
		if uint64(d)/64 < uint64(len(b)) {
			b.set(uint64(d))
		}
	}
}

// appendIn appends the documents of s that are in b, in order, to dst
// until it holds limit of them.
func (s docSet) appendIn(b bitmap, dst []uint64, limit int) []uint64 {
	if s.dense == nil {
		for _, d := range s.sparse {
			if len(dst) >= limit {
				break
			}
			if b.has(uint64(d)) {
				dst = append(dst, uint64(d))
			}
		}
		return dst
	}
	for i := range min(len(s.dense), len(b)) {
		for w := s.dense[i] & b[i]; w != 0; w &= w - 1 {
			if len(dst) >= limit {
				return dst
			}
			dst = append(dst, uint64(i*64+bits.TrailingZeros64(w)))
		}
	}
	return dst
}
