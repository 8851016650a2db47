package search

import (
	"context"
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/search/internal/bitset"
)

// columns hold, by internal document number, what a search needs of every
// candidate: its facet values, date and prior. They are read once when an
// index is opened (the index never changes afterwards), so that counting
// facets or sorting by date over thousands of candidates costs a few
// nanoseconds a page instead of a trip through Bleve's doc values.
type columns struct {
	prior []uint8
	// dateRank is the rank of the page's date ("2024-01-18") among all
	// dates, from 1; 0 when the page has none. dates is the highest.
	dateRank []uint32
	dates    uint32
	// The facet values of document d are facetIDs[facetOff[d]:facetOff[d+1]],
	// indexes into facetKey and facetValue.
	facetOff   []uint32
	facetIDs   []uint16
	facetKey   []string
	facetValue []string
	// facetDocs[id] are the documents with facet value id, and
	// priorDocs[p] those of prior p (15: 15 or more): a search counts
	// its candidates' facets and orders them by prior as whole sets
	// (see package bitset).
	facetDocs []bitset.Fixed
	// facetCost is what counting every facet value over a bitmap costs,
	// in words and list entries read.
	facetCost int
	priorDocs [maxPickPrior + 1]bitset.Fixed
	// postings caches what scoring reads of long postings lists; it
	// fills as searches score (see postingsCache).
	postings *postingsCache
}

// maxPickPrior is the highest prior that orders candidates (see
// Index.pick): the priors above it are alike.
const maxPickPrior = 15

// loadColumns reads the columns of the snapshot r by walking the terms of
// the fields that hold them.
func loadColumns(ctx context.Context, r index.IndexReader) (*columns, error) {
	c := &columns{postings: newPostingsCache(postingsCacheBytes)}
	size := 0
	grow := func(doc uint64) error {
		if doc >= 1<<31 {
			return fmt.Errorf("document number %d out of range", doc)
		}
		if int(doc) >= size {
			size = int(doc) + 1
		}
		return nil
	}
	type pair struct {
		doc uint64
		id  uint16
	}
	var facets []pair
	var valueDocs [][]uint32 // by facet value id
	err := eachTerm(ctx, r, fFacet, func(t string, docs []uint64) error {
		key, value, ok := strings.Cut(t, ":")
		if !ok {
			return nil
		}
		if len(c.facetKey) == 1<<16 {
			return fmt.Errorf("more than %d facet values", 1<<16)
		}
		id := uint16(len(c.facetKey))
		c.facetKey = append(c.facetKey, key)
		c.facetValue = append(c.facetValue, value)
		list := make([]uint32, 0, len(docs))
		for _, d := range docs {
			if err := grow(d); err != nil {
				return err
			}
			facets = append(facets, pair{d, id})
			list = append(list, uint32(d))
		}
		valueDocs = append(valueDocs, list)
		return nil
	})
	if err != nil {
		return nil, err
	}
	priors := map[uint64]uint8{}
	err = eachTerm(ctx, r, fPrior, func(t string, docs []uint64) error {
		v, err := strconv.Atoi(t)
		if err != nil || v < 0 || v > 255 {
			return fmt.Errorf("prior %q", t)
		}
		for _, d := range docs {
			if err := grow(d); err != nil {
				return err
			}
			priors[d] = uint8(v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The terms come in order: dates in ISO form, in date order.
	dates := map[uint64]uint32{}
	err = eachTerm(ctx, r, fDate, func(t string, docs []uint64) error {
		c.dates++
		for _, d := range docs {
			if err := grow(d); err != nil {
				return err
			}
			dates[d] = c.dates
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	c.prior = make([]uint8, size)
	c.dateRank = make([]uint32, size)
	for d, v := range priors {
		c.prior[d] = v
	}
	for d, v := range dates {
		c.dateRank[d] = v
	}
	// Counting sort of the facet pairs by document.
	c.facetOff = make([]uint32, size+1)
	for _, f := range facets {
		c.facetOff[f.doc+1]++
	}
	for d := 1; d <= size; d++ {
		c.facetOff[d] += c.facetOff[d-1]
	}
	c.facetIDs = make([]uint16, len(facets))
	fill := append([]uint32(nil), c.facetOff[:size]...)
	for _, f := range facets {
		c.facetIDs[fill[f.doc]] = f.id
		fill[f.doc]++
	}
	c.facetDocs = make([]bitset.Fixed, len(valueDocs))
	for id, docs := range valueDocs {
		c.facetDocs[id] = bitset.NewFixed(docs, size)
		c.facetCost += c.facetDocs[id].Cost()
	}
	var priorDocs [maxPickPrior + 1][]uint32
	for d, p := range c.prior {
		p = min(p, maxPickPrior)
		priorDocs[p] = append(priorDocs[p], uint32(d))
	}
	for p, docs := range priorDocs {
		c.priorDocs[p] = bitset.NewFixed(docs, size)
	}
	return c, nil
}

// eachTerm calls fn with every term of field and the documents that have
// it, in order.
func eachTerm(ctx context.Context, r index.IndexReader, field string, fn func(term string, docs []uint64) error) error {
	dict, err := r.FieldDict(field)
	if err != nil {
		return err
	}
	defer dict.Close()
	var docs []uint64
	for {
		entry, err := dict.Next()
		if err != nil {
			return err
		}
		if entry == nil {
			return nil
		}
		tfr, err := r.TermFieldReader(ctx, []byte(entry.Term), field, false, false, false)
		if err != nil {
			return err
		}
		docs = docs[:0]
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
			docs = append(docs, d.ID.Value())
		}
		if err := tfr.Close(); err != nil {
			return err
		}
		if err := fn(entry.Term, docs); err != nil {
			return fmt.Errorf("%s %q: %w", field, entry.Term, err)
		}
	}
}

// countFacets adds to counts, by facet value id, how many documents of in
// have each value wanted: value by value over the value's documents when
// in is large, document by document over their values when that reads
// less.
func (c *columns) countFacets(in bitset.Set, want []bool, counts []int) {
	if n := in.Count(); n*docFacetCost < c.facetCost {
		for i, w := range in {
			for ; w != 0; w &= w - 1 {
				d := i*64 + bits.TrailingZeros64(w)
				if d+1 >= len(c.facetOff) {
					return
				}
				for _, id := range c.facetIDs[c.facetOff[d]:c.facetOff[d+1]] {
					if want[id] {
						counts[id]++
					}
				}
			}
		}
		return
	}
	for id, ok := range want {
		if ok {
			counts[id] += c.facetDocs[id].CountIn(in)
		}
	}
}

// docFacetCost is what counting one document's facet values costs (type,
// a field or two, kind, issuer, level, status, year: about eight scattered
// increments), in words of a bitmap counted, for countFacets' choice.
const docFacetCost = 40
