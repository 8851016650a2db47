package search

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/model"
)

// TestSearchMatchesReference checks that searching with bitmaps answers
// exactly what the plain way answers: the candidates from Bleve's own
// unscored searchers, filtered and counted page by page, picked for
// scoring by title matches counted page by page, scored by Bleve's
// searchers. Same totals, same facet counts, same hits in the same order
// with the same scores (to the last bit) and snippets, on one index as Build writes it and
// on the same index after in-place changes (several segments, deleted
// and re-added pages).
func TestSearchMatchesReference(t *testing.T) {
	pages := SyntheticPages(3000, 1)
	dir := filepath.Join(t.TempDir(), "index")
	builtAt := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	if _, err := Build(context.Background(), pages, dir, BuildOptions{BuiltAt: builtAt}); err != nil {
		t.Fatal(err)
	}
	reqs := referenceRequests(pages)

	t.Run("built", func(t *testing.T) {
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		compareWithReference(t, ix, reqs)
	})

	t.Run("changed in place", func(t *testing.T) {
		// As the dev server changes it: two batches, one of deletes and
		// one of pages indexed again (new numbers in a new segment), each
		// seen through a new view that pins its snapshot.
		base, err := OpenUpdatable(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer base.Close()
		var removed []string
		var again []*model.Page
		for i, p := range pages {
			switch {
			case i%97 == 0:
				removed = append(removed, p.URL)
			case i%31 == 0:
				again = append(again, p)
			}
		}
		ctx := context.Background()
		mid, _, err := base.Update(ctx, nil, removed, UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer mid.Close()
		ix, _, err := mid.Update(ctx, again, nil, UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		err = ix.withReader(func(r index.IndexReader) error {
			m := ix.newMatcher(context.Background(), r)
			deleted := 0
			for _, s := range m.segs {
				if d := s.seg.Deleted(); d != nil {
					deleted += int(d.GetCardinality())
				}
			}
			if len(m.segs) < 2 || deleted == 0 {
				t.Errorf("%d segments, %d deleted documents: want several and some", len(m.segs), deleted)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		compareWithReference(t, ix, reqs)
	})
}

// referenceRequests are the synthetic queries, alone and with filters,
// pages past the scoring budget and date order.
func referenceRequests(pages []*model.Page) []Request {
	queries := SyntheticQueries(pages, 160, 3)
	queries = append(queries, "quyền sử dụng đất", "đất", "thu tuc cap giay phep", "giấy phép xây dựng nhà ở riêng lẻ tại đô thị")
	var reqs []Request
	for i, q := range queries {
		reqs = append(reqs, Request{Query: q})
		switch i % 6 {
		case 1:
			reqs = append(reqs, Request{Query: q, Filters: map[string][]string{"type": {"procedure", "document"}}})
		case 2:
			reqs = append(reqs, Request{Query: q, Page: 12, Size: 10}) // past the budget
		case 3:
			reqs = append(reqs, Request{Query: q, Filters: map[string][]string{"type": {"news"}, "year": {"2015", "2020", "2024"}}, Page: 2})
		case 4:
			reqs = append(reqs, Request{Query: q, Sort: SortDateDesc, Page: 3, Size: 20})
			reqs = append(reqs, Request{Query: q, Sort: SortDate, Filters: map[string][]string{"type": {"news", "page"}}})
		case 5:
			reqs = append(reqs, Request{Query: q, Filters: map[string][]string{"status": {"Còn hiệu lực"}, "type": {"document"}}, Size: 50})
		}
	}
	return reqs
}

func compareWithReference(t *testing.T, ix *Index, reqs []Request) {
	t.Helper()
	ctx := context.Background()
	checked := 0
	for _, req := range reqs {
		name := fmt.Sprintf("%q %v page %d sort %q", req.Query, req.Filters, req.Page, req.Sort)
		got, gotErr := ix.Search(ctx, req)
		want, wantErr := referenceSearch(ix, req)
		if (gotErr != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, reference %v", name, gotErr, wantErr)
			continue
		}
		if gotErr != nil {
			continue
		}
		checked++
		if got.Total != want.Total {
			t.Errorf("%s: total %d, reference %d", name, got.Total, want.Total)
		}
		for _, k := range FilterKeys {
			if !slices.Equal(got.Facets[k], want.Facets[k]) {
				t.Errorf("%s: facet %s\n got %v\nwant %v", name, k, got.Facets[k], want.Facets[k])
			}
		}
		if !slices.Equal(urls(got), urls(want)) {
			t.Errorf("%s: hits\n got %v\nwant %v", name, urls(got), urls(want))
			continue
		}
		for i := range got.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if g.Score != w.Score {
				t.Errorf("%s: %s scores %v, reference %v", name, g.URL, g.Score, w.Score)
			}
			g.Score, w.Score = 0, 0
			if fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("%s: hit\n got %+v\nwant %+v", name, g, w)
			}
		}
	}
	if checked < len(reqs)/2 {
		t.Errorf("only %d of %d requests answered", checked, len(reqs))
	}
}

// referenceSearch answers req the plain way (see
// TestSearchMatchesReference), sharing only the query plan and the hit
// loading with Index.Search.
func referenceSearch(ix *Index, req Request) (*Response, error) {
	if err := ValidateRequest(&req); err != nil {
		return nil, err
	}
	ctx := context.Background()
	resp := &Response{Query: req.Query, Page: req.Page, Size: req.Size, Hits: []Hit{}, Facets: emptyFacets()}
	err := ix.withReader(func(r index.IndexReader) error {
		p := ix.makePlan(req.Query)
		if err := ix.addStats(ix.newMatcher(ctx, r), p); err != nil {
			return err
		}
		qs := p.queries(true)
		if qs.cand == nil {
			return nil
		}
		cands, err := referenceCandidates(ix, r, qs.cand, req.Filters, resp.Facets)
		if err == nil && len(cands) == 0 && qs.focused {
			qs = p.queries(false)
			resp.Facets = emptyFacets()
			cands, err = referenceCandidates(ix, r, qs.cand, req.Filters, resp.Facets)
		}
		if err != nil {
			return err
		}
		resp.Total = uint64(len(cands))
		from := (req.Page - 1) * req.Size
		if req.Page > 1 && from >= len(cands) {
			return &RequestError{VI: "no page", EN: "no page"}
		}
		to := min(from+req.Size, len(cands))
		var ranked []scored
		if req.Sort == SortRelevance {
			if ranked, err = referenceRank(ix, r, qs, cands, from, to); err != nil {
				return err
			}
		} else {
			if ranked, err = referenceByDate(r, cands, req.Sort == SortDateDesc); err != nil {
				return err
			}
		}
		resp.Hits, err = p.loadHits(ix.newMatcher(ctx, r), ranked[from:to], resp.Hits)
		return err
	})
	return resp, err
}

// referenceMatch returns the documents q matches, with columns, in order,
// from Bleve's unscored searcher.
func referenceMatch(ix *Index, r index.IndexReader, q query.Query) ([]uint64, error) {
	ctx := context.Background()
	s, err := q.Searcher(ctx, r, ix.idx.Mapping(), bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var out []uint64
	for {
		d, err := s.Next(sctx)
		if err != nil || d == nil {
			return out, err
		}
		if doc := d.IndexInternalID.Value(); doc < uint64(len(ix.cols.prior)) {
			out = append(out, doc)
		}
		sctx.DocumentMatchPool.Put(d)
	}
}

// referenceCandidates filters the documents q matches page by page and
// counts their facets the same way.
func referenceCandidates(ix *Index, r index.IndexReader, q query.Query, filters map[string][]string, facets map[string][]FacetValue) ([]uint64, error) {
	cols := ix.cols
	docs, err := referenceMatch(ix, r, q)
	if err != nil {
		return nil, err
	}
	var keys []string // filtered keys
	for _, k := range FilterKeys {
		if len(filters[k]) > 0 {
			keys = append(keys, k)
		}
	}
	counts := make(map[string]map[string]int) // key, value: count
	count := func(ids []uint16, key string) {
		for _, id := range ids {
			if k := cols.facetKey[id]; key == "" || k == key {
				if counts[k] == nil {
					counts[k] = map[string]int{}
				}
				counts[k][cols.facetValue[id]]++
			}
		}
	}
	var out []uint64
	for _, doc := range docs {
		ids := cols.facetIDs[cols.facetOff[doc]:cols.facetOff[doc+1]]
		var failed []string
		for _, k := range keys {
			ok := false
			for _, id := range ids {
				if cols.facetKey[id] == k && slices.Contains(filters[k], cols.facetValue[id]) {
					ok = true
				}
			}
			if !ok {
				failed = append(failed, k)
			}
		}
		switch len(failed) {
		case 0:
			out = append(out, doc)
			for _, id := range ids {
				if !slices.Contains(keys, cols.facetKey[id]) {
					count([]uint16{id}, "")
				}
			}
			for _, k := range keys {
				count(ids, k)
			}
		case 1:
			count(ids, failed[0])
		}
	}
	for key, values := range counts {
		for v, n := range values {
			facets[key] = append(facets[key], FacetValue{Value: v, Count: n})
		}
		slices.SortFunc(facets[key], func(a, b FacetValue) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
	}
	return out, nil
}

// referenceRank ranks as Index.rank does, picking page by page and
// scoring with Bleve's searchers.
func referenceRank(ix *Index, r index.IndexReader, qs planQueries, cands []uint64, from, to int) ([]scored, error) {
	picked, rest := cands, []uint64(nil)
	scoreQ := qs.score
	if len(cands) > ix.budget {
		// Title queries matched, counted once each, up to 15; then prior.
		inTitle := map[uint64]int{}
		for _, q := range qs.titles {
			docs, err := referenceMatch(ix, r, q)
			if err != nil {
				return nil, err
			}
			for _, d := range docs {
				inTitle[d] = min(inTitle[d]+1, 15)
			}
		}
		order := slices.Clone(cands)
		slices.SortStableFunc(order, func(a, b uint64) int {
			if c := cmp.Compare(inTitle[b], inTitle[a]); c != 0 {
				return c
			}
			return cmp.Compare(min(ix.cols.prior[b], 15), min(ix.cols.prior[a], 15))
		})
		picked = slices.Clone(order[:ix.budget])
		slices.Sort(picked)
		rest = order[ix.budget:]
		scoreQ = qs.fastScore
	}
	out, err := referenceScore(ix, r, scoreQ, picked)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	for _, doc := range rest {
		out = append(out, scored{doc: doc})
	}
	if to > len(picked) {
		docs := slices.Clone(rest[max(from, len(picked))-len(picked) : to-len(picked)])
		slices.Sort(docs)
		withScores, err := referenceScore(ix, r, scoreQ, docs)
		if err != nil {
			return nil, err
		}
		for i := max(from, len(picked)); i < to; i++ {
			for _, s := range withScores {
				if s.doc == out[i].doc {
					out[i].score = s.score
				}
			}
		}
	}
	return out, nil
}

// referenceScore scores docs, in document order, with q by Bleve's
// searcher.
func referenceScore(ix *Index, r index.IndexReader, q query.Query, docs []uint64) ([]scored, error) {
	ctx := context.Background()
	s, err := q.Searcher(ctx, r, ix.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	out := make([]scored, 0, len(docs))
	var d *bsearch.DocumentMatch
	for _, doc := range docs {
		if d == nil || d.IndexInternalID.Value() < doc {
			if d, err = s.Advance(sctx, index.NewIndexInternalID(nil, doc)); err != nil {
				return nil, err
			}
			if d == nil {
				break
			}
		}
		score := 0.0
		if d.IndexInternalID.Value() == doc {
			score = d.Score
		}
		out = append(out, scored{doc, score})
	}
	for len(out) < len(docs) {
		out = append(out, scored{docs[len(out)], 0})
	}
	return out, nil
}

// referenceByDate orders cands by their date terms, compared as strings
// (newest first when desc), pages without a date last, then in document
// order.
func referenceByDate(r index.IndexReader, cands []uint64, desc bool) ([]scored, error) {
	dates := map[uint64]string{}
	err := eachTerm(context.Background(), r, fDate, func(t string, docs []uint64) error {
		for _, d := range docs {
			dates[d] = t
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]scored, len(cands))
	for i, doc := range cands {
		out[i] = scored{doc: doc}
	}
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
	return out, nil
}

// TestLoadHitFromSegment checks that a hit read straight from its segment
// is the hit the snapshot's document gives: URL, fields and snippet.
func TestLoadHitFromSegment(t *testing.T) {
	ix := testIndex(t)
	err := ix.withReader(func(r index.IndexReader) error {
		ctx := context.Background()
		direct := ix.newMatcher(ctx, r)
		if len(direct.segs) == 0 {
			t.Fatal("no segments: the test index is not a scorch snapshot")
		}
		viaSnapshot := ix.newMatcher(ctx, r)
		viaSnapshot.segs = nil
		p := ix.makePlan("nước mặt thủy lợi 45/2013/QH13")
		n, err := r.DocCount()
		if err != nil {
			return err
		}
		for doc := range n {
			s := scored{doc: doc, score: 1.5}
			got, err := p.loadHit(direct, s)
			if err != nil {
				return err
			}
			want, err := p.loadHit(viaSnapshot, s)
			if err != nil {
				return err
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("document %d:\n got %+v\nwant %+v", doc, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSearchConcurrent runs the same searches from several goroutines at
// once, as a server does, while they fill the index's shared caches: each
// answer is the one the search gives alone.
func TestSearchConcurrent(t *testing.T) {
	ix := testIndex(t)
	queries := []string{"nước mặt", "thuỷ lợi", "Luật Đất đai", "45/2013/QH13", "bảo vệ môi trường làng nghề", "giấy phép khai thác", "UBND xã"}
	ctx := context.Background()
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = fmt.Sprint(search(t, ix, Request{Query: q}).Hits)
	}
	ix2, err := Open(ix.Dir()) // the same index, its caches fresh
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	errs := make(chan error, 4*len(queries))
	for range 4 {
		go func() {
			for i, q := range queries {
				resp, err := ix2.Search(ctx, Request{Query: q})
				switch {
				case err != nil:
					errs <- err
				case fmt.Sprint(resp.Hits) != want[i]:
					errs <- fmt.Errorf("%q: hits differ from the search alone", q)
				default:
					errs <- nil
				}
			}
		}()
	}
	for range 4 * len(queries) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
