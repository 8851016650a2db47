package search

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

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
	// parts are the folded words of the part of the query an identifier
	// unit comes from: "45", "2013", "qh13".
	parts []string
	// df is how many pages have the unit (in their body or head, for
	// words and pairs); finds says the unit alone is enough to make a page a
	// candidate (see addStats).
	df     uint64
	finds  bool
	common bool    // too common to find pages (see addStats)
	scale  float64 // multiplies the unit's weight; 0 means 1
}

// plan is a query analyzed: what to search and what to mark in snippets.
type plan struct {
	units []unit
	// docs is the number of pages in the index; current and procedures
	// how many have the rank flag and are procedures, for page boosts.
	docs, current, procedures uint64
	// marks are the word sequences a snippet marks: each query word, and
	// each name of a dictionary phrase as a whole.
	marks     [][]markWord
	markKeys  map[string]int // the folded words of marks, numbered, made by scan
	markFirst [256]bool      // their first bytes
	markSeqs  [][]int        // each mark's words by markKeys number
	task      bool
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
		p.units = append(p.units, unit{kind: unitIdent, folded: id.ident, parts: analyzeTerms(ix.folded, id.source)})
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

	// Expand the query without its numbers and codes: the "UBND" of
	// "737/QĐ-UBND" is not a search for people's committees.
	var plain []string
	for _, part := range strings.Fields(q) {
		if !looksLikeIdent(part) {
			plain = append(plain, part)
		}
	}
	for _, names := range ix.dict.ExpandEach(strings.Join(plain, " ")) {
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
// ("Nghị định 101/2024/NĐ-CP"), in the forms identForms gives, each with
// the text it comes from.
func queryIdents(q string) []queryIdent {
	var out []queryIdent
	seen := make(map[string]bool)
	add := func(source string) {
		for _, f := range identForms(source) {
			if !seen[f] {
				seen[f] = true
				out = append(out, queryIdent{f, source})
			}
		}
	}
	if id := analyzer.Identifier(q); hasDigit(id) && len(id) >= 3 {
		add(q)
	}
	for _, part := range strings.Fields(q) {
		if looksLikeIdent(part) {
			add(part)
		}
	}
	return out
}

type queryIdent struct{ ident, source string }

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
// queries): numbers and codes, dictionary phrases that are not too
// common, and words and pairs that are not too common (commonShare) and
// not intent words, nor parts of a number found whole; a pair only if it
// is a collocation, its words side by side in at least collocationShare
// of the pages that have the rarer word ("sử dụng", not "đai mới").
func (ix *Index) addStats(m *matcher, p *plan) error {
	docs, err := m.r.DocCount()
	if err != nil {
		return err
	}
	p.docs = docs
	if p.current, err = m.docFreq(fRank, rankCurrent); err != nil {
		return err
	}
	if p.task {
		if p.procedures, err = m.docFreq(fType, "procedure"); err != nil {
			return err
		}
	}
	// zoneDF is how many pages have t in their body or head, whichever is
	// more: a word of every page's classification is common too.
	zoneDF := func(t string) (uint64, error) {
		b, err := m.docFreq(fBody, t)
		if err != nil {
			return 0, err
		}
		h, err := m.docFreq(fHead, t)
		return max(b, h), err
	}
	wordDF := make(map[string]uint64)
	identWords := make(map[string]bool) // words of numbers and codes found
	kept := p.units[:0]
	for _, u := range p.units {
		var err error
		switch u.kind {
		case unitIdent:
			u.df, err = m.docFreq(fIDs, u.folded)
			u.finds = true
			if u.df > 0 {
				for _, w := range u.parts {
					identWords[w] = true
				}
			}
		case unitWord:
			u.df, err = zoneDF(u.folded)
			wordDF[u.folded] = u.df
			u.common = ix.common(u.df, docs)
			u.finds = !u.intent && !u.common
			// A typo makes a rare word; a word many pages have is most
			// likely meant, and one edit from it lie dozens of others.
			u.fuzzy = u.fuzzy && u.df <= max(2, docs/1000)
		case unitPair:
			u.df, err = zoneDF(u.folded)
			u.common = err == nil && ix.common(u.df, docs)
		case unitPhrase:
			// A page with the phrase has all its pairs: the rarest pair
			// of any of its names bounds how many pages have it.
			u.df = 0
			for _, pairs := range u.alts {
				least := uint64(math.MaxUint64)
				for _, pair := range pairs {
					df, err := zoneDF(pair)
					if err != nil {
						return err
					}
					least = min(least, df)
				}
				u.df += least
			}
			u.finds = !ix.common(u.df, docs)
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
		switch u.kind {
		case unitWord:
			if identWords[u.folded] {
				// Part of a number found as a whole: "2013" of
				// "45/2013/QH13" would find every page of 2013.
				u.finds = false
			}
		case unitPair:
			w1, w2, _ := strings.Cut(u.folded, " ")
			if u.intent || ix.common(u.df, docs) || identWords[w1] && identWords[w2] {
				continue
			}
			rarer := min(wordDF[w1], wordDF[w2])
			u.finds = rarer == 0 || float64(u.df) >= collocationShare*float64(rarer)
		}
	}
	return nil
}

// planQueries are the Bleve queries of a plan (see queries).
type planQueries struct {
	// cand finds the result set, without scoring: pages matching a unit
	// that finds pages (see addStats). Built from plain term, fuzzy and
	// prefix queries, so that Bleve evaluates it as bitmap operations.
	cand query.Query
	// titles are the units of cand restricted to titles, numbers and
	// codes: when there are more candidates than can be scored, those
	// matching more of them go first.
	titles []query.Query
	// score scores a candidate: any unit may match, units add up scaled
	// by the share of units that matched, page boosts are added.
	score query.Query
	// fastScore is score with common words and pairs scored by presence
	// (see presenceQuery): for when there are more candidates than the
	// budget, and scoring is approximate anyway.
	fastScore query.Query
	// focused tells that cand was narrowed because every word of the
	// query is common; a search finding nothing tries again without.
	focused bool
}

// queries builds the queries of a plan.
//
// Only pages matching a unit that finds pages are candidates; they are
// scored by every unit, exactly as if there had been no restriction, so
// it changes which pages are found, not their order. When no unit finds
// pages (every word is common) and focus is set, the candidates are the
// pages with at least half the pairs of the query ("quyền sử dụng đất" as
// a phrase) or, for lone words, the pages with one in their title or
// head. On a large index this is what keeps a query fast: the long
// postings of common words are only visited, never scanned.
func (p *plan) queries(focus bool) planQueries {
	var pq planQueries
	var all, fast []query.Query
	var cands, titles []query.Query
	var finders []unit
	for _, u := range p.units {
		if q := u.query(); q != nil {
			all = append(all, q)
			if u.common {
				fast = append(fast, u.presence())
			} else {
				fast = append(fast, q)
			}
		}
		if u.finds {
			finders = append(finders, u)
		}
	}
	if len(all) == 0 {
		return pq
	}
	switch {
	case len(finders) > 0:
		for _, u := range finders {
			cands = append(cands, u.match(false))
			if t := u.match(true); t != nil {
				titles = append(titles, t)
			}
		}
	case focus:
		var pairs, words, wordTitles []query.Query
		for _, u := range p.units {
			if u.intent {
				continue
			}
			switch u.kind {
			case unitPair:
				pairs = append(pairs, u.match(false))
				titles = append(titles, u.match(true))
			case unitWord:
				words = append(words, disjunction([]query.Query{term(fTitle, u.folded, 1), term(fHead, u.folded, 1)}, 1))
				wordTitles = append(wordTitles, u.match(true))
			}
		}
		switch {
		case len(pairs) > 0:
			cands = []query.Query{disjunction(pairs, (len(pairs)+1)/2)}
			pq.focused = true
		case len(words) > 0:
			cands, titles = words, wordTitles
			pq.focused = true
		}
	}
	if len(cands) == 0 {
		// Every unit finds pages.
		titles = nil
		for _, u := range p.units {
			if q := u.match(false); q != nil {
				cands = append(cands, q)
			}
			if t := u.match(true); t != nil {
				titles = append(titles, t)
			}
		}
	}
	pq.cand = flatDisjunction(cands)
	pq.titles = titles

	var should []query.Query
	if q := p.boost(fRank, rankCurrent, p.current, weights.Current); q != nil {
		should = append(should, q)
	}
	if p.task {
		if q := p.boost(fType, "procedure", p.procedures, weights.Procedure); q != nil {
			should = append(should, q)
		}
	}
	pq.score = &fieldsQuery{queries: all, coord: true, extras: should}
	pq.fastScore = &fieldsQuery{queries: fast, coord: true, extras: should}
	return pq
}

// Typical sqrt(tf) times length norm of a word in each zone, for
// presenceQuery: a word once in a title of a dozen words (with their
// exact forms and pairs), in a head of about sixty, a few times in a body
// of some hundreds.
const typicalTitle, typicalHead, typicalBody = 0.2, 0.12, 0.05

// presence is the unit's query with every term scored by presence (see
// presenceQuery), for common words and pairs.
func (u unit) presence() query.Query {
	scale := u.scale
	if scale == 0 {
		scale = 1
	}
	var qs []query.Query
	add := func(field, t string, w, typical float64) {
		if w > 0 {
			qs = append(qs, &presenceQuery{field: field, term: t, boost: w * scale, typical: typical})
		}
	}
	switch u.kind {
	case unitWord:
		w := weights.Word
		add(fTitle, u.folded, w*weights.Title, typicalTitle)
		add(fHead, u.folded, w*weights.Head, typicalHead)
		add(fBody, u.folded, w*weights.Body, typicalBody)
		if u.exact != "" {
			add(fTitle, u.exact, w*weights.TitleExact, typicalTitle)
			add(fHead, u.exact, w*weights.HeadExact, typicalHead)
			add(fBody, u.exact, w*weights.BodyExact, typicalBody)
		}
	case unitPair:
		w := weights.Pair
		add(fTitle, u.folded, w*weights.TitlePair, typicalTitle)
		add(fHead, u.folded, w*weights.HeadPair, typicalHead)
		add(fBody, u.folded, w*weights.BodyPair, typicalBody)
	default:
		return u.query()
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return &fieldsQuery{queries: qs, tie: weights.Tie}
}

// match returns the unscored query of the pages a unit matches, in any
// zone or (title) in the title only; nil if it cannot match there.
func (u unit) match(title bool) query.Query {
	zones := []string{fTitle, fHead, fBody}
	if title {
		zones = zones[:1]
	}
	var qs []query.Query
	switch u.kind {
	case unitWord:
		for _, z := range zones {
			qs = append(qs, term(z, u.folded, 1))
		}
		if u.fuzzy {
			qs = append(qs, fuzzy(fTitle, u.folded, 1))
			if !title {
				qs = append(qs, fuzzy(fHead, u.folded, 1))
			}
		}
	case unitPair:
		for _, z := range zones {
			qs = append(qs, term(z, u.folded, 1))
		}
	case unitIdent:
		qs = append(qs, term(fIDs, u.folded, 1))
	case unitIdentPrefix:
		pq := query.NewPrefixQuery(u.folded)
		pq.SetField(fIDs)
		qs = append(qs, pq)
	case unitPhrase:
		for _, pairs := range u.alts {
			for _, z := range zones {
				var all []query.Query
				for _, pair := range pairs {
					all = append(all, term(z, pair, 1))
				}
				if len(all) == 1 {
					qs = append(qs, all[0])
				} else {
					qs = append(qs, query.NewConjunctionQuery(all))
				}
			}
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return disjunction(qs, 1)
}

// boost returns a term query that scores about w on every page with term
// t in field, whatever its frequency: a plain term query would score w
// times the square of the term's IDF, almost nothing for a flag most
// pages carry. As an extra of a fieldsQuery it multiplies a page's score
// by about 1 + w. Nil when the flag tells no pages apart.
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
		if w > 0 {
			qs = append(qs, term(field, t, w*scale))
		}
	}
	switch u.kind {
	case unitWord:
		w := weights.Word
		add(fTitle, u.folded, w*weights.Title)
		add(fHead, u.folded, w*weights.Head)
		add(fBody, u.folded, w*weights.Body)
		if u.exact != "" {
			add(fTitle, u.exact, w*weights.TitleExact)
			add(fHead, u.exact, w*weights.HeadExact)
			add(fBody, u.exact, w*weights.BodyExact)
		}
		if u.fuzzy {
			qs = append(qs, fuzzy(fTitle, u.folded, w*scale*weights.TitleFuzzy), fuzzy(fHead, u.folded, w*scale*weights.HeadFuzzy))
		}
	case unitPair:
		w := weights.Pair
		add(fTitle, u.folded, w*weights.TitlePair)
		add(fHead, u.folded, w*weights.HeadPair)
		add(fBody, u.folded, w*weights.BodyPair)
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
			fields := []string{fTitle, fHead, fBody}
			zw := []float64{weights.TitlePair, weights.HeadPair, weights.BodyPair}
			if len(pairs) == 1 && !strings.Contains(pairs[0], " ") {
				zw = []float64{weights.Title, weights.Head, weights.Body}
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

// flatDisjunction is disjunction(qs, 1) with nested disjunctions of one
// match pulled up, so that the term queries end up side by side in one
// disjunction, which Bleve evaluates unscored as one bitmap union.
func flatDisjunction(qs []query.Query) query.Query {
	var terms, others []query.Query
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.TermQuery:
			terms = append(terms, q)
		case *query.DisjunctionQuery:
			if q.Min > 1 {
				others = append(others, q)
				return
			}
			for _, c := range q.Disjuncts {
				walk(c)
			}
		default:
			others = append(others, q)
		}
	}
	for _, q := range qs {
		walk(q)
	}
	if len(terms) > 0 {
		others = append(others, disjunction(terms, 1))
	}
	return disjunction(others, 1)
}

func disjunction(qs []query.Query, min int) query.Query {
	if len(qs) == 1 && min <= 1 {
		return qs[0]
	}
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(float64(min))
	return d
}
