package search

import (
	"slices"
	"strings"

	"github.com/minhbach/minhbach/search/analyzer"
)

// The weights of the ranking. They were tuned on the relevance set in
// testdata/relevance-tune.tsv (see relevance_test.go; never tune on
// relevance-gate.tsv), not guessed: change one,
// run that test, and keep the change only if the figures hold.
//
// A query is split into units: each word, each pair of adjacent words, a
// document number or procedure code, and each dictionary phrase under its
// other names. A unit matches a page in several zones (title, head, body),
// each with its weight, as TF-IDF term scores; the zone scores of a unit
// add up (fieldsQuery), and the unit scores add up scaled by the share of
// units that matched (Bleve's coord), so a page matching more of the
// query, in more important places, ranks higher. Page boosts multiply
// the sum. Every weight takes effect as Bleve's term boosts do: a term
// scores TF-IDF times boost × IDF (see queryNorm).
var weights = struct {
	// Word units, folded (no diacritics): title over head (description,
	// tags, classification, dictionary expansions) over body.
	Title, Head, Body float64
	// Extra for the exact form, when the query has diacritics: typed
	// diacritics are evidence ("đường" is not "dương"). Not in the body:
	// it changed no ranking of the relevance set and cost a clause.
	TitleExact, HeadExact, BodyExact float64
	// Typo tolerance: fuzziness 1 on the folded title and head, low so
	// that an exact hit always wins.
	TitleFuzzy, HeadFuzzy float64
	// Pair units: two adjacent words of the query found adjacent.
	TitlePair, HeadPair, BodyPair float64
	// Unit weights.
	Word, Pair, Ident, IdentPrefix, Expansion float64
	// Tie: a unit found in several fields scores the best field plus Tie
	// times the others.
	Tie float64
	// NameTie: a dictionary phrase found under several names scores the
	// best name plus NameTie times the others.
	NameTie float64
	// Intent scales the words that say what kind of answer a query
	// wants rather than what it is about (see intentPhrases).
	Intent float64
	// Page boosts: the score of a page the query matches is multiplied
	// by 1 + boost. Current is for every page but a document expired in whole,
	// so that the law in force comes above the one it replaced when they
	// match alike, yet not above it when the query names the old one
	// ("luật đất đai 2013"). Procedure is for procedures when the query
	// reads like a task (see taskPhrases).
	Current, Procedure float64
}{
	Title: 3, Head: 1.5, Body: 1,
	TitleExact: 1.5, HeadExact: 0.8, BodyExact: 0,
	TitleFuzzy: 0.6, HeadFuzzy: 0.3,
	TitlePair: 4, HeadPair: 2, BodyPair: 1.5,
	Word: 1, Pair: 1.5, Ident: 30, IdentPrefix: 8, Expansion: 0.6,
	Intent: 0.3, Tie: 1, NameTie: 0.3,
	Current: 0.25, Procedure: 1,
}

// minFuzzyRunes is the shortest word that gets typo tolerance. Vietnamese
// syllables are short, and one edit turns a three-letter syllable into
// dozens of others.
const minFuzzyRunes = 4

// maxQueryWords bounds the words of a query that are searched, and so the
// cost of one query.
const maxQueryWords = 24

// taskPhrases mark a query that asks how to do something: such a query
// wants a procedure. They are matched on the folded query, word-aligned.
var taskPhrases = []string{
	"lam sao", "lam the nao", "nhu the nao", "the nao", "thu tuc", "cap", "cap lai", "dang ky", "xin",
	"o dau", "can gi", "ho so", "giay to", "nop", "muon", "bao lau", "le phi",
}

// intentPhrases, folded, say what kind of answer a query wants ("how",
// "where", "how long") rather than what it is about. In "sổ đỏ bị rách thì
// làm sao" they would otherwise make every page titled "... thì làm gì?"
// compete with the page about torn certificates. Their words still count,
// scaled by weights.Intent, unless the query has nothing else.
var intentPhrases = [][]string{
	{"thi", "lam", "gi"}, {"phai", "lam", "gi"}, {"lam", "gi"}, {"lam", "sao"}, {"lam", "the", "nao"},
	{"nhu", "the", "nao"}, {"the", "nao"}, {"nhu", "nao"}, {"ra", "sao"}, {"o", "dau"}, {"bao", "lau"},
	{"mat", "bao", "lau"}, {"bao", "nhieu"}, {"khi", "nao"}, {"can", "gi"}, {"can", "nhung", "gi"},
	{"la", "gi"}, {"co", "can"}, {"co", "duoc"}, {"duoc", "khong"}, {"tai", "sao"}, {"vi", "sao"},
	{"muon"}, {"xin"}, {"thi"}, {"de"}, {"cach"},
}

// intentWords marks the words of a folded query that belong to an intent
// phrase. "thủ tục" counts too, except in "thủ tục hành chính", and
// "không" at the end of a question.
func intentWords(folded []string) []bool {
	out := make([]bool, len(folded))
	for i := range folded {
		for _, ph := range intentPhrases {
			if i+len(ph) <= len(folded) && slices.Equal(folded[i:i+len(ph)], ph) {
				for k := range ph {
					out[i+k] = true
				}
			}
		}
		if folded[i] == "thu" && i+1 < len(folded) && folded[i+1] == "tuc" &&
			(i+2 >= len(folded) || folded[i+2] != "hanh") {
			out[i], out[i+1] = true, true
		}
	}
	if n := len(folded); n > 1 && folded[n-1] == "khong" {
		out[n-1] = true
	}
	return out
}

// isTask reports whether the folded words of a query read like a task.
func isTask(folded []string) bool {
	s := " " + strings.Join(folded, " ") + " "
	for _, p := range taskPhrases {
		if strings.Contains(s, " "+p+" ") {
			return true
		}
	}
	return false
}

// commonShare: a word or pair found in more than this share of the pages
// is too common to find pages on its own: it only adds to the score of
// pages found by the query's rarer words, pairs, numbers and phrases
// (unless the query has nothing rarer). This is what keeps a query over
// 100,000 pages fast, as in Lucene's common terms query, and it keeps
// "sổ đỏ bị mất" from listing every page that says "do" or "bị".
var commonShare = 0.125

// collocationShare: a pair of words finds pages only if the words stand
// side by side in at least this share of the pages that have the rarer
// of them, which tells a collocation ("sử dụng") from words that merely
// met in the query ("đai mới").
var collocationShare = 0.2

// defaultCommon applies commonShare.
func defaultCommon(df, docs uint64) bool {
	return float64(df) > commonShare*float64(docs)
}

// foldKey is how a word is compared when deciding whether two words of a
// query are the same unit.
func foldKey(s string) string { return strings.ToLower(analyzer.Fold(s)) }
