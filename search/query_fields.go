package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// fieldsQuery matches a page when any of its queries does, and scores it
// the best of their scores plus tie times the rest (tie 1: their sum),
// times the page boosts of extras. It combines the fields one unit of a
// query is searched in. Bleve's own
// disjunction multiplies the sum by the share of queries that matched,
// which would make a word found in the title alone count for a seventh of
// a word found in every field; that share is right for the units of a
// query, not for the fields of one unit, and coord asks for it.
//
// Its searcher is also lazier than Bleve's: a subsearcher that matched is
// moved on only when the next document is asked for, and then straight to
// that document when the caller advances, instead of to its next match
// first. When the candidates come from elsewhere and are scored by
// advancing to each (see Index.rank), that halves the work per candidate.
type fieldsQuery struct {
	queries []query.Query
	tie     float64
	coord   bool // score the sum times the share of queries that matched
	// extras are page boosts: a page the queries match scores 1 plus
	// their scores times what the queries give it, and they do not count
	// in the share. A factor, not a term added, so that a boost means
	// the same in a query of one rare word as in one of ten common ones.
	extras []query.Query
}

func (q *fieldsQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &fieldsSearcher{tie: q.tie, coord: q.coord, explain: options.Explain, n: len(q.queries)}
	for _, sub := range append(q.queries[:len(q.queries):len(q.queries)], q.extras...) {
		ss, err := sub.Searcher(ctx, r, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.subs = append(s.subs, ss)
	}
	// Bleve's term scorer applies a term's boost only once a query norm
	// is set, which its own disjunctions and conjunctions do for their
	// children: set it here too, or every weight would be ignored. A
	// parent fieldsSearcher sets the same norm again (see queryNorm).
	s.SetQueryNorm(queryNorm)
	s.currs = make([]*bsearch.DocumentMatch, len(s.subs))
	s.stale = make([]bool, len(s.subs))
	for i := range s.stale {
		s.stale[i] = true // nothing read yet
	}
	return s, nil
}

// queryNorm is the query norm a fieldsSearcher sets on its subsearchers:
// a term then scores TF-IDF times its query weight, boost × IDF, as in
// Bleve's disjunctions. Bleve normalises by 1/sqrt of the sum of the
// squared query weights; that factor is the same for every page of a
// query, so it changes no ranking, and computing it would take a pass
// over every term of the query (fuzzy expansions included) before
// scoring. 1 keeps the scores of a query and of its parts comparable
// from one query to the next as well.
const queryNorm = 1.0

// fieldsSearcher is the searcher of a fieldsQuery. It keeps the current
// match of each subsearcher and returns the lowest document among them,
// scored from the subsearchers on that document. A unit has a handful of
// fields, so a linear scan beats a heap.
type fieldsSearcher struct {
	subs  []bsearch.Searcher
	currs []*bsearch.DocumentMatch
	// stale marks the subsearchers whose current match was used: they
	// must move on before their current match means anything.
	stale []bool
	// n is how many of subs are the query's own; the rest are extras.
	n       int
	tie     float64
	coord   bool
	explain bool
}

func (s *fieldsSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for i, sub := range s.subs[:s.n] {
		if s.stale[i] {
			d, err := sub.Next(ctx)
			if err != nil {
				return nil, err
			}
			s.currs[i], s.stale[i] = d, false
		}
	}
	return s.collect(ctx)
}

func (s *fieldsSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	for i, sub := range s.subs[:s.n] {
		d := s.currs[i]
		switch {
		case s.stale[i]:
		case d == nil || d.IndexInternalID.Compare(id) >= 0:
			continue
		default:
			ctx.DocumentMatchPool.Put(d)
		}
		next, err := sub.Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.currs[i], s.stale[i] = next, false
	}
	return s.collect(ctx)
}

// collect returns the lowest current document, scored, and marks the
// subsearchers that matched it stale.
func (s *fieldsSearcher) collect(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		var low index.IndexInternalID
		for _, d := range s.currs[:s.n] {
			if d != nil && (low == nil || d.IndexInternalID.Compare(low) < 0) {
				low = d.IndexInternalID
			}
		}
		if low == nil {
			return nil, nil
		}
		// Extras behind that document catch up; they cannot match it
		// alone.
		for i := s.n; i < len(s.subs); i++ {
			d := s.currs[i]
			if !s.stale[i] && (d == nil || d.IndexInternalID.Compare(low) >= 0) {
				continue
			}
			if d != nil {
				ctx.DocumentMatchPool.Put(d)
			}
			next, err := s.subs[i].Advance(ctx, low)
			if err != nil {
				return nil, err
			}
			s.currs[i], s.stale[i] = next, false
		}
		return s.score(ctx, low), nil
	}
}

