package search

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/minhbach/minhbach/search/analyzer"
)

// How many suggestions Suggest gives by default and at most.
const (
	DefaultSuggestions = 5
	MaxSuggestions     = 10
)

// minPrefixRunes is the shortest lone word that is completed as a prefix;
// a single letter would match half the titles' words.
const minPrefixRunes = 2

// Suggest returns up to n titles (DefaultSuggestions when n < 1, at
// most MaxSuggestions) for what a visitor has typed so far: every finished word
// in the title, the last word possibly unfinished, with or without
// diacritics; or the start of a document number or procedure code. An
// empty q gives no suggestions; invalid UTF-8 or an over-long q gives a
// *RequestError.
func (ix *Index) Suggest(ctx context.Context, q string, n int) ([]Suggestion, error) {
	typed := q
	out := []Suggestion{}
	q, err := CheckQuery(q)
	if err == errEmptyQuery {
		return out, nil
	} else if err != nil {
		return nil, err
	}
	if n < 1 {
		n = DefaultSuggestions
	}
	n = min(n, MaxSuggestions)
	ctx, cancel := context.WithTimeout(ctx, SearchTimeout)
	defer cancel()

	var alts []query.Query
	words := analyzeTerms(ix.folded, q)
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	if len(words) > 0 {
		last := words[len(words)-1]
		done := words[:len(words)-1]
		var all []query.Query
		for _, w := range done {
			all = append(all, term(fTitle, w, 1))
		}
		unfinished := !strings.HasSuffix(typed, " ") && !endsInPunct(typed)
		// A one-letter start is completed only after other words,
		// which narrow it down.
		if unfinished && (len(done) > 0 || utf8.RuneCountInString(last) >= minPrefixRunes) {
			pq := query.NewPrefixQuery(last)
			pq.SetField(fTitle)
			all = append(all, disjunction([]query.Query{term(fTitle, last, 2), pq}, 1))
		} else {
			all = append(all, term(fTitle, last, 1))
		}
		if len(all) == 1 {
			alts = append(alts, all[0])
		} else {
			alts = append(alts, query.NewConjunctionQuery(all))
		}
	}
	if id := analyzer.Identifier(q); hasDigit(id) {
		pq := query.NewPrefixQuery(id)
		pq.SetField(fIDs)
		pq.SetBoost(5)
		alts = append(alts, pq)
	}
	if len(alts) == 0 {
		return out, nil
	}
	sr := bleve.NewSearchRequestOptions(disjunction(alts, 1), n, 0, false)
	sr.Fields = []string{fTitle, fType, fSection}
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchError(err)
	}
	for _, h := range res.Hits {
		title, _ := h.Fields[fTitle].(string)
		typ, _ := h.Fields[fType].(string)
		section, _ := h.Fields[fSection].(string)
		out = append(out, Suggestion{Title: title, URL: h.ID, Type: typ, Section: section})
	}
	return out, nil
}

func endsInPunct(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsPunct(r) || unicode.IsSpace(r)
}
