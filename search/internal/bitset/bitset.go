// Package bitset holds sets of document numbers, one bit per document,
// for the query engine of package search.
//
// A search works on whole sets of pages at once (a word's pages, a facet
// value's pages, the candidates) rather than page by page: on 100,000
// pages a set is 1,563 words, and intersecting, joining or counting two
// of them takes about a microsecond, where visiting the tens of thousands
// of pages of a common word one by one takes milliseconds.
//
// A Set is a plain slice of words, and its size is fixed when it is made:
// the documents of a search are numbered below the size of the index it
// searches. Two sets combined need not be of the same size; what is past
// the end of either counts as absent.
package bitset

import (
	"math/bits"
	"slices"
)

// Set is a set of documents: word i holds documents 64i to 64i+63, the
// lowest bit the lowest document. Callers may range over the words, as
// they are, to visit the documents in order.
type Set []uint64

// New returns an empty set of documents below n.
func New(n int) Set { return make(Set, (n+63)/64) }

// Add adds document d, which must be below 64·len(s).
func (s Set) Add(d uint64) { s[d/64] |= 1 << (d % 64) }

// Has reports whether document d is in s; false past the set's end.
func (s Set) Has(d uint64) bool { return d/64 < uint64(len(s)) && s[d/64]&(1<<(d%64)) != 0 }

// Or adds the documents of o to s.
func (s Set) Or(o Set) {
	for i := range min(len(s), len(o)) {
		s[i] |= o[i]
	}
}

// And keeps in s the documents of o.
func (s Set) And(o Set) {
	n := min(len(s), len(o))
	for i := range n {
		s[i] &= o[i]
	}
	clear(s[n:])
}

// AndNot removes from s the documents of o.
func (s Set) AndNot(o Set) {
	for i := range min(len(s), len(o)) {
		s[i] &^= o[i]
	}
}

// Count is the number of documents in s.
func (s Set) Count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// AndCount is the number of documents in both a and b, without making
// their intersection.
func AndCount(a, b Set) int {
	n := 0
	for i := range min(len(a), len(b)) {
		n += bits.OnesCount64(a[i] & b[i])
	}
	return n
}

// OrShifted adds the documents of src, numbered from off, to s, dropping
// any past s's end: a segment's postings into the snapshot's numbering.
func (s Set) OrShifted(src Set, off uint64) {
	w, sh := int(off/64), off%64
	if sh == 0 {
		if w < len(s) {
			s[w:].Or(src)
		}
		return
	}
	for i, x := range src {
		if w+i >= len(s) {
			return
		}
		s[w+i] |= x << sh
		if w+i+1 < len(s) {
			s[w+i+1] |= x >> (64 - sh)
		}
	}
}

// ClearFrom removes the documents from n on.
func (s Set) ClearFrom(n uint64) {
	w := n / 64
	if w >= uint64(len(s)) {
		return
	}
	s[w] &= 1<<(n%64) - 1
	clear(s[w+1:])
}

// NextFrom returns the first document of s at or after d, and false if
// there is none.
func (s Set) NextFrom(d uint64) (uint64, bool) {
	i := d / 64
	if i >= uint64(len(s)) {
		return 0, false
	}
	w := s[i] &^ (1<<(d%64) - 1)
	for w == 0 {
		i++
		if i >= uint64(len(s)) {
			return 0, false
		}
		w = s[i]
	}
	return i*64 + uint64(bits.TrailingZeros64(w)), true
}

// AppendDocs appends the documents of s, in order, to dst until it holds
// limit of them (all of them when limit < 0).
func (s Set) AppendDocs(dst []uint64, limit int) []uint64 {
	for i, w := range s {
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

// AtLeast returns the documents below n in at least k of sets (k below 1
// counts as 1): "at least k of" a disjunction.
func AtLeast(sets []Set, k, n int) Set {
	k = max(k, 1)
	if k > len(sets) {
		return New(n)
	}
	all := New(n)
	for i := range all {
		all[i] = ^uint64(0)
	}
	all.ClearFrom(uint64(n))
	return CountLevels(all, sets, k)[k]
}

// CountLevels returns levels[0..top]: levels[j] holds the documents of
// base in at least j of sets. The count is kept as one set per count
// reached, so the cost is top passes over each set instead of a counter
// per document.
func CountLevels(base Set, sets []Set, top int) []Set {
	levels := make([]Set, top+1)
	levels[0] = slices.Clone(base)
	for j := 1; j <= top; j++ {
		levels[j] = make(Set, len(base))
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

// Fixed is a set of documents that never changes (a facet value's, a
// prior's), kept as a Set when it is large and as a sorted list when it
// is small, so that counting it within a Set costs what the smaller form
// costs.
type Fixed struct {
	dense  Set
	sparse []uint32
}

// NewFixed makes the set of docs, sorted, below n. It keeps docs when
// it keeps the list form: the caller must not change them afterwards.
func NewFixed(docs []uint32, n int) Fixed {
	// A list costs 32 bits a document, a Set 1 bit per document of the
	// index.
	if len(docs)*32 < n {
		return Fixed{sparse: docs}
	}
	b := New(n)
	for _, d := range docs {
		b.Add(uint64(d))
	}
	return Fixed{dense: b}
}

// Cost is what CountIn reads at most: the words of the Set form or the
// entries of the list form.
func (f Fixed) Cost() int { return len(f.dense) + len(f.sparse) }

// CountIn is the number of documents of f in b.
func (f Fixed) CountIn(b Set) int {
	if f.dense != nil {
		return AndCount(f.dense, b)
	}
	n := 0
	for _, d := range f.sparse {
		if b.Has(uint64(d)) {
			n++
		}
	}
	return n
}

// OrInto adds the documents of f to b, dropping any past b's end.
func (f Fixed) OrInto(b Set) {
	if f.dense != nil {
		b.Or(f.dense)
		return
	}
	for _, d := range f.sparse {
		if uint64(d)/64 < uint64(len(b)) {
			b.Add(uint64(d))
		}
	}
}

// AppendIn appends the documents of f that are in b, in order, to dst
// until it holds limit of them.
func (f Fixed) AppendIn(b Set, dst []uint64, limit int) []uint64 {
	if f.dense == nil {
		for _, d := range f.sparse {
			if len(dst) >= limit {
				break
			}
			if b.Has(uint64(d)) {
				dst = append(dst, uint64(d))
			}
		}
		return dst
	}
	for i := range min(len(f.dense), len(b)) {
		for w := f.dense[i] & b[i]; w != 0; w &= w - 1 {
			if len(dst) >= limit {
				return dst
			}
			dst = append(dst, uint64(i*64+bits.TrailingZeros64(w)))
		}
	}
	return dst
}