// score combines the subsearchers on document low into one match, and
// marks them stale. It finds them before putting any match back in the
// pool, where low's bytes could be reused.
func (s *fieldsSearcher) score(ctx *bsearch.SearchContext, low index.IndexInternalID) *bsearch.DocumentMatch {
	var buf [48]int
	hits := buf[:0]
	matched := 0
	for i, d := range s.currs {
		if d != nil && d.IndexInternalID.Equals(low) {
			hits = append(hits, i)
			if i < s.n {
				matched++
			}
		}
	}
	var rv *bsearch.DocumentMatch
	var sum, best, extra float64
	var expls []*bsearch.Explanation
	for _, i := range hits {
		d := s.currs[i]
		if i < s.n {
			sum += d.Score
			best = max(best, d.Score)
		} else {
			extra += d.Score
		}
		if s.explain {
			expls = append(expls, d.Expl)
		}
		if rv == nil {
			rv = d
		} else {
			rv.FieldTermLocations = bsearch.MergeFieldTermLocations(rv.FieldTermLocations, []*bsearch.DocumentMatch{d})
			ctx.DocumentMatchPool.Put(d)
		}
		s.currs[i], s.stale[i] = nil, true
	}
	if s.coord {
		rv.Score = sum * float64(matched) / float64(s.n)
	} else {
		rv.Score = best + s.tie*(sum-best)
	}
	if extra != 0 {
		rv.Score *= 1 + extra
	}
	if s.explain {
		msg := fmt.Sprintf("best + %g × rest, times 1 + extras, of:", s.tie)
		if s.coord {
			msg = fmt.Sprintf("sum × coord(%d/%d), times 1 + extras, of:", matched, s.n)
		}
		rv.Expl = &bsearch.Explanation{Value: rv.Score, Message: msg, Children: expls}
	}
	return rv
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
	// One current match per subsearcher, and what each may hold.
	n := len(s.subs)
	for _, sub := range s.subs {
		n += sub.DocumentMatchPoolSize()
	}
	return n
}

// presenceQuery scores a page that has term in field as a term query of
// the same boost would if the term occurred once in a field of typical
// length (typical is sqrt(tf) times the length norm): TF-IDF without the
// per-page term frequency and length. It is what scores common words
// when a query has more candidates than the budget: reading a common
// word's frequencies means walking its whole posting list, while its mere
// presence is a bitmap lookup.
type presenceQuery struct {
	field, term    string
	boost, typical float64
}

func (q *presenceQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	explain := options.Explain
	options.Score = "none"
	options.Explain = false
	s, err := searcher.NewTermSearcher(ctx, r, q.term, q.field, q.boost, options)
	if err != nil {
		return nil, err
	}
	docs, err := r.DocCount()
	if err != nil {
		s.Close()
		return nil, err
	}
	idf := tfidfIDF(s.Count(), docs)
	return &presenceSearcher{Searcher: s, weight: q.boost * idf, idf: idf, typical: q.typical, explain: explain, what: q.field + ":" + q.term}, nil
}

type presenceSearcher struct {
	bsearch.Searcher
	weight, idf, typical float64
	norm                 float64
	explain              bool
	what                 string
}

func (s *presenceSearcher) Weight() float64 { return s.weight * s.weight }

func (s *presenceSearcher) SetQueryNorm(n float64) { s.norm = n }

func (s *presenceSearcher) set(d *bsearch.DocumentMatch) *bsearch.DocumentMatch {
	if d != nil {
		d.Score = s.weight * s.norm * s.idf * s.typical
		if s.explain {
			d.Expl = &bsearch.Explanation{Value: d.Score, Message: "presence of " + s.what}
		}
	}
	return d
}

func (s *presenceSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	return s.set(d), err
}

func (s *presenceSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	return s.set(d), err
}
