package search

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Scoring a candidate reads, for every term of the query, how often the
// term occurs in the page and the length of the field. zap keeps those in
// compressed runs that can only be read from the start of a run, so a
// term searcher scoring a hundred candidates spread over the index reads
// nearly all of the term's postings: for a word on 10,000 pages of
// 100,000, a tenth of a millisecond, and a query scores dozens of terms.
// The postings cache keeps the frequencies and lengths once read, so that
// scoring a candidate is a binary search; and the bitmaps of the pages of
// each term the matcher made.

// postingsCacheBytes bounds the memory the cache of one index takes; the
// terms used least recently make room.
const postingsCacheBytes = 64 << 20

// termPostings are a term's postings in one field: the pages (internal
// document numbers, in order), the term's frequency in each and the
// field's length norm there, as a term field reader gives them.
type termPostings struct {
	docs  []uint32
	freqs []uint16
	norms []float32
	// count is the term reader's count: Bleve's document frequency for
	// the term's IDF.
	count uint64
	// tooLarge tells the postings do not fit the arrays (a page number or
	// frequency past their range): Bleve's term searcher reads the term.
	tooLarge bool
}

func (p *termPostings) bytes() int { return 64 + 10*len(p.docs) }

// postingsCache holds, for one snapshot, termPostings and termPages by
// field and term: entries never change, they are only added and
// evicted. It is safe for concurrent use.
type postingsCache struct {
	mu      sync.Mutex
	fillMu  sync.Mutex // guards filler, taken before mu
	filler  postingsFiller
	limit   int
	used    int
	entries map[cacheKey]*list.Element // of *cacheEntry
	recent  list.List                  // most recently used first
}

// cacheKey names an entry: a term's postings, its pages or its count.
type cacheKey struct {
	fieldTerm
	kind cacheKind
}

type cacheKind uint8

const (
	cachePostings cacheKind = iota // *termPostings
	cachePages                     // termPages
	cacheCount                     // uint64
	cacheFilling                   // true: postings being read (see postingsFiller)
)

type cacheEntry struct {
	key   cacheKey
	value any // by the key's kind
	size  int
}

func newPostingsCache(limit int) *postingsCache {
	return &postingsCache{limit: limit, entries: map[cacheKey]*list.Element{}}
}

func (c *postingsCache) get(key cacheKey) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.recent.MoveToFront(e)
	return e.Value.(*cacheEntry).value
}

func (c *postingsCache) put(key cacheKey, value any, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok || size > c.limit {
		return // read meanwhile by another search, or too large to keep
	}
	c.entries[key] = c.recent.PushFront(&cacheEntry{key, value, size})
	c.used += size
	for c.used > c.limit {
		last := c.recent.Back()
		old := last.Value.(*cacheEntry)
		c.recent.Remove(last)
		delete(c.entries, old.key)
		c.used -= old.size
	}
}

// pages returns the cached pages of t in field, if any.
func (c *postingsCache) pages(field, t string) (termPages, bool) {
	tp, ok := c.get(cacheKey{fieldTerm{field, t}, cachePages}).(termPages)
	return tp, ok
}

// putPages caches the pages of t in field, which must not change.
func (c *postingsCache) putPages(field, t string, tp termPages) {
	c.put(cacheKey{fieldTerm{field, t}, cachePages}, tp, 64+8*len(tp.bits))
}

// count returns the cached number of pages with t in field, if any.
func (c *postingsCache) count(field, t string) (uint64, bool) {
	n, ok := c.get(cacheKey{fieldTerm{field, t}, cacheCount}).(uint64)
	return n, ok
}

func (c *postingsCache) putCount(field, t string, n uint64) {
	c.put(cacheKey{fieldTerm{field, t}, cacheCount}, n, 64)
}

// postings returns the postings of t in field if the cache has them.
// Otherwise it returns nil, and the caller scores the term by Bleve's
// term searcher; the postings are then read into the cache in the
// background (see postingsFiller), so that no search pays for reading a
// long postings list whole, which costs up to twice what scoring a few
// candidates through the term searcher does.
func (m *matcher) postings(field, t string) (*termPostings, error) {
	c := m.ix.cols.postings
	key := cacheKey{fieldTerm{field, t}, cachePostings}
	if p, ok := c.get(key).(*termPostings); ok {
		return p, nil
	}
	c.fill(fillJob{key: key, segs: m.segs, r: m.r})
	return nil, nil
}

// fillJob is a term's postings to read into the cache, from the segments
// of the view's snapshot (or through its reader, when it is not scorch's).
type fillJob struct {
	key  cacheKey
	segs []matchSegment
	r    index.IndexReader
	// flushed, when set, makes the job a marker: the filler closes it
	// once every job before it is done (see postingsCache.flush).
	flushed chan struct{}
}

