package search

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/search/analyzer"
)

// The kinds of unit a query is split into (see weights).
type unitKind int

const (
	unitWord        unitKind = iota // one word
	unitPair                        // two adjacent words
	unitIdent                       // a document number or procedure code
	unitIdentPrefix                 // the start of one: "45/2013"
	unitPhrase                      // a dictionary phrase of the query under its other names
)

// unit is one part of a query, searched in several fields.
type unit struct {
	kind   unitKind
	folded string     // word or pair, folded; the identifier for idents
	exact  string     // the word's exact form, when typed with diacritics
	fuzzy  bool       // also search words one edit away
	alts   [][]string // unitPhrase: each name's folded pairs, or its one word
	intent bool       // a word of an intent phrase, or a pair touching one
	// df is how many pages have the unit (in their text, for words and
	// pairs); finds says the unit alone is enough to make a page a
	// candidate (see addStats).
	df    uint64
	finds bool
	scale float64 // multiplies the unit's weight; 0 means 1
}

// plan is a query analyzed: what to search and what to mark in snippets.
type plan struct {
	units []unit
	// docs is the number of pages in the index; current and procedures
	// how many have the rank flag and are procedures, for page boosts.
	docs, current, procedures uint64
	// marks are the word sequences a snippet marks: each query word, and
	// each name of a dictionary phrase as a whole.
	marks [][]markWord
	task  bool
}

