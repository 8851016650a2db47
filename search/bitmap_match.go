package search

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/minhbach/minhbach/search/internal/bitset"
)

// matcher evaluates the unscored queries of one search (which pages a
// query matches, not how well) as bitmaps over one snapshot. A term's
// pages come straight from the postings bitmaps the index already keeps
// for every term of every segment; unions, intersections and "at least k
// of" are then bitmap operations. This is what a search on a large site
// mostly does: a common word's postings hold most of the pages, and
// reading them one posting at a time cost milliseconds.
type matcher struct {
	ctx context.Context
	r   index.IndexReader
	ix  *Index
	n   int // the pages: documents numbered below n
	// segs are the snapshot's segments, with the number of their first
	// document; nil when r is not a scorch snapshot, and terms are read
	// through r's term readers.
	segs    []matchSegment
	scratch bitset.Set
	// terms caches the pages of each term asked for: the candidates,
	// the title queries and the scoring of common words ask for many of
	// the same.
	terms map[fieldTerm]termPages
}

// minCachedPagesShare: a term's bitmap is cached if at least one page in
// this many has the term. A rarer term's bitmap is mostly zeros, made
// again in microseconds, and would crowd out the postings of a dozen
// others.
const minCachedPagesShare = 128

// termPages are the pages with a term, and how many the index counts:
// the same but for any numbered past the columns.
type termPages struct {
	bits  bitset.Set
	count uint64
}

type matchSegment struct {
	seg *scorch.SegmentSnapshot
	off uint64
}

type fieldTerm struct{ field, term string }

// segmentOf returns the segment of document doc and its number there;
// false when r is not a scorch snapshot.
func (m *matcher) segmentOf(doc uint64) (*scorch.SegmentSnapshot, uint64, bool) {
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].off > doc }) - 1
	if i < 0 {
		return nil, 0, false
	}
	return m.segs[i].seg, doc - m.segs[i].off, true
}

// postingsList returns the postings of t in field in segment s, its
// deleted documents left out.
func (s matchSegment) postingsList(field, t string) (segment.PostingsList, error) {
	dict, err := s.seg.Segment().Dictionary(field)
	if err != nil {
		return nil, err
	}
	return dict.PostingsList([]byte(t), s.seg.Deleted(), nil)
}

func (ix *Index) newMatcher(ctx context.Context, r index.IndexReader) *matcher {
	m := &matcher{ctx: ctx, r: r, ix: ix, n: len(ix.cols.prior), terms: map[fieldTerm]termPages{}}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		// Scorch numbers a snapshot's documents segment after segment,
		// each segment's deleted documents included.
		var off uint64
		for _, s := range snap.Segments() {
			m.segs = append(m.segs, matchSegment{seg: s, off: off})
			off += s.Segment().Count()
		}
	}
	return m
}

// match returns the pages q matches, a bitmap of the caller's own. Term,
// fuzzy and prefix queries, and conjunctions and disjunctions of them,
// are evaluated as bitmaps; anything else through Bleve's searcher.
func (m *matcher) match(q query.Query) (bitset.Set, error) {
	if t, ok := q.(*query.TermQuery); ok && t.FieldVal != "" {
		b, err := m.view(q)
		return slices.Clone(b), err
	}
	if err := m.ctx.Err(); err != nil {
		return nil, err
	}
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		sets, err := m.viewAll(q.Disjuncts)
		if err != nil {
			return nil, err
		}
		if q.Min > 1 {
			// Bleve's disjunction searcher truncates Min too.
			return bitset.AtLeast(sets, int(q.Min), m.n), nil
		}
		out := bitset.New(m.n)
		for _, s := range sets {
			out.Or(s)
		}
		return out, nil
	case *query.ConjunctionQuery:
		sets, err := m.viewAll(q.Conjuncts)
		if err != nil {
			return nil, err
		}
		if len(sets) == 0 {
			return bitset.New(m.n), nil
		}
		out := slices.Clone(sets[0])
		for _, s := range sets[1:] {
			out.And(s)
		}
		return out, nil
	case *query.FuzzyQuery:
		fr, ok := m.r.(index.IndexReaderFuzzy)
		if q.FieldVal == "" || q.Prefix != 0 || !ok {
			break
		}
		if q.Fuzziness == 0 {
			return m.match(term(q.FieldVal, q.Term, 1))
		}
		return m.dict(q.FieldVal, func() (index.FieldDict, error) {
			return fr.FieldDictFuzzy(q.FieldVal, q.Term, q.Fuzziness, "")
		})
	case *query.PrefixQuery:
		if q.FieldVal == "" {
			break
		}
		return m.dict(q.FieldVal, func() (index.FieldDict, error) {
			return m.r.FieldDictPrefix(q.FieldVal, []byte(q.Prefix))
		})
	}
	return m.search(q)
}

// view returns the pages q matches, for reading only: a term's are the
// matcher's own, not copied.
func (m *matcher) view(q query.Query) (bitset.Set, error) {
	if t, ok := q.(*query.TermQuery); ok && t.FieldVal != "" {
		tp, err := m.term(t.FieldVal, t.Term)
		return tp.bits, err
	}
	return m.match(q)
}

