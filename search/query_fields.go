package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// fieldsQuery matches a page when any of its queries does, and scores it
// the best of their scores plus tie times the rest (tie 1: their sum). It
// combines the fields one unit of a query is searched in. Bleve's own
// disjunction multiplies the sum by the share of queries that matched,
// which would make a word found in the title alone count for a seventh of
// a word found in every field; that share is right for the units of a
// query, not for the fields of one unit.
type fieldsQuery struct {
	queries []query.Query
	tie     float64
}

func (q *fieldsQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &fieldsSearcher{tie: q.tie, explain: options.Explain}
	for _, sub := range q.queries {
		ss, err := sub.Searcher(ctx, r, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.subs = append(s.subs, ss)
	}
	s.currs = make([]*bsearch.DocumentMatch, len(s.subs))
	return s, nil
}

// fieldsSearcher is the searcher of a fieldsQuery. It keeps the current
// match of each subsearcher and returns the lowest document among them,
// scored from the subsearchers on that document. A unit has a handful of
// fields, so a linear scan beats a heap.
type fieldsSearcher struct {
	subs    []bsearch.Searcher
	currs   []*bsearch.DocumentMatch
	tie     float64
	explain bool
	started bool
}

func (s *fieldsSearcher) start(ctx *bsearch.SearchContext) error {
	s.started = true
	for i, sub := range s.subs {
		d, err := sub.Next(ctx)
		if err != nil {
			return err
		}
		s.currs[i] = d
	}
	return nil
}

func (s *fieldsSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	return s.collect(ctx)
}

func (s *fieldsSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	for i, d := range s.currs {
		if d == nil || d.IndexInternalID.Compare(id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(d)
		next, err := s.subs[i].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.currs[i] = next
	}
	return s.collect(ctx)
}

// collect returns the lowest current document, scored, and moves the
// subsearchers that matched it on.
func (s *fieldsSearcher) collect(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	var low index.IndexInternalID
	for _, d := range s.currs {
		if d != nil && (low == nil || d.IndexInternalID.Compare(low) < 0) {
			low = d.IndexInternalID
		}
	}
	if low == nil {
		return nil, nil
	}
	// Which subsearchers are on that document, found before any match is
	// put back in the pool, where low's bytes could be reused.
	var buf [16]int
	hits := buf[:0]
	for i, d := range s.currs {
		if d != nil && d.IndexInternalID.Equals(low) {
			hits = append(hits, i)
		}
	}
	var rv *bsearch.DocumentMatch
	var sum, best float64
	var expls []*bsearch.Explanation
	for _, i := range hits {
		d := s.currs[i]
		sum += d.Score
		best = max(best, d.Score)
		if s.explain {
			expls = append(expls, d.Expl)
		}
		if rv == nil {
			rv = d
		} else {
			rv.FieldTermLocations = bsearch.MergeFieldTermLocations(rv.FieldTermLocations, []*bsearch.DocumentMatch{d})
			ctx.DocumentMatchPool.Put(d)
		}
		next, err := s.subs[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.currs[i] = next
	}
	rv.Score = best + s.tie*(sum-best)
	if s.explain {
		rv.Expl = &bsearch.Explanation{
			Value:    rv.Score,
			Message:  fmt.Sprintf("best + %g × rest of:", s.tie),
			Children: expls,
		}
	}
	return rv, nil
}

func (s *fieldsSearcher) Close() error {
	var err error
	for _, sub := range s.subs {
		if cerr := sub.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (s *fieldsSearcher) Weight() float64 {
	var w float64
	for _, sub := range s.subs {
		w += sub.Weight()
	}
	return w
}

func (s *fieldsSearcher) SetQueryNorm(n float64) {
	for _, sub := range s.subs {
		sub.SetQueryNorm(n)
	}
}

func (s *fieldsSearcher) Count() uint64 {
	var n uint64
	for _, sub := range s.subs {
		n += sub.Count()
	}
	return n
}

// Min is 0: one subsearcher matching is enough, as for a term searcher.
func (s *fieldsSearcher) Min() int { return 0 }

func (s *fieldsSearcher) Size() int {
	n := 64 + 16*len(s.subs)
	for _, sub := range s.subs {
		n += sub.Size()
	}
	return n
}

func (s *fieldsSearcher) DocumentMatchPoolSize() int {
	n := len(s.subs)
	for _, sub := range s.subs {
		n += sub.DocumentMatchPoolSize()
	}
	return n
}

// candidatesQuery matches what its query matches, with a score of zero and
// no weight in the query's normalisation: it decides which pages are
// candidates while another part of the query scores them. Its searcher
// runs without scoring, which lets Bleve merge term postings as bitmaps.
type candidatesQuery struct {
	query query.Query
}

func (q *candidatesQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	options.Score = "none"
	options.Explain = false
	options.IncludeTermVectors = false
	s, err := q.query.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	return &candidatesSearcher{Searcher: s}, nil
}

// candidatesSearcher is the searcher of a candidatesQuery.
type candidatesSearcher struct {
	bsearch.Searcher
}

func (s *candidatesSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	if d != nil {
		d.Score = 0
	}
	return d, err
}

func (s *candidatesSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d != nil {
		d.Score = 0
	}
	return d, err
}

func (s *candidatesSearcher) Weight() float64 { return 0 }

func (s *candidatesSearcher) SetQueryNorm(float64) {}