// readPostings reads a term's postings whole.
func readPostings(ctx context.Context, j fillJob) (*termPostings, error) {
	p := &termPostings{}
	field, t := j.key.field, j.key.term
	var err error
	if j.segs == nil {
		err = postingsByReader(ctx, p, j.r, field, t)
	} else {
		for _, s := range j.segs {
			if err = postingsOfSegment(ctx, p, s, field, t); err != nil {
				break
			}
		}
	}
	if errors.Is(err, errPostingsTooLarge) {
		return &termPostings{tooLarge: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s:%q: %w", field, t, err)
	}
	return p, nil
}

// errPostingsTooLarge tells that a posting does not fit termPostings.
var errPostingsTooLarge = errors.New("posting beyond the cache's arrays")

// postingsOfSegment appends the postings of segment s to p, reading them
// from the segment directly: the snapshot's term reader costs a third
// more per posting.
func postingsOfSegment(ctx context.Context, p *termPostings, s matchSegment, field, t string) error {
	pl, err := s.postingsList(field, t)
	if err != nil {
		return err
	}
	n := pl.Count()
	p.count += n
	p.docs = slices.Grow(p.docs, int(n))
	p.freqs = slices.Grow(p.freqs, int(n))
	p.norms = slices.Grow(p.norms, int(n))
	it := pl.Iterator(true, true, false, nil)
	for k := 0; ; k++ {
		if k%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		post, err := it.Next()
		if err != nil || post == nil {
			return err
		}
		if err := p.add(s.off+post.Number(), post.Frequency(), post.Norm()); err != nil {
			return err
		}
	}
}

// postingsByReader reads p through a term field reader, for indexes that
// are not scorch snapshots.
func postingsByReader(ctx context.Context, p *termPostings, r index.IndexReader, field, t string) error {
	tfr, err := r.TermFieldReader(ctx, []byte(t), field, true, true, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	p.count = tfr.Count()
	var tfd index.TermFieldDoc
	for k := 0; ; k++ {
		if k%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, err := tfr.Next(tfd.Reset())
		if err != nil || d == nil {
			return err
		}
		if err := p.add(d.ID.Value(), d.Freq, d.Norm); err != nil {
			return err
		}
	}
}

// add appends a posting. The norm is a float32 in the index, widened by
// the readers: narrowing it back is exact.
func (p *termPostings) add(doc, freq uint64, norm float64) error {
	if doc > math.MaxUint32 || freq > math.MaxUint16 {
		return errPostingsTooLarge
	}
	p.docs = append(p.docs, uint32(doc))
	p.freqs = append(p.freqs, uint16(freq))
	p.norms = append(p.norms, float32(norm))
	return nil
}

// scoring returns q with its term queries scored from the postings cache
// (see cachedTermQuery), the rest of q as it was. Scores are the same to
// the last bit.
func (m *matcher) scoring(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.TermQuery:
		return &cachedTermQuery{TermQuery: q, m: m}
	case *fieldsQuery:
		out := *q
		out.queries, out.extras = m.scoringAll(q.queries), m.scoringAll(q.extras)
		return &out
	case *query.ConjunctionQuery:
		out := query.NewConjunctionQuery(m.scoringAll(q.Conjuncts))
		out.BoostVal = q.BoostVal
		return out
	case *query.DisjunctionQuery:
		out := query.NewDisjunctionQuery(m.scoringAll(q.Disjuncts))
		out.BoostVal, out.Min = q.BoostVal, q.Min
		return out
	}
	return q
}

func (m *matcher) scoringAll(qs []query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = m.scoring(q)
	}
	return out
}

// cachedTermQuery is a term query whose searcher scores exactly as
// Bleve's term searcher does (TF-IDF: the square root of the frequency,
// times the norm, times the IDF, times the query weight once a query
// norm is set), reading a long postings list from the cache instead of
// the index.
type cachedTermQuery struct {
	*query.TermQuery
	m *matcher // of the search, on the snapshot searched
}

func (q *cachedTermQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	_, otherModel := ctx.Value(bsearch.GetScoringModelCallbackKey).(bsearch.GetScoringModelCallbackFn)
	if options.Explain || options.Score == "none" || options.IncludeTermVectors || q.FieldVal == "" || otherModel {
		return q.TermQuery.Searcher(ctx, r, m, options)
	}
	p, err := q.m.postings(q.FieldVal, q.Term)
	if err != nil {
		return nil, err
	}
	if p == nil || p.tooLarge {
		return q.TermQuery.Searcher(ctx, r, m, options)
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	return &cachedTermSearcher{
		p:           p,
		boost:       q.BoostVal.Value(),
		idf:         1.0 + math.Log(float64(docs)/float64(p.count+1)),
		queryWeight: 1,
	}, nil
}

// cachedTermSearcher is the searcher of a cachedTermQuery.
type cachedTermSearcher struct {
	p                       *termPostings
	boost, idf, queryWeight float64
	next                    int // the posting Next returns
}

func (s *cachedTermSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.next >= len(s.p.docs) {
		return nil, nil
	}
	i := s.next
	s.next++
	tf := math.Sqrt(float64(s.p.freqs[i]))
	score := tf * float64(s.p.norms[i]) * s.idf
	if s.queryWeight != 1.0 {
		score *= s.queryWeight
	}
	d := ctx.DocumentMatchPool.Get()
	d.Score = score
	d.IndexInternalID = index.NewIndexInternalID(d.IndexInternalID, uint64(s.p.docs[i]))
	return d, nil
}

// Advance returns the first posting at or after id, wherever the
// searcher was, as Bleve's term searcher does.
func (s *cachedTermSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	target := id.Value()
	if target > math.MaxUint32 {
		s.next = len(s.p.docs)
	} else {
		s.next, _ = slices.BinarySearch(s.p.docs, uint32(target))
	}
	return s.Next(ctx)
}

func (s *cachedTermSearcher) Close() error { return nil }

func (s *cachedTermSearcher) Weight() float64 {
	w := s.boost * s.idf
	return w * w
}

func (s *cachedTermSearcher) SetQueryNorm(n float64) { s.queryWeight = s.boost * s.idf * n }

func (s *cachedTermSearcher) Count() uint64 { return s.p.count }

func (s *cachedTermSearcher) Min() int { return 0 }

func (s *cachedTermSearcher) Size() int { return 64 }

func (s *cachedTermSearcher) DocumentMatchPoolSize() int { return 1 }
