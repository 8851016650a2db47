package search

import (
	"math"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// scoreVector scores docs (in document order) with q, as Bleve's
// searcher of q scores each of them, but a whole query node at a time:
// for every term the candidates are looked up in its cached postings (a
// common word's presence in its cached bitmap), and the fields and units of the query are combined per candidate as
// fieldsSearcher combines them. Bleve's searchers advance from candidate
// to candidate through every term at once, with a match object per term
// and candidate; a hundred candidates and dozens of terms made that the
// largest cost of a search. Nodes of other kinds (phrases, fuzzy and
// prefix terms) are scored by their Bleve searchers.
//
// It returns the score of each doc and whether q matched it.
func (m *matcher) scoreVector(q query.Query, docs []uint64) ([]float64, []bool, error) {
	scores := make([]float64, len(docs))
	matched := make([]bool, len(docs))
	if len(docs) == 0 {
		return scores, matched, nil // and no postings read for nothing
	}
	switch q := q.(type) {
	case *fieldsQuery:
		return m.scoreFields(q, docs)
	case *query.TermQuery:
		if q.FieldVal == "" {
			break
		}
		p, err := m.postings(q.FieldVal, q.Term)
		if err != nil {
			return nil, nil, err
		}
		if p == nil || p.tooLarge {
			return m.searchScores(q, docs)
		}
		total, err := m.r.DocCount()
		if err != nil {
			return nil, nil, err
		}
		// As Bleve's term scorer, once fieldsSearcher has set the query
		// norm: TF-IDF times the query weight, in the same order of
		// operations, so that the scores are the same to the last bit.
		idf := 1.0 + math.Log(float64(total)/float64(p.count+1))
		queryWeight := q.BoostVal.Value() * idf * queryNorm
		j := 0
		for i, doc := range docs {
			for j < len(p.docs) && uint64(p.docs[j]) < doc {
				j++
			}
			if j < len(p.docs) && uint64(p.docs[j]) == doc {
				tf := math.Sqrt(float64(p.freqs[j]))
				scores[i] = tf * float64(p.norms[j]) * idf
				if queryWeight != 1.0 {
					scores[i] *= queryWeight
				}
				matched[i] = true
			}
		}
		return scores, matched, nil
	case *presenceQuery:
		// A common word's pages are asked for by many queries: the
		// bitmap is made once and cached.
		t, err := m.term(q.field, q.term)
		if err != nil {
			return nil, nil, err
		}
		total, err := m.r.DocCount()
		if err != nil {
			return nil, nil, err
		}
		idf := tfidfIDF(t.count, total)
		weight := q.boost * idf
		for i, doc := range docs {
			if t.bits.Has(doc) {
				scores[i] = weight * queryNorm * idf * q.typical
				matched[i] = true
			}
		}
		return scores, matched, nil
	}
	return m.scoreBySearcher(q, docs)
}

// scoreFields combines the vectors of a fieldsQuery's queries exactly as
// fieldsSearcher.score does, operation for operation.
func (m *matcher) scoreFields(q *fieldsQuery, docs []uint64) ([]float64, []bool, error) {
	subs := make([][]float64, 0, len(q.queries)+len(q.extras))
	subMatched := make([][]bool, 0, cap(subs))
	for _, sub := range append(q.queries[:len(q.queries):len(q.queries)], q.extras...) {
		s, ok, err := m.scoreVector(sub, docs)
		if err != nil {
			return nil, nil, err
		}
		subs, subMatched = append(subs, s), append(subMatched, ok)
	}
	n := len(q.queries)
	scores := make([]float64, len(docs))
	matched := make([]bool, len(docs))
	for i := range docs {
		var sum, best, extra float64
		count := 0
		for k := range n {
			if subMatched[k][i] {
				sum += subs[k][i]
				best = max(best, subs[k][i])
				count++
			}
		}
		if count == 0 {
			continue // extras cannot match a page alone
		}
		for k := n; k < len(subs); k++ {
			if subMatched[k][i] {
				extra += subs[k][i]
			}
		}
		if q.coord {
			scores[i] = sum * float64(count) / float64(n)
		} else {
			scores[i] = best + q.tie*(sum-best)
		}
		if extra != 0 {
			scores[i] *= 1 + extra
		}
		matched[i] = true
	}
	return scores, matched, nil
}

// scoreBySearcher scores docs with Bleve's searcher of q, its terms
// scored from the postings cache.
func (m *matcher) scoreBySearcher(q query.Query, docs []uint64) ([]float64, []bool, error) {
	return m.searchScores(m.scoring(q), docs)
}

// searchScores scores docs with Bleve's searcher of q, advancing it from
// doc to doc.
func (m *matcher) searchScores(q query.Query, docs []uint64) ([]float64, []bool, error) {
	s, err := q.Searcher(m.ctx, m.r, m.ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	// As under a fieldsSearcher, whose part q is.
	s.SetQueryNorm(queryNorm)
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: m.r}
	scores := make([]float64, len(docs))
	matched := make([]bool, len(docs))
	id := index.NewIndexInternalID(nil, 0)
	var d *bsearch.DocumentMatch
	for i, doc := range docs {
		if d == nil || d.IndexInternalID.Value() < doc {
			if d != nil {
				sctx.DocumentMatchPool.Put(d)
			}
			id.SetValue(doc)
			if d, err = s.Advance(sctx, id); err != nil {
				return nil, nil, err
			}
			if d == nil {
				break // nothing further matches
			}
		}
		if d.IndexInternalID.Value() == doc {
			scores[i], matched[i] = d.Score, true
		}
	}
	return scores, matched, nil
}
