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
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/search/internal/bitset"
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
	m := ix.newMatcher(ctx, r)
	if err := ix.addStats(m, p); err != nil {
		return err
	}
	qs := p.queries(true)
	if qs.cand == nil {
		return nil // nothing searchable, only punctuation say: no results
	}
	f := ix.newFilter(req.Filters)
	cands, total, err := ix.candidates(m, qs.cand, f, resp.Facets)
	if err == nil && total == 0 && qs.focused {
		// Every word was common and no page had them together: look
		// for pages with any of them.
		qs = p.queries(false)
		resp.Facets = emptyFacets()
		cands, total, err = ix.candidates(m, qs.cand, f, resp.Facets)
	}
	if err != nil {
		return err
	}
	resp.Total = uint64(total)
	from := (req.Page - 1) * req.Size
	if req.Page > 1 && from >= total {
		last := max(1, (total+req.Size-1)/req.Size)
		return &RequestError{
			VI: fmt.Sprintf("không có trang %d: chỉ có %d kết quả (%d trang)", req.Page, total, last),
			EN: fmt.Sprintf("there is no page %d: %d results (%d pages)", req.Page, total, last),
		}
	}
	to := min(from+req.Size, total)

	var ranked []scored
	if req.Sort == SortRelevance {
		ranked, err = ix.rank(m, qs, cands, total, from, to)
		if err != nil {
			return err
		}
	} else {
		ranked = ix.byDate(cands, req.Sort == SortDateDesc)
	}
	resp.Hits, err = p.loadHits(m, ranked[from:to], resp.Hits)
	return err
}

