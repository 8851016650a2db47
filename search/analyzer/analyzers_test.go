package analyzer

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/text/unicode/norm"
)

// token is a term and the original text its offsets cover.
type token struct {
	term, orig string
}

// analyze runs the named analyzer of m on input and returns the terms with
// the slice of input that Start and End point to.
func analyze(t testing.TB, m *mapping.IndexMappingImpl, name, input string) []token {
	t.Helper()
	a := m.AnalyzerNamed(name)
	if a == nil {
		t.Fatalf("no analyzer %q", name)
	}
	// A copy: Bleve's to_lower filter may rewrite the analyzed bytes in
	// place, and input must stay the original.
	toks := []token{}
	for _, tk := range a.Analyze([]byte(input)) {
		if tk.Start < 0 || tk.End > len(input) || tk.Start > tk.End {
			t.Fatalf("%s(%+q): token %q has offsets [%d:%d] outside the input", name, input, tk.Term, tk.Start, tk.End)
		}
		toks = append(toks, token{string(tk.Term), input[tk.Start:tk.End]})
	}
	return toks
}

// mappings returns the ways an index can get the analyzers: from the
// global registry, from AddTo, and from a mapping read back from JSON as
// when an index is opened.
func mappings(t *testing.T) map[string]*mapping.IndexMappingImpl {
	t.Helper()
	added := bleve.NewIndexMapping()
	if err := AddTo(added); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(added)
	if err != nil {
		t.Fatal(err)
	}
	reread := bleve.NewIndexMapping()
	if err := json.Unmarshal(data, reread); err != nil {
		t.Fatal(err)
	}
	return map[string]*mapping.IndexMappingImpl{
		"registry": bleve.NewIndexMapping(),
		"AddTo":    added,
		"JSON":     reread,
	}
}

func TestAnalyzers(t *testing.T) {
	nfd := norm.NFD.String
	tests := []struct {
		analyzer, input string
		want            []token
	}{
		{Folded, "Đường đất", []token{{"duong", "Đường"}, {"dat", "đất"}}},
		{Folded, nfd("Đường đất"), []token{{"duong", nfd("Đường")}, {"dat", nfd("đất")}}},
		{Folded, "Hoà Phát, THUỶ lợi", []token{{"hoa", "Hoà"}, {"phat", "Phát"}, {"thuy", "THUỶ"}, {"loi", "lợi"}}},
		{Folded, "Sở TN&MT", []token{{"so", "Sở"}, {"tn", "TN"}, {"mt", "MT"}}},
		{Folded, "Luật 45/2013/QH13", []token{{"luat", "Luật"}, {"45", "45"}, {"2013", "2013"}, {"qh13", "QH13"}}},
		{Folded, "\u00D0ất", []token{{"dat", "\u00D0ất"}}},
		{Exact, "Hoà Phát, THUỶ lợi", []token{{"hòa", "Hoà"}, {"phát", "Phát"}, {"thủy", "THUỶ"}, {"lợi", "lợi"}}},
		{Exact, nfd("Đường đất"), []token{{"đường", nfd("Đường")}, {"đất", nfd("đất")}}},
		{Exact, "quý Hoàng", []token{{"quý", "quý"}, {"hoàng", "Hoàng"}}},
		{Pairs, "Đường đất đai", []token{{"duong dat", "Đường đất"}, {"dat dai", "đất đai"}}},
		{Pairs, "Đất", []token{}},
		{Pairs, "", []token{}},
		{ExactPairs, "Hoà giải cơ sở", []token{{"hòa giải", "Hoà giải"}, {"giải cơ", "giải cơ"}, {"cơ sở", "cơ sở"}}},
		{Combined, "Hoà giải cơ sở", []token{
			{"hoa", "Hoà"}, {"hòa", "Hoà"},
			{"giai", "giải"}, {"giải", "giải"}, {"hoa giai", "Hoà giải"},
			{"co", "cơ"}, {"cơ", "cơ"}, {"giai co", "giải cơ"},
			{"so", "sở"}, {"sở", "sở"}, {"co so", "cơ sở"},
		}},
		{Combined, nfd("Đường dân 2024"), []token{
			{"duong", nfd("Đường")}, {"đường", nfd("Đường")},
			{"dan", nfd("dân")}, {"dân", nfd("dân")}, {"duong dan", nfd("Đường dân")},
			{"2024", "2024"}, {"dan 2024", nfd("dân") + " 2024"},
		}},
		{Combined, "THUỶ, ubnd", []token{{"thuy", "THUỶ"}, {"thủy", "THUỶ"}, {"ubnd", "ubnd"}, {"thuy ubnd", "THUỶ, ubnd"}}},
		{Combined, "", []token{}},
		{Keyword, "45/2013/QH13", []token{{"45/2013/qh13", "45/2013/QH13"}}},
		{Keyword, " 737/QĐ-UBND ", []token{{"737/qd-ubnd", " 737/QĐ-UBND "}}},
		{Keyword, " ", []token{}},
	}
	for mname, m := range mappings(t) {
		for _, tt := range tests {
			got := analyze(t, m, tt.analyzer, tt.input)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: %s(%+q) = %+q, want %+q", mname, tt.analyzer, tt.input, got, tt.want)
			}
		}
	}
}

