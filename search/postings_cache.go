package search

import (
	"container/list"
	"context"
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
// The postings cache keeps, for terms with many postings, the frequencies
// and lengths once read, so that scoring a candidate is a binary search.

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
	// the term's IDF. A term whose postings do not fit the arrays has
	// only its count, and is read by Bleve's term searcher.
	count uint64
}

func (p *termPostings) bytes() int { return 64 + 10*len(p.docs) }

// postingsCache holds termPostings by field and term, for one snapshot:
// entries never change, they are only added and evicted. It is safe for
// concurrent use.
type postingsCache struct {
	mu      sync.Mutex
	limit   int
	used    int
	entries map[fieldTerm]*list.Element // of *cacheEntry
	recent  list.List                   // most recently used first
}

type cacheEntry struct {
	key fieldTerm
	p   *termPostings
}

func newPostingsCache(limit int) *postingsCache {
	return &postingsCache{limit: limit, entries: map[fieldTerm]*list.Element{}}
}

func (c *postingsCache) get(key fieldTerm) *termPostings {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return nil
	}
	c.recent.MoveToFront(e)
	return e.Value.(*cacheEntry).p
}

func (c *postingsCache) put(key fieldTerm, p *termPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok || p.bytes() > c.limit {
		return // read meanwhile by another search, or too large to keep
	}
	c.entries[key] = c.recent.PushFront(&cacheEntry{key, p})
	c.used += p.bytes()
	for c.used > c.limit {
		last := c.recent.Back()
		old := last.Value.(*cacheEntry)
		c.recent.Remove(last)
		delete(c.entries, old.key)
		c.used -= old.p.bytes()
	}
}

// postings returns the postings of t in field, reading and caching them
// if need be; no postings (only a count) when they do not fit.
func (c *postingsCache) postings(ctx context.Context, r index.IndexReader, field, t string) (*termPostings, error) {
	key := fieldTerm{field, t}
	if p := c.get(key); p != nil {
		return p, nil
	}
	tfr, err := r.TermFieldReader(ctx, []byte(t), field, true, true, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	count := tfr.Count()
	p := &termPostings{
		count: count,
		docs:  make([]uint32, 0, count),
		freqs: make([]uint16, 0, count),
		norms: make([]float32, 0, count),
	}
	var tfd index.TermFieldDoc
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d, err := tfr.Next(tfd.Reset())
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		doc := d.ID.Value()
		if doc > math.MaxUint32 || d.Freq > math.MaxUint16 {
			// Beyond what the arrays hold: leave the term to Bleve.
			p = &termPostings{count: count}
			break
		}
		p.docs = append(p.docs, uint32(doc))
		p.freqs = append(p.freqs, uint16(d.Freq))
		// The norm is a float32 in the index, widened by the reader.
		p.norms = append(p.norms, float32(d.Norm))
	}
	c.put(key, p)
	return p, nil
}

// scoring returns q with its term queries scored from the postings cache
// (see cachedTermQuery), the rest of q as it was. Scores are the same to
// the last bit.
func (m *matcher) scoring(q query.Query) (query.Query, error) {
	switch q := q.(type) {
	case *query.TermQuery:
		return &cachedTermQuery{TermQuery: q, cache: m.ix.cols.postings}, nil
	case *fieldsQuery:
		out := *q
		var err error
		if out.queries, err = m.scoringAll(q.queries); err != nil {
			return nil, err
		}
		if out.extras, err = m.scoringAll(q.extras); err != nil {
			return nil, err
		}
		return &out, nil
	case *query.ConjunctionQuery:
		qs, err := m.scoringAll(q.Conjuncts)
		if err != nil {
			return nil, err
		}
		out := query.NewConjunctionQuery(qs)
		out.BoostVal = q.BoostVal
		return out, nil
	case *query.DisjunctionQuery:
		qs, err := m.scoringAll(q.Disjuncts)
		if err != nil {
			return nil, err
		}
		out := query.NewDisjunctionQuery(qs)
		out.BoostVal, out.Min = q.BoostVal, q.Min
		return out, nil
	}
	return q, nil
}

func (m *matcher) scoringAll(qs []query.Query) ([]query.Query, error) {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		var err error
		if out[i], err = m.scoring(q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// cachedTermQuery is a term query whose searcher scores exactly as
// Bleve's term searcher does (TF-IDF: the square root of the frequency,
// times the norm, times the IDF, times the query weight once a query
// norm is set), reading a long postings list from the cache instead of
// the index.
type cachedTermQuery struct {
	*query.TermQuery
	cache *postingsCache
}

func (q *cachedTermQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	_, otherModel := ctx.Value(bsearch.GetScoringModelCallbackKey).(bsearch.GetScoringModelCallbackFn)
	if options.Explain || options.Score == "none" || options.IncludeTermVectors || q.FieldVal == "" || otherModel {
		return q.TermQuery.Searcher(ctx, r, m, options)
	}
	p, err := q.cache.postings(ctx, r, q.FieldVal, q.Term)
	if err != nil {
		return nil, err
	}
	if p.docs == nil {
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
