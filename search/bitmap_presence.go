package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// bitmapPresenceQuery is a presenceQuery answered from the pages the
// matcher already has as a bitmap: whether a page has a common word is
// one bit, where Bleve's term searcher walks the word's postings to it.
type bitmapPresenceQuery struct {
	*presenceQuery
	pages termPages
}

func (q *bitmapPresenceQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if options.Explain {
		return q.presenceQuery.Searcher(ctx, r, m, options)
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	idf := tfidfIDF(q.pages.count, docs)
	return &bitmapPresenceSearcher{pages: q.pages, weight: q.boost * idf, idf: idf, typical: q.typical}, nil
}

// bitmapPresenceSearcher scores as presenceSearcher does.
type bitmapPresenceSearcher struct {
	pages                      termPages
	weight, idf, typical, norm float64
	next                       uint64 // the first page Next may return
}

func (s *bitmapPresenceSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	doc, ok := s.pages.bits.nextFrom(s.next)
	if !ok {
		s.next = uint64(len(s.pages.bits)) * 64
		return nil, nil
	}
	s.next = doc + 1
	d := ctx.DocumentMatchPool.Get()
	d.Score = s.weight * s.norm * s.idf * s.typical
	d.IndexInternalID = index.NewIndexInternalID(d.IndexInternalID, doc)
	return d, nil
}

// Advance returns the first page at or after id, wherever the searcher
// was, as Bleve's term searcher does.
func (s *bitmapPresenceSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	s.next = id.Value()
	return s.Next(ctx)
}

func (s *bitmapPresenceSearcher) Close() error { return nil }

func (s *bitmapPresenceSearcher) Weight() float64 { return s.weight * s.weight }

func (s *bitmapPresenceSearcher) SetQueryNorm(n float64) { s.norm = n }

func (s *bitmapPresenceSearcher) Count() uint64 { return s.pages.count }

func (s *bitmapPresenceSearcher) Min() int { return 0 }

func (s *bitmapPresenceSearcher) Size() int { return 64 }

func (s *bitmapPresenceSearcher) DocumentMatchPoolSize() int { return 1 }