// TestAnalyzersMatchFunctions checks that each token of the exact and folded
// analyzers is what the pure functions give for the original word, so query
// code may use Normalize and Fold instead of an analyzer.
func TestAnalyzersMatchFunctions(t *testing.T) {
	m := bleve.NewIndexMapping()
	for _, input := range []string{benchText, norm.NFD.String(benchText)} {
		for _, tk := range analyze(t, m, Exact, input) {
			if want := Normalize(tk.orig); tk.term != want {
				t.Errorf("Exact term %q for %q, Normalize gives %q", tk.term, tk.orig, want)
			}
		}
		for _, tk := range analyze(t, m, Folded, input) {
			if want := strings.ToLower(Fold(tk.orig)); tk.term != want {
				t.Errorf("Folded term %q for %q, Fold gives %q", tk.term, tk.orig, want)
			}
		}
		// Combined gives the union of the three analyzers' terms.
		want := map[string]int{}
		for _, name := range []string{Folded, Exact, Pairs} {
			for _, tk := range analyze(t, m, name, input) {
				if name != Exact || tk.term != strings.ToLower(Fold(tk.orig)) {
					want[tk.term]++
				}
			}
		}
		got := map[string]int{}
		for _, tk := range analyze(t, m, Combined, input) {
			got[tk.term]++
		}
		if !maps.Equal(got, want) {
			t.Errorf("Combined terms differ from Folded + Exact (where different) + Pairs")
		}
	}
}

func TestAddTo(t *testing.T) {
	m := bleve.NewIndexMapping()
	if err := AddTo(m); err != nil {
		t.Fatal(err)
	}
	if err := AddTo(m); err != nil {
		t.Errorf("second AddTo: %v", err)
	}
	for _, d := range analyzerDefs {
		if _, ok := m.CustomAnalysis.Analyzers[d.name]; !ok {
			t.Errorf("mapping lacks analyzer %s", d.name)
		}
	}
	if err := m.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}

	if err := AddTo(nil); err == nil {
		t.Error("AddTo(nil) succeeded")
	}

	other := bleve.NewIndexMapping()
	err := other.AddCustomAnalyzer(Folded, map[string]any{
		"type":      "custom",
		"tokenizer": "unicode",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := AddTo(other); err == nil || !strings.Contains(err.Error(), Folded) {
		t.Errorf("AddTo over a different %s = %v, want an error naming it", Folded, err)
	}
}

// BenchmarkAnalyzeFolded measures the folded analyzer on about 500 words.
func BenchmarkAnalyzeFolded(b *testing.B) {
	a := bleve.NewIndexMapping().AnalyzerNamed(Folded)
	input := []byte(benchText)
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	var toks analysis.TokenStream
	for b.Loop() {
		// Analyze may rewrite its input in place (to_lower), as it does
		// when indexing; copying keeps every round the same work.
		toks = a.Analyze(append([]byte(nil), input...))
	}
	b.ReportMetric(float64(len(toks)), "tokens/op")
}