// analyzeTerms runs a of the index's mapping over s and returns the terms.
func analyzeTerms(a analysis.Analyzer, s string) []string {
	// A copy: Bleve's filters may rewrite the input bytes in place.
	toks := a.Analyze([]byte(s))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

// makePlan splits a validated query into units. It never builds query
// syntax from the text: every unit becomes term, fuzzy or prefix queries
// on known fields, so a visitor cannot ask for a regexp or a wildcard.
func (ix *Index) makePlan(q string) *plan {
	p := &plan{}
	folded := analyzeTerms(ix.folded, q)
	exact := analyzeTerms(ix.exact, q)
	if len(exact) != len(folded) {
		exact = nil // cannot happen with the same tokenizer; stay safe
	}
	if len(folded) > maxQueryWords {
		folded = folded[:maxQueryWords]
		if exact != nil {
			exact = exact[:maxQueryWords]
		}
	}

	for _, id := range queryIdents(q) {
		p.units = append(p.units, unit{kind: unitIdent, folded: id})
	}
	for _, id := range queryIdentPrefixes(q) {
		p.units = append(p.units, unit{kind: unitIdentPrefix, folded: id})
	}

	intent := intentWords(folded)
	if !slices.Contains(intent, false) {
		intent = make([]bool, len(folded)) // nothing but intent: keep it all
	}
	scale := func(is ...bool) float64 {
		if slices.Contains(is, true) {
			return weights.Intent
		}
		return 1
	}
	seen := make(map[string]int)
	for i, f := range folded {
		e := ""
		if exact != nil && exact[i] != f {
			e = exact[i]
		}
		if j, ok := seen[f]; ok {
			if p.units[j].exact == "" {
				p.units[j].exact = e
			}
			if !intent[i] {
				p.units[j].scale, p.units[j].intent = 1, false
			}
			continue
		}
		seen[f] = len(p.units)
		p.units = append(p.units, unit{
			kind:   unitWord,
			folded: f,
			exact:  e,
			fuzzy:  utf8.RuneCountInString(f) >= minFuzzyRunes && !hasDigit(f),
			scale:  scale(intent[i]),
			intent: intent[i],
		})
		p.marks = append(p.marks, []markWord{{f, e}})
	}
	pairSeen := make(map[string]bool)
	for i := 0; i+1 < len(folded); i++ {
		pair := folded[i] + " " + folded[i+1]
		if !pairSeen[pair] {
			pairSeen[pair] = true
			p.units = append(p.units, unit{kind: unitPair, folded: pair, scale: scale(intent[i], intent[i+1]), intent: intent[i] || intent[i+1]})
		}
	}

	for _, names := range ix.dict.ExpandEach(q) {
		u := unit{kind: unitPhrase}
		for _, name := range names {
			words := analyzeTerms(ix.folded, name)
			if len(words) == 0 {
				continue
			}
			exactWords := analyzeTerms(ix.exact, name)
			mark := make([]markWord, len(words))
			for i, w := range words {
				mark[i].folded = w
				if len(exactWords) == len(words) && exactWords[i] != w {
					mark[i].exact = exactWords[i]
				}
			}
			var pairs []string
			if len(words) == 1 {
				pairs = words
			}
			for i := 0; i+1 < len(words); i++ {
				pairs = append(pairs, words[i]+" "+words[i+1])
			}
			u.alts = append(u.alts, pairs)
			p.marks = append(p.marks, mark)
		}
		if len(u.alts) > 0 {
			u.folded = strings.Join(u.alts[0], "|")
			p.units = append(p.units, u)
		}
	}
	p.task = isTask(folded)
	return p
}

// queryIdents returns the identifier forms to look up for q: the whole
// query, and each space-separated part that looks like a number or code
// ("Nghị định 101/2024/NĐ-CP"), in the forms identForms gives.
func queryIdents(q string) []string {
	var out []string
	if id := analyzer.Identifier(q); hasDigit(id) && len(id) >= 3 {
		out = append(out, identForms(id)...)
	}
	for _, part := range strings.Fields(q) {
		if looksLikeIdent(part) {
			out = append(out, identForms(part)...)
		}
	}
	return dedupe(out)
}

// queryIdentPrefixes returns starts of document numbers to look up: a part
// of the query such as "45/2013" or "11-KH" finds "45/2013/QH13" and
// "11-KH/BDVTU-STNMT". Only parts with a digit and a '/' or '-' qualify,
// so that the prefix is selective.
func queryIdentPrefixes(q string) []string {
	var out []string
	for _, part := range strings.Fields(q) {
		id := analyzer.Identifier(part)
		if len(id) >= 4 && hasDigit(id) && strings.ContainsAny(id, "/-") {
			out = append(out, id)
		}
	}
	return dedupe(out)
}

// looksLikeIdent reports whether a word of a query is a document number
// or procedure code: a digit and a separator inside ("45/2013/QH13",
// "1.004227", "41-CT/TU").
func looksLikeIdent(s string) bool {
	id := analyzer.Identifier(s)
	return hasDigit(id) && strings.ContainsAny(strings.Trim(id, "/-."), "/-.")
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// addStats counts the pages that page boosts apply to, drops numbers and
// codes that no page has, and decides which units find pages (see
// textQuery): numbers and codes, dictionary phrases, and words and pairs
// that are not too common (commonShare) and not intent words; a pair
// only if it is a collocation, its words side by side in at least
// collocationShare of the pages that have the rarer word ("sử dụng", not
// "đai mới"). If no unit qualifies, every unit finds pages.
func (ix *Index) addStats(ctx context.Context, p *plan, r index.IndexReader) error {
	docs, err := r.DocCount()
	if err != nil {
		return err
	}
	p.docs = docs
	if p.current, err = docFreq(ctx, r, fRank, rankCurrent); err != nil {
		return err
	}
	if p.task {
		if p.procedures, err = docFreq(ctx, r, fType, "procedure"); err != nil {
			return err
		}
	}
	wordDF := make(map[string]uint64)
	kept := p.units[:0]
	for _, u := range p.units {
		var err error
		switch u.kind {
		case unitIdent:
			u.df, err = docFreq(ctx, r, fIDs, u.folded)
			u.finds = true
		case unitWord:
			u.df, err = docFreq(ctx, r, fBody, u.folded)
			wordDF[u.folded] = u.df
			u.finds = !u.intent && !ix.common(u.df, docs)
		case unitPair:
			u.df, err = docFreq(ctx, r, fBodyPairs, u.folded)
		case unitPhrase:
			u.finds = true
		}
		if err != nil {
			return err
		}
		if u.kind == unitIdent && u.df == 0 {
			// A number or code no page has would find nothing.
			continue
		}
		kept = append(kept, u)
	}
	p.units = kept
	for i := range p.units {
		u := &p.units[i]
		if u.kind != unitPair || u.intent || ix.common(u.df, docs) {
			continue
		}
		w1, w2, _ := strings.Cut(u.folded, " ")
		rarer := min(wordDF[w1], wordDF[w2])
		u.finds = rarer == 0 || float64(u.df) >= collocationShare*float64(rarer)
	}
	return nil
}

func docFreq(ctx context.Context, r index.IndexReader, field, term string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	n := tfr.Count()
	return n, tfr.Close()
}

// textQuery builds the Bleve query of a plan: any unit matches, units
// matching add up (scaled by the share of units that matched), and page
// boosts are added. When some units find pages and others do not (see
// addStats), only pages matching the former are candidates; they are
// scored exactly as without that restriction, so it changes which pages
// are found, not their order. On a large index it is what keeps a query
// fast: the common words' long postings are only visited, not scanned.
func (p *plan) textQuery() query.Query {
	var all, finders []query.Query
	for _, u := range p.units {
		q := u.query()
		if q == nil {
			continue
		}
		all = append(all, q)
		if u.finds {
			finders = append(finders, q)
		}
	}
	if len(all) == 0 {
		return nil
	}
	var must query.Query = disjunction(all, 1)
	if len(finders) > 0 && len(finders) < len(all) {
		must = query.NewConjunctionQuery([]query.Query{&candidatesQuery{disjunction(finders, 1)}, must})
	}
	b := &query.BooleanQuery{Must: must}
	var should []query.Query
	if q := p.boost(fRank, rankCurrent, p.current, weights.Current); q != nil {
		should = append(should, q)
	}
	if p.task {
		if q := p.boost(fType, "procedure", p.procedures, weights.Procedure); q != nil {
			should = append(should, q)
		}
	}
	if len(should) > 0 {
		b.Should = disjunction(should, 0)
	}
	return b
}

// boost returns a term query that adds about w to the score of every page
// with term t in field, whatever its frequency: a plain term query would
// add w times the square of the term's IDF, almost nothing for a flag most
// pages carry. Nil when the flag tells no pages apart.
func (p *plan) boost(field, t string, df uint64, w float64) query.Query {
	if df == 0 || df >= p.docs || w <= 0 {
		return nil
	}
	idf := tfidfIDF(df, p.docs)
	return term(field, t, w/(idf*idf))
}

// tfidfIDF is Bleve's TF-IDF inverse document frequency.
func tfidfIDF(df, docs uint64) float64 {
	return 1 + math.Log(float64(docs)/float64(df+1))
}

// query returns the Bleve query of one unit, its field weights multiplied
// by the unit's weight (Bleve does not pass a compound query's boost down).
func (u unit) query() query.Query {
	var qs []query.Query
	scale := u.scale
	if scale == 0 {
		scale = 1
	}
	add := func(field, t string, w float64) {
		qs = append(qs, term(field, t, w*scale))
	}
	switch u.kind {
	case unitWord:
		w := weights.Word
		add(fTitle, u.folded, w*weights.Title)
		add(fHead, u.folded, w*weights.Head)
		add(fBody, u.folded, w*weights.Body)
		add(fSyn, u.folded, w*weights.Syn)
		if u.exact != "" {
			add(fTitleExact, u.exact, w*weights.TitleExact)
			add(fHeadExact, u.exact, w*weights.HeadExact)
			add(fBodyExact, u.exact, w*weights.BodyExact)
		}
		if u.fuzzy {
			qs = append(qs, fuzzy(fTitle, u.folded, w*scale*weights.TitleFuzzy), fuzzy(fHead, u.folded, w*scale*weights.HeadFuzzy))
		}
	case unitPair:
		w := weights.Pair
		add(fTitlePairs, u.folded, w*weights.TitlePair)
		add(fHeadPairs, u.folded, w*weights.HeadPair)
		add(fBodyPairs, u.folded, w*weights.BodyPair)
		add(fSynPairs, u.folded, w*weights.SynPair)
	case unitIdent:
		add(fIDs, u.folded, weights.Ident)
	case unitIdentPrefix:
		pq := query.NewPrefixQuery(u.folded)
		pq.SetField(fIDs)
		pq.SetBoost(weights.IdentPrefix)
		qs = append(qs, pq)
	case unitPhrase:
		// Each name of the phrase, whole in one field: all its pairs (or
		// its one word). The names count as one unit, mostly as the best
		// of them, so that a page using three synonyms does not outweigh
		// the other words of the query.
		w := weights.Expansion * scale
		for _, pairs := range u.alts {
			fields := []string{fTitlePairs, fHeadPairs, fBodyPairs, fSynPairs}
			zw := []float64{weights.TitlePair, weights.HeadPair, weights.BodyPair, weights.SynPair}
			if len(pairs) == 1 && !strings.Contains(pairs[0], " ") {
				fields = []string{fTitle, fHead, fBody, fSyn}
				zw = []float64{weights.Title, weights.Head, weights.Body, weights.Syn}
			}
			for z, field := range fields {
				var all []query.Query
				for _, pair := range pairs {
					all = append(all, term(field, pair, w*zw[z]/float64(len(pairs))))
				}
				if len(all) == 1 {
					qs = append(qs, all[0])
				} else {
					qs = append(qs, query.NewConjunctionQuery(all))
				}
			}
		}
		if len(qs) > 1 {
			return &fieldsQuery{queries: qs, tie: weights.NameTie}
		}
	}
	if len(qs) == 0 {
		return nil
	}
	if len(qs) == 1 {
		return qs[0]
	}
	if weights.Tie < 0 {
		return disjunction(qs, 1)
	}
	return &fieldsQuery{queries: qs, tie: weights.Tie}
}

func term(field, t string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func fuzzy(field, t string, boost float64) query.Query {
	q := query.NewFuzzyQuery(t)
	q.SetField(field)
	q.SetFuzziness(1)
	q.SetBoost(boost)
	return q
}

func disjunction(qs []query.Query, min int) query.Query {
	if len(qs) == 1 && min <= 1 {
		return qs[0]
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(float64(min))
	return d
}