// loadHits appends the hits of ranked, in order, to hits.
func (p *plan) loadHits(m *matcher, ranked []scored, hits []Hit) ([]Hit, error) {
	for _, s := range ranked {
		h, err := p.loadHit(m, s)
		if err != nil {
			return nil, err
		}
		hits = append(hits, h)
	}
	return hits, nil
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

// candidates returns the pages q matches that pass the filter f, and how
// many there are. It counts their facets into facets: the values of an
// unfiltered key over the pages returned, and those of a filtered key over
// the pages that pass every other filter (so that picking a second value
// of a key stays possible). Counts are exact: each facet value's pages
// are intersected with the candidates as whole sets.
func (ix *Index) candidates(m *matcher, q query.Query, f filter, facets map[string][]FacetValue) (bitset.Set, int, error) {
	cols := ix.cols
	matched, err := m.view(q)
	if err != nil {
		return nil, 0, err
	}
	// accept[i] are the pages with a value of f.keys[i] asked for.
	accept := make([]bitset.Set, len(f.keys))
	for i, ids := range f.ids {
		accept[i] = bitset.New(m.n)
		for id, ok := range ids {
			if ok {
				cols.facetDocs[id].OrInto(accept[i])
			}
		}
	}
	out := slices.Clone(matched)
	for _, a := range accept {
		out.And(a)
	}
	// others[i] are the matched pages passing every filter but f.keys[i].
	others := make(map[string]bitset.Set, len(f.keys))
	for i, key := range f.keys {
		b := slices.Clone(matched)
		for j, a := range accept {
			if j != i {
				b.And(a)
			}
		}
		others[key] = b
	}
	counts := make([]int, len(cols.facetKey))
	want := make([]bool, len(cols.facetKey))
	for id, key := range cols.facetKey {
		want[id] = others[key] == nil
	}
	cols.countFacets(out, want, counts)
	for key, in := range others {
		for id, k := range cols.facetKey {
			want[id] = k == key
		}
		cols.countFacets(in, want, counts)
	}
	for id, n := range counts {
		if n > 0 {
			key := cols.facetKey[id]
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
	return out, out.Count(), nil
}

// rank orders the candidates for the page [from, to) of the total
// candidates cands: all scored and best first, or, when there are more
// than ix.budget, that many picked (see pick) scored and best first, then
// the others in the order picked, as far as the page needs. The order
// never depends on the page asked for, so paging through the results
// sees each once. Pages shown from beyond the budget get their score
// too, for display.
func (ix *Index) rank(m *matcher, qs planQueries, cands bitset.Set, total, from, to int) ([]scored, error) {
	if total <= ix.budget {
		out, err := m.score(qs.score, cands.AppendDocs(nil, -1))
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
		return out, nil
	}
	order, err := ix.pick(m, qs.titles, cands, max(ix.budget, to))
	if err != nil {
		return nil, err
	}
	picked := slices.Clone(order[:ix.budget])
	slices.Sort(picked)
	rest := order[ix.budget:]
	out, err := m.score(qs.fastScore, picked)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
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
		withScores, err := m.score(qs.fastScore, docs)
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

// score scores docs, in document order, with q (see scoreVector).
func (m *matcher) score(q query.Query, docs []uint64) ([]scored, error) {
	scores, _, err := m.scoreVector(q, docs)
	if err != nil {
		return nil, err
	}
	out := make([]scored, len(docs))
	for i, doc := range docs {
		out[i] = scored{doc, scores[i]}
	}
	return out, nil
}

// pick orders the candidates cands for scoring, as far as the first
// limit: those matching more of the title queries first, then those of
// higher prior (both counted up to maxPickPrior), each group in document
// order.
func (ix *Index) pick(m *matcher, titles []query.Query, cands bitset.Set, limit int) ([]uint64, error) {
	sets, err := m.viewAll(titles)
	if err != nil {
		return nil, err
	}
	top := min(len(sets), maxPickPrior)
	levels := bitset.CountLevels(cands, sets, top)
	// Each level less the one above: the candidates in exactly k title
	// queries (in at least top for the highest).
	for k := 0; k < top; k++ {
		levels[k].AndNot(levels[k+1])
	}
	order := make([]uint64, 0, limit)
	for k := top; k >= 0 && len(order) < limit; k-- {
		for p := maxPickPrior; p >= 0 && len(order) < limit; p-- {
			order = ix.cols.priorDocs[p].AppendIn(levels[k], order, limit)
		}
	}
	return order, nil
}

// byDate orders the candidates by date (newest first when desc), pages
// without a date last, then in document order: a counting sort by the
// dates' ranks, since a popular query has tens of thousands of
// candidates and comparing their dates took tens of milliseconds.
func (ix *Index) byDate(cands bitset.Set, desc bool) []scored {
	ranks := ix.cols.dateRank
	// start[k] is where the pages of rank k go: ranks 1.. in order
	// (reversed when desc), then rank 0, no date.
	start := make([]int, ix.cols.dates+1)
	for i, w := range cands {
		for ; w != 0; w &= w - 1 {
			start[ranks[i*64+mathbits.TrailingZeros64(w)]]++
		}
	}
	pos := 0
	place := func(k uint32) {
		n := start[k]
		start[k] = pos
		pos += n
	}
	for k := uint32(1); k <= ix.cols.dates; k++ {
		if desc {
			place(ix.cols.dates + 1 - k)
		} else {
			place(k)
		}
	}
	place(0)
	out := make([]scored, pos)
	for i, w := range cands {
		for ; w != 0; w &= w - 1 {
			doc := uint64(i*64 + mathbits.TrailingZeros64(w))
			k := ranks[doc]
			out[start[k]] = scored{doc: doc}
			start[k]++
		}
	}
	return out
}

// loadHit reads the stored fields of a candidate and makes its Hit, with
// its snippet.
func (p *plan) loadHit(m *matcher, s scored) (Hit, error) {
	h := Hit{Score: s.score}
	var text, desc string
	field := func(name, v string) {
		switch name {
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
		case fSection:
			h.Section = v
		case fDesc:
			desc = v
		case fText:
			text = v
		}
	}
	if seg, local, ok := m.segmentOf(s.doc); ok {
		// Straight from the segment: one read of the stored fields,
		// where asking the snapshot for the page's URL and then for the
		// document by URL reads them twice and looks the URL up.
		err := seg.VisitDocument(local, func(name string, typ byte, v []byte, _ []uint64) bool {
			switch {
			case name == "_id":
				h.URL = string(v)
			case typ == 't':
				field(name, string(v))
			}
			return true
		})
		if err != nil {
			return Hit{}, err
		}
		if h.URL == "" {
			return Hit{}, fmt.Errorf("document number %d has no URL", s.doc)
		}
	} else {
		url, err := m.r.ExternalID(index.NewIndexInternalID(nil, s.doc))
		if err != nil {
			return Hit{}, err
		}
		h.URL = url
		doc, err := m.r.Document(url)
		if err != nil {
			return Hit{}, err
		}
		if doc != nil {
			doc.VisitFields(func(f index.Field) {
				if tf, ok := f.(*document.TextField); ok {
					field(f.Name(), string(tf.Value()))
				}
			})
		}
	}
	h.Snippet = p.snippet(text, desc)
	return h, nil
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