func (m *matcher) viewAll(qs []query.Query) ([]bitset.Set, error) {
	sets := make([]bitset.Set, 0, len(qs))
	for _, c := range qs {
		s, err := m.view(c)
		if err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	return sets, nil
}

// dict returns the pages having any term of field that open lists: the
// terms a fuzzy or prefix query expands to, as Bleve's searchers expand
// them.
func (m *matcher) dict(field string, open func() (index.FieldDict, error)) (bitset.Set, error) {
	d, err := open()
	if err != nil {
		return nil, err
	}
	defer d.Close()
	out := bitset.New(m.n)
	for {
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return out, nil
		}
		t, err := m.term(field, e.Term)
		if err != nil {
			return nil, err
		}
		out.Or(t.bits)
	}
}

// term returns the pages with t in field, from the cache: the caller must
// not change them.
func (m *matcher) term(field, t string) (termPages, error) {
	key := fieldTerm{field, t}
	if tp, ok := m.terms[key]; ok {
		return tp, nil
	}
	if tp, ok := m.ix.cols.postings.pages(field, t); ok {
		m.terms[key] = tp
		return tp, nil
	}
	if err := m.ctx.Err(); err != nil {
		return termPages{}, err
	}
	tp := termPages{bits: bitset.New(m.n)}
	if m.segs == nil {
		n, err := m.termByReader(tp.bits, field, t)
		if err != nil {
			return termPages{}, err
		}
		tp.count = n
	}
	for _, s := range m.segs {
		n, err := m.termOfSegment(tp.bits, s, field, t)
		if err != nil {
			return termPages{}, fmt.Errorf("%s:%q: %w", field, t, err)
		}
		tp.count += n
	}
	tp.bits.ClearFrom(uint64(m.n))
	m.terms[key] = tp
	if tp.count >= uint64(m.n/minCachedPagesShare) {
		m.ix.cols.postings.putPages(field, t, tp)
	}
	return tp, nil
}

// termOfSegment adds to b the live pages of segment s with t in field,
// and returns how many there are.
func (m *matcher) termOfSegment(b bitset.Set, s matchSegment, field, t string) (uint64, error) {
	pl, err := s.postingsList(field, t)
	if err != nil {
		return 0, err
	}
	count := pl.Count()
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		// zap: the postings as a roaring bitmap, deleted documents
		// already taken out, or a term of one document.
		if bm := o.ActualBitmap(); bm != nil {
			size := s.seg.Segment().Count()
			if uint64(cap(m.scratch)) < (size+63)/64 {
				m.scratch = bitset.New(int(size))
			}
			local := m.scratch[:(size+63)/64]
			clear(local)
			bm.WriteDenseTo(local)
			b.OrShifted(local, s.off)
		} else if d, ok := o.DocNum1Hit(); ok && s.off+d < uint64(len(b))*64 {
			b.Add(s.off + d)
		}
		return count, nil
	}
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return count, err
		}
		if d := s.off + p.Number(); d < uint64(len(b))*64 {
			b.Add(d)
		}
	}
}

// docFreq returns how many pages have t in field: from a bitmap the
// matcher or the index has, or else from the segments' postings lists,
// whose counts are read without reading the postings.
func (m *matcher) docFreq(field, t string) (uint64, error) {
	key := fieldTerm{field, t}
	if tp, ok := m.terms[key]; ok {
		return tp.count, nil
	}
	c := m.ix.cols.postings
	if tp, ok := c.pages(field, t); ok {
		return tp.count, nil
	}
	if n, ok := c.count(field, t); ok {
		return n, nil
	}
	if m.segs == nil {
		tfr, err := m.r.TermFieldReader(m.ctx, []byte(t), field, false, false, false)
		if err != nil {
			return 0, err
		}
		n := tfr.Count()
		return n, tfr.Close()
	}
	var n uint64
	for _, s := range m.segs {
		pl, err := s.postingsList(field, t)
		if err != nil {
			return 0, err
		}
		n += pl.Count()
	}
	c.putCount(field, t, n)
	return n, nil
}

// termByReader adds to b the pages with t in field through a term field
// reader, for indexes that are not scorch snapshots, and returns how many
// there are.
func (m *matcher) termByReader(b bitset.Set, field, t string) (uint64, error) {
	tfr, err := m.r.TermFieldReader(m.ctx, []byte(t), field, false, false, false)
	if err != nil {
		return 0, err
	}
	count := tfr.Count()
	var tfd index.TermFieldDoc
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			tfr.Close()
			return 0, err
		}
		if d == nil {
			return count, tfr.Close()
		}
		if v := d.ID.Value(); v < uint64(len(b))*64 {
			b.Add(v)
		}
	}
}

// search returns the pages q matches through Bleve's unscored searcher:
// what any query matches, however slowly.
func (m *matcher) search(q query.Query) (bitset.Set, error) {
	s, err := q.Searcher(m.ctx, m.r, m.ix.idx.Mapping(), bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: m.r}
	out := bitset.New(m.n)
	for k := 0; ; k++ {
		if k%1024 == 0 {
			if err := m.ctx.Err(); err != nil {
				return nil, err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if d == nil {
			out.ClearFrom(uint64(m.n))
			return out, nil
		}
		if v := d.IndexInternalID.Value(); v < uint64(len(out))*64 {
			out.Add(v)
		}
		sctx.DocumentMatchPool.Put(d)
	}
}
