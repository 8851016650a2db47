package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	mathbits "math/bits"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// SearchTimeout bounds every search, whatever deadline the caller's
// context has: a query that takes longer is cut off, not left to pile up.
const SearchTimeout = 2 * time.Second

// defaultScoreBudget is how many candidates a search scores at most (more if the
// page asked for goes deeper). Bleve scores every candidate with every
// clause of the query, some microseconds each; a popular query on a large
// site has tens of thousands of candidates. Past the budget, candidates
// with a query word or pair in their title (or the number or code asked
// for) are scored first, then those with the highest prior (see priorOf).
// The total and the facets always count every candidate; a site of a few
// thousand pages never reaches the budget, and its ranking is exact.
const defaultScoreBudget = 100

// Search answers req. Bad input gives a *RequestError; so does a page past
// the last result. Any other error (a deadline, a broken index) is the
// server's problem, not the visitor's.
func (ix *Index) Search(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	if err := ValidateRequest(&req); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, SearchTimeout)
	defer cancel()
	resp := &Response{
		Query:  req.Query,
		Page:   req.Page,
		Size:   req.Size,
		Hits:   []Hit{},
		Facets: emptyFacets(),
	}
	err := ix.withReader(func(r index.IndexReader) error {
		return ix.search(ctx, r, req, resp)
	})
	if err != nil {
		var rerr *RequestError
		if errors.As(err, &rerr) {
			return nil, rerr
		}
		return nil, searchError(err)
	}
	resp.TookMS = ms(time.Since(start))
	return resp, nil
}

// search fills resp for req from the snapshot r.
func (ix *Index) search(ctx context.Context, r index.IndexReader, req Request, resp *Response) error {
	p := ix.makePlan(req.Query)
	if err := ix.addStats(ctx, p, r); err != nil {
		return err
	}
	qs := p.queries(true)
	if qs.cand == nil {
		return nil // nothing searchable, only punctuation say: no results
	}
	f := ix.newFilter(req.Filters)
	cands, err := ix.candidates(ctx, r, qs.cand, f, resp.Facets)
	if err == nil && len(cands) == 0 && qs.focused {
		// Every word was common and no page had them together: look
		// for pages with any of them.
		qs = p.queries(false)
		resp.Facets = emptyFacets()
		cands, err = ix.candidates(ctx, r, qs.cand, f, resp.Facets)
	}
	if err != nil {
		return err
	}
	resp.Total = uint64(len(cands))
	from := (req.Page - 1) * req.Size
	if req.Page > 1 && from >= len(cands) {
		last := max(1, (len(cands)+req.Size-1)/req.Size)
		return &RequestError{
			VI: fmt.Sprintf("không có trang %d: chỉ có %d kết quả (%d trang)", req.Page, len(cands), last),
			EN: fmt.Sprintf("there is no page %d: %d results (%d pages)", req.Page, len(cands), last),
		}
	}
	to := min(from+req.Size, len(cands))

	var ranked []scored
	if req.Sort == SortRelevance {
		ranked, err = ix.rank(ctx, r, qs, cands, from, to)
		if err != nil {
			return err
		}
	} else {
		ranked = ix.byDate(cands, req.Sort == SortDateDesc)
	}
	for _, s := range ranked[from:to] {
		h, err := p.loadHit(r, s)
		if err != nil {
			return err
		}
		resp.Hits = append(resp.Hits, h)
	}
	return nil
}

// scored is a candidate with its score.
type scored struct {
	doc   uint64
	score float64
}

// filter is a request's filters as facet value ids, one set per key.
type filter struct {
	keys []string          // the filtered keys, in FilterKeys order
	ids  []map[uint16]bool // for each of keys, the accepted values
}

// newFilter turns filters into facet value ids. A value no page has
// matches nothing.
func (ix *Index) newFilter(filters map[string][]string) filter {
	var f filter
	for _, key := range FilterKeys {
		values := filters[key]
		if len(values) == 0 {
			continue
		}
		ids := map[uint16]bool{}
		for id, k := range ix.cols.facetKey {
			if k == key && slices.Contains(values, ix.cols.facetValue[id]) {
				ids[uint16(id)] = true
			}
		}
		f.keys = append(f.keys, key)
		f.ids = append(f.ids, ids)
	}
	return f
}

