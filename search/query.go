package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// SearchTimeout bounds every search, whatever deadline the caller's
// context has: a query that takes longer is cut off, not left to pile up.
const SearchTimeout = 2 * time.Second

// facetSize is how many values a facet lists.
const facetSize = 100

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
	p := ix.makePlan(req.Query)
	if err := ix.withReader(func(r index.IndexReader) error { return ix.addStats(ctx, p, r) }); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	text := p.textQuery()
	if text == nil {
		// Nothing searchable (only punctuation, say): no results.
		resp.TookMS = ms(time.Since(start))
		return resp, nil
	}
	filters := filterQueries(req.Filters)

	sr := bleve.NewSearchRequestOptions(withFilter(text, filters, ""), req.Size, (req.Page-1)*req.Size, false)
	sr.Fields = storedFields
	switch req.Sort {
	case SortDate, SortDateDesc:
		sr.SortByCustom(bsearch.SortOrder{
			&bsearch.SortField{Field: fDate, Type: bsearch.SortFieldAsDate, Desc: req.Sort == SortDateDesc, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortScore{Desc: true},
		})
	}
	for _, key := range FilterKeys {
		// A key that is filtered gets its counts from a search without
		// its own filter below, so that its other values stay on offer.
		if _, filtered := filters[key]; !filtered {
			sr.AddFacet(key, bleve.NewFacetRequest(filterField[key], facetSize))
		}
	}
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchError(err)
	}
	resp.Total = res.Total
	if req.Page > 1 && uint64((req.Page-1)*req.Size) >= res.Total {
		last := max(1, (res.Total+uint64(req.Size)-1)/uint64(req.Size))
		return nil, &RequestError{
			VI: fmt.Sprintf("không có trang %d: chỉ có %d kết quả (%d trang)", req.Page, res.Total, last),
			EN: fmt.Sprintf("there is no page %d: %d results (%d pages)", req.Page, res.Total, last),
		}
	}
	for key, fr := range res.Facets {
		resp.Facets[key] = facetValues(fr)
	}
	for key := range filters {
		others := bleve.NewSearchRequestOptions(withFilter(text, filters, key), 0, 0, false)
		others.AddFacet(key, bleve.NewFacetRequest(filterField[key], facetSize))
		fres, err := ix.idx.SearchInContext(ctx, others)
		if err != nil {
			return nil, searchError(err)
		}
		resp.Facets[key] = facetValues(fres.Facets[key])
	}
	for _, h := range res.Hits {
		resp.Hits = append(resp.Hits, p.hit(h))
	}
	resp.TookMS = ms(time.Since(start))
	return resp, nil
}

// withReader calls fn with a reader of the index's current snapshot.
func (ix *Index) withReader(fn func(index.IndexReader) error) error {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	err = fn(r)
	if cerr := r.Close(); err == nil {
		err = cerr
	}
	return err
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

// facetValues lists a facet's values, most frequent first, then by value.
func facetValues(fr *bsearch.FacetResult) []FacetValue {
	out := []FacetValue{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		out = append(out, FacetValue{Value: t.Term, Count: t.Count})
	}
	slices.SortStableFunc(out, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// filterQueries returns one query per filtered key: any of its values.
func filterQueries(filters map[string][]string) map[string]query.Query {
	out := make(map[string]query.Query, len(filters))
	for key, values := range filters {
		qs := make([]query.Query, len(values))
		for i, v := range values {
			qs[i] = term(filterField[key], v, 1)
		}
		out[key] = disjunction(qs, 1)
	}
	return out
}

// withFilter restricts q to pages passing every filter but the one of key
// skip ("" for none). Filters do not score.
func withFilter(q query.Query, filters map[string]query.Query, skip string) query.Query {
	var fs []query.Query
	for _, key := range FilterKeys { // a fixed order, for repeatable queries
		if f, ok := filters[key]; ok && key != skip {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return q
	}
	var filter query.Query = query.NewConjunctionQuery(fs)
	if len(fs) == 1 {
		filter = fs[0]
	}
	if b, ok := q.(*query.BooleanQuery); ok {
		c := *b
		c.Filter = filter
		return &c
	}
	return &query.BooleanQuery{Must: q, Filter: filter}
}

// hit turns a Bleve hit into a Hit with its snippet.
func (p *plan) hit(h *bsearch.DocumentMatch) Hit {
	str := func(f string) string {
		s, _ := h.Fields[f].(string)
		return s
	}
	hit := Hit{
		URL:    h.ID,
		Title:  str(fTitle),
		Type:   str(fType),
		Number: str(fNumber),
		Code:   str(fCode),
		Status: str(fStatus),
		Date:   str(fDateText),
		Score:  h.Score,
	}
	switch v := h.Fields[fFields].(type) {
	case string:
		hit.Fields = []string{v}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				hit.Fields = append(hit.Fields, s)
			}
		}
	}
	hit.Snippet = p.snippet(str(fText), str(fDesc))
	return hit
}
