package analyzer

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of the analyzers this package registers in Bleve's registry and
// [AddTo] defines in an index mapping. All but [Keyword] split text with
// Bleve's unicode tokenizer (Unicode word boundaries, which keep a
// decomposed letter and its marks together) and normalise each token
// afterwards, so offsets stay those of the original text even when it is
// NFD.
const (
	// Exact gives the exact form of each word, as [Normalize] does:
	// "Hoà" and "hòa" match, "hoa" does not.
	Exact = "vi_exact"
	// Folded gives each word lower-cased without diacritics, as [Fold]
	// does: "duong dat" matches "Đường đất".
	Folded = "vi_folded"
	// Pairs gives each two adjacent folded words joined by a space, and no
	// single words: "Đường đất đai" yields "duong dat" and "dat dai". A
	// field analyzed this way lets a query rank documents that keep the
	// query's two-syllable words together above ones that merely contain
	// the syllables, which matters because a Vietnamese word is often two
	// syllables written apart.
	Pairs = "vi_pairs"
	// ExactPairs is [Pairs] on the exact form instead of the folded one.
	ExactPairs = "vi_exact_pairs"
	// Keyword treats the whole input as one [Identifier], for fields that
	// hold a document number or procedure code.
	Keyword = "vi_keyword"
	// Combined gives in one stream what [Folded], [Exact] and [Pairs]
	// give: each word folded, its exact form too when that differs (when
	// the word has diacritics), and each two adjacent folded words. The
	// three kinds cannot collide: an exact form that differs has
	// diacritics, which folded forms never have, and only pairs have a
	// space. One field analyzed this way serves all three kinds of query
	// for a third of the analysis work of three fields.
	Combined = "vi_combined"
)

// Names of the helper token filters the analyzers use. They configure
// Bleve's own filters, so they are registered and written to mappings too.
const (
	nfcFilter  = "vi_nfc"
	pairFilter = "vi_shingle_2"
)

// filterDefs configures Bleve's built-in filters as the analyzers need them,
// in the JSON form a mapping stores (numbers as float64), so that a
// definition read back from an index compares equal to ours.
var filterDefs = []struct {
	name   string
	config func() map[string]any
}{
	{nfcFilter, func() map[string]any {
		return map[string]any{"type": unicodenorm.Name, "form": unicodenorm.NFC}
	}},
	{pairFilter, func() map[string]any {
		return map[string]any{
			"type":            shingle.Name,
			"min":             2.0,
			"max":             2.0,
			"output_original": false,
			"separator":       " ",
			"filler":          "_",
		}
	}},
}

var analyzerDefs = []struct {
	name      string
	tokenizer string
	filters   []string
}{
	{Exact, unicode.Name, []string{nfcFilter, lowercase.Name, ToneFilter}},
	// The folded chains skip NFC: Fold decomposes each term anyway, and
	// composing it first took a fifth of the analysis time.
	{Folded, unicode.Name, []string{lowercase.Name, FoldFilter}},
	{Pairs, unicode.Name, []string{lowercase.Name, FoldFilter, pairFilter}},
	{ExactPairs, unicode.Name, []string{nfcFilter, lowercase.Name, ToneFilter, pairFilter}},
	{Keyword, single.Name, []string{IdentifierFilter}},
	{Combined, unicode.Name, []string{nfcFilter, lowercase.Name, CombineFilter}},
}

// analyzerConfig returns the custom-analyzer definition of analyzerDefs[i],
// freshly allocated because a mapping keeps the map it is given.
func analyzerConfig(i int) map[string]any {
	d := analyzerDefs[i]
	filters := make([]any, len(d.filters))
	for j, f := range d.filters {
		filters[j] = f
	}
	return map[string]any{
		"type":          custom.Name,
		"tokenizer":     d.tokenizer,
		"token_filters": filters,
	}
}

// AddTo defines this package's analyzers, and the helper token filters they
// use, as custom analysis in m. The definitions are then stored with any
// index built from m, so the index keeps analyzing text the same way even if
// a later version of this package changes its recipes. Opening such an index
// still needs this package imported, for the [ToneFilter] and [FoldFilter]
// token filters.
//
// Call AddTo before looking up analyzers in m: once m has built an analyzer
// under one of these names from the global registry it cannot be redefined.
// Calling AddTo again, or on a mapping read back from an index, is harmless;
// a different definition already under one of the names is an error.
func AddTo(m *mapping.IndexMappingImpl) error {
	if m == nil || m.CustomAnalysis == nil {
		return errors.New("analyzer: AddTo needs a mapping made by bleve.NewIndexMapping")
	}
	for _, d := range filterDefs {
		err := define(m.CustomAnalysis.TokenFilters, d.name, d.config(), m.AddCustomTokenFilter)
		if err != nil {
			return fmt.Errorf("analyzer: token filter %s: %w", d.name, err)
		}
	}
	for i, d := range analyzerDefs {
		err := define(m.CustomAnalysis.Analyzers, d.name, analyzerConfig(i), m.AddCustomAnalyzer)
		if err != nil {
			return fmt.Errorf("analyzer: analyzer %s: %w", d.name, err)
		}
	}
	return nil
}

// define adds config under name unless an equal definition is there.
func define(existing map[string]map[string]any, name string, config map[string]any, add func(string, map[string]any) error) error {
	if old, ok := existing[name]; ok {
		if reflect.DeepEqual(old, config) {
			return nil
		}
		return errors.New("already defined differently in the mapping")
	}
	return add(name, config)
}

// init registers the helper filters and the analyzers globally, so that a
// mapping can name them without AddTo and code can analyze a query without a
// mapping. They are built from the same definitions AddTo writes, so both
// routes analyze text identically.
func init() {
	for _, d := range filterDefs {
		err := registry.RegisterTokenFilter(d.name, func(_ map[string]any, c *registry.Cache) (analysis.TokenFilter, error) {
			config := d.config()
			f, err := registry.TokenFilterBuild(config["type"].(string), config, c)
			if err != nil {
				return nil, err
			}
			return f.(analysis.TokenFilter), nil
		})
		if err != nil {
			panic(err)
		}
	}
	for i, d := range analyzerDefs {
		err := registry.RegisterAnalyzer(d.name, func(_ map[string]any, c *registry.Cache) (analysis.Analyzer, error) {
			return custom.AnalyzerConstructor(analyzerConfig(i), c)
		})
		if err != nil {
			panic(err)
		}
	}
}