// candidates runs q unscored and returns, in document order, the pages it
// matches that pass the filter f. It counts their facets into facets in
// the same pass: the values of an unfiltered key over the pages returned,
// and those of a filtered key over the pages that pass every other filter
// (so that picking a second value of a key stays possible).
func (ix *Index) candidates(ctx context.Context, r index.IndexReader, q query.Query, f filter, facets map[string][]FacetValue) ([]uint64, error) {
	cols := ix.cols
	n := len(cols.prior)
	set := make([]uint64, (n+63)/64)
	err := ix.matchDocs(ctx, r, q, func(doc uint64) {
		if doc < uint64(n) {
			set[doc/64] |= 1 << (doc % 64)
		}
	})
	if err != nil {
		return nil, err
	}
	counts := make([]int, len(cols.facetKey))
	// keyCounts[i] counts the values of f.keys[i] over the pages passing
	// every filter but that one.
	keyCounts := make([][]int, len(f.keys))
	for i := range keyCounts {
		keyCounts[i] = make([]int, len(cols.facetKey))
	}
	var out []uint64
	for w, bits := range set {
		for bits != 0 {
			doc := uint64(w*64 + mathbits.TrailingZeros64(bits))
			bits &= bits - 1
			ids := cols.facetIDs[cols.facetOff[doc]:cols.facetOff[doc+1]]
			failed, failedKey := 0, -1
			for i, accept := range f.ids {
				ok := false
				for _, id := range ids {
					if accept[id] {
						ok = true
						break
					}
				}
				if !ok {
					failed++
					failedKey = i
				}
			}
			switch failed {
			case 0:
				out = append(out, doc)
				for _, id := range ids {
					counts[id]++
				}
				for i := range keyCounts {
					for _, id := range ids {
						keyCounts[i][id]++
					}
				}
			case 1:
				for _, id := range ids {
					keyCounts[failedKey][id]++
				}
			}
		}
	}
	filtered := make(map[string]int, len(f.keys))
	for i, k := range f.keys {
		filtered[k] = i
	}
	for id, key := range cols.facetKey {
		n := counts[id]
		if i, ok := filtered[key]; ok {
			n = keyCounts[i][id]
		}
		if n > 0 {
			facets[key] = append(facets[key], FacetValue{Value: cols.facetValue[id], Count: n})
		}
	}
	for key := range facets {
		slices.SortStableFunc(facets[key], func(a, b FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
	}
	return out, nil
}

// rank orders the candidates for the page cands[from:to]: all scored and
// best first, or, when there are more than ix.budget, that many picked
// (see pick) scored and best first, then the others in the order picked.
// The order never depends on the page asked for, so paging through the
// results sees each once. Pages shown from beyond the budget get their
// score too, for display.
func (ix *Index) rank(ctx context.Context, r index.IndexReader, qs planQueries, cands []uint64, from, to int) ([]scored, error) {
	picked, rest := cands, []uint64(nil)
	if len(cands) > ix.budget {
		var err error
		picked, rest, err = ix.pick(ctx, r, qs.titles, cands, ix.budget)
		if err != nil {
			return nil, err
		}
	}
	scoreQ := qs.score
	if len(rest) > 0 {
		scoreQ = qs.fastScore
	}
	out, err := ix.score(ctx, r, scoreQ, picked)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	if len(rest) == 0 {
		return out, nil
	}
	for _, doc := range rest {
		out = append(out, scored{doc: doc})
	}
	if to > len(picked) {
		page := slices.Clone(out[max(from, len(picked)):to])
		slices.SortFunc(page, func(a, b scored) int { return cmp.Compare(a.doc, b.doc) })
		docs := make([]uint64, len(page))
		for i, s := range page {
			docs[i] = s.doc
		}
		withScores, err := ix.score(ctx, r, scoreQ, docs)
		if err != nil {
			return nil, err
		}
		byDoc := make(map[uint64]float64, len(withScores))
		for _, s := range withScores {
			byDoc[s.doc] = s.score
		}
		for i := max(from, len(picked)); i < to; i++ {
			out[i].score = byDoc[out[i].doc]
		}
	}
	return out, nil
}

// score scores docs, in document order, with q.
func (ix *Index) score(ctx context.Context, r index.IndexReader, q query.Query, docs []uint64) ([]scored, error) {
	s, err := q.Searcher(ctx, r, ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	out := make([]scored, 0, len(docs))
	id := index.NewIndexInternalID(nil, 0)
	var d *bsearch.DocumentMatch
	done := false
	for n, doc := range docs {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !done && (d == nil || d.IndexInternalID.Value() < doc) {
			if d != nil {
				sctx.DocumentMatchPool.Put(d)
			}
			id.SetValue(doc)
			if d, err = s.Advance(sctx, id); err != nil {
				return nil, err
			}
			done = d == nil // the scoring query matches nothing further
		}
		score := 0.0
		if d != nil && d.IndexInternalID.Value() == doc {
			score = d.Score
		}
		out = append(out, scored{doc, score})
	}
	return out, nil
}

// pick chooses budget of cands to score: those matching more of the title
// queries first, then those of higher prior, each group in document
// order; it returns them in document order, and the others in the order
// picked.
func (ix *Index) pick(ctx context.Context, r index.IndexReader, titles []query.Query, cands []uint64, budget int) (picked, rest []uint64, err error) {
	n := len(ix.cols.prior)
	inTitle := make([]uint8, n)
	stamp := make([]uint16, n) // the last title query that counted a page
	for i, q := range titles {
		mark := uint16(i%65535 + 1)
		err := ix.matchDocs(ctx, r, q, func(doc uint64) {
			if doc < uint64(n) && stamp[doc] != mark {
				stamp[doc] = mark
				inTitle[doc] = min(inTitle[doc]+1, 15)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	// Buckets by title matches, then prior (both at most 15).
	var buckets [16 * 16][]uint64
	for _, doc := range cands {
		k := int(inTitle[doc])*16 + int(min(ix.cols.prior[doc], 15))
		buckets[k] = append(buckets[k], doc)
	}
	order := make([]uint64, 0, len(cands))
	for k := len(buckets) - 1; k >= 0; k-- {
		order = append(order, buckets[k]...)
	}
	picked = slices.Clone(order[:budget])
	slices.Sort(picked)
	return picked, order[budget:], nil
}

// byDate orders the candidates by date (newest first when desc), pages
// without a date last, then in document order.
func (ix *Index) byDate(cands []uint64, desc bool) []scored {
	out := make([]scored, len(cands))
	for i, doc := range cands {
		out[i] = scored{doc: doc}
	}
	dates := ix.cols.date
	slices.SortStableFunc(out, func(a, b scored) int {
		da, db := dates[a.doc], dates[b.doc]
		switch {
		case da == db:
			return 0
		case da == "":
			return 1
		case db == "":
			return -1
		case desc:
			return strings.Compare(db, da)
		}
		return strings.Compare(da, db)
	})
	return out
}

// loadHit reads the stored fields of a candidate and makes its Hit, with
// its snippet.
func (p *plan) loadHit(r index.IndexReader, s scored) (Hit, error) {
	id := index.NewIndexInternalID(nil, s.doc)
	url, err := r.ExternalID(id)
	if err != nil {
		return Hit{}, err
	}
	doc, err := r.Document(url)
	if err != nil {
		return Hit{}, err
	}
	h := Hit{URL: url, Score: s.score}
	var text, desc string
	if doc != nil {
		doc.VisitFields(func(f index.Field) {
			tf, ok := f.(*document.TextField)
			if !ok {
				return
			}
			v := string(tf.Value())
			switch f.Name() {
			case fTitle:
				h.Title = v
			case fType:
				h.Type = v
			case fNumber:
				h.Number = v
			case fCode:
				h.Code = v
			case fStatus:
				h.Status = v
			case fDate:
				h.Date = v
			case fFields:
				h.Fields = append(h.Fields, v)
			case fDesc:
				desc = v
			case fText:
				text = v
			}
		})
	}
	h.Snippet = p.snippet(text, desc)
	return h, nil
}

// matchDocs calls fn with each document q matches, unscored, perhaps more
// than once. Term queries, and disjunctions of them, read the postings
// directly: for the thousands of candidates of a popular query on a large
// site, going through Bleve's searchers and their per-document matches
// cost ten times as much. Anything else goes through Bleve.
func (ix *Index) matchDocs(ctx context.Context, r index.IndexReader, q query.Query, fn func(doc uint64)) error {
	switch q := q.(type) {
	case *query.TermQuery:
		tfr, err := r.TermFieldReader(ctx, []byte(q.Term), q.FieldVal, false, false, false)
		if err != nil {
			return err
		}
		var tfd index.TermFieldDoc
		for {
			d, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return err
			}
			if d == nil {
				break
			}
			fn(d.ID.Value())
		}
		return tfr.Close()
	case *query.DisjunctionQuery:
		if q.Min <= 1 {
			var terms []*query.TermQuery
			for _, c := range q.Disjuncts {
				if t, ok := c.(*query.TermQuery); ok {
					terms = append(terms, t)
				} else if err := ix.matchDocs(ctx, r, c, fn); err != nil {
					return err
				}
			}
			if err := matchTerms(ctx, r, terms, fn); err != nil {
				return err
			}
			return ctx.Err()
		}
		if len(q.Disjuncts) < 255 {
			// At least Min of them: count, once per disjunct, the
			// documents each matches.
			n := len(ix.cols.prior)
			count := make([]uint8, n)
			stamp := make([]uint8, n)
			for i, c := range q.Disjuncts {
				mark := uint8(i + 1)
				err := ix.matchDocs(ctx, r, c, func(doc uint64) {
					if doc < uint64(n) && stamp[doc] != mark {
						stamp[doc] = mark
						count[doc]++
					}
				})
				if err != nil {
					return err
				}
			}
			for doc, c := range count {
				if float64(c) >= q.Min {
					fn(uint64(doc))
				}
			}
			return ctx.Err()
		}
	}
	s, err := q.Searcher(ctx, r, ix.idx.Mapping(), bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, err := s.Next(sctx)
		if err != nil || d == nil {
			return err
		}
		fn(d.IndexInternalID.Value())
		sctx.DocumentMatchPool.Put(d)
	}
}

// matchTerms calls fn with each document any of terms matches, once each.
// It asks the index for the union of their postings as one bitmap (the
// optimisation Bleve makes for unscored disjunctions), which is much
// faster than reading every posting of common words one by one.
func matchTerms(ctx context.Context, r index.IndexReader, terms []*query.TermQuery, fn func(doc uint64)) error {
	if len(terms) == 0 {
		return nil
	}
	var tfrs []index.TermFieldReader
	defer func() {
		for _, t := range tfrs {
			t.Close()
		}
	}()
	var octx index.OptimizableContext
	optimizable := len(terms) > 1
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t.Term), t.FieldVal, false, false, false)
		if err != nil {
			return err
		}
		tfrs = append(tfrs, tfr)
		if o, ok := tfr.(index.Optimizable); ok && optimizable {
			if octx, err = o.Optimize("disjunction:unadorned", octx); err != nil {
				return err
			}
		}
		optimizable = optimizable && octx != nil
	}
	readers := tfrs
	if optimizable {
		if opt, err := octx.Finish(); err != nil {
			return err
		} else if union, ok := opt.(index.TermFieldReader); ok && union != nil {
			tfrs = append(tfrs, union)
			readers = []index.TermFieldReader{union}
		}
	}
	var tfd index.TermFieldDoc
	for _, tfr := range readers {
		for {
			d, err := tfr.Next(&tfd)
			if err != nil {
				return err
			}
			if d == nil {
				break
			}
			fn(d.ID.Value())
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// searchError wraps an error of Bleve's, naming a deadline plainly.
func searchError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("search: took longer than %v: %w", SearchTimeout, err)
	}
	return fmt.Errorf("search: %w", err)
}

func emptyFacets() map[string][]FacetValue {
	f := make(map[string][]FacetValue, len(FilterKeys))
	for _, k := range FilterKeys {
		f[k] = []FacetValue{}
	}
	return f
}
