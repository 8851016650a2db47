package analyzer

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"
)

// testMapping indexes "title" three ways, as the portal's search does: exact,
// folded and as folded pairs; "number" holds an identifier.
func testMapping(t testing.TB) *mapping.IndexMappingImpl {
	t.Helper()
	m := bleve.NewIndexMapping()
	if err := AddTo(m); err != nil {
		t.Fatal(err)
	}
	field := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = true
		f.IncludeTermVectors = true // for highlighting
		return f
	}
	doc := bleve.NewDocumentMapping()
	title := field(Folded)
	exact := field(Exact)
	exact.Name = "title_exact"
	pairs := field(Pairs)
	pairs.Name = "title_pairs"
	doc.AddFieldMappingsAt("title", title, exact, pairs)
	doc.AddFieldMappingsAt("number", field(Keyword))
	// A type mapping, not the default mapping: for the default mapping
	// Bleve looks up a query's analyzer by property and ignores fields
	// renamed with Name, such as title_exact, so a match query on them
	// would use the standard analyzer.
	m.AddDocumentMapping("page", doc)
	m.DefaultType = "page"
	return m
}

var testDocs = map[string]map[string]any{
	"dat":    {"title": "Đường đất đai", "number": "45/2013/QH13"},
	"nfd":    {"title": norm.NFD.String("Thủy lợi và hòa giải ở cơ sở"), "number": "737/QĐ-UBND"},
	"old":    {"title": "Hoà giải ở cơ sở, thuỷ lợi"},
	"nha":    {"title": "Nhà ở xã hội"},
	"daiduo": {"title": "Đất ở đường đai"}, // same syllables as "dat", other order
	"long":   {"title": benchText},
}

func newTestIndex(t testing.TB) bleve.Index {
	t.Helper()
	idx, err := bleve.NewMemOnly(testMapping(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for id, doc := range testDocs {
		if err := idx.Index(id, doc); err != nil {
			t.Fatal(err)
		}
	}
	return idx
}

// search runs q and returns the sorted ids of the hits.
func search(t testing.TB, idx bleve.Index, q query.Query) []string {
	t.Helper()
	res, err := idx.Search(bleve.NewSearchRequestOptions(q, 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

func match(field, text string) query.Query {
	q := bleve.NewMatchQuery(text)
	q.SetField(field)
	q.SetOperator(query.MatchQueryOperatorAnd)
	return q
}

func matchPhrase(field, text string) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	return q
}

func TestIndexSearch(t *testing.T) {
	idx := newTestIndex(t)
	nfd := norm.NFD.String
	tests := []struct {
		name string
		q    query.Query
		want []string
	}{
		{"folded query finds accented text", match("title", "duong dat"), []string{"daiduo", "dat", "long"}},
		{"accented query on folded field", match("title", "Đường Đất"), []string{"daiduo", "dat", "long"}},
		{"NFC query finds NFD text", match("title_exact", "thủy lợi"), []string{"long", "nfd", "old"}},
		{"NFD query finds NFC text", match("title_exact", nfd("hòa giải")), []string{"long", "nfd", "old"}},
		{"old-style query, exact field", match("title_exact", "hoà giải thuỷ"), []string{"long", "nfd", "old"}},
		{"exact field keeps diacritics apart", match("title_exact", "hoa giai"), nil},
		{"phrase on folded field", matchPhrase("title", "duong dat dai"), []string{"dat"}},
		{"pairs keep word order", match("title_pairs", "đường đất"), []string{"dat"}},
		{"pairs, folded query", match("title_pairs", "dat dai"), []string{"dat", "long"}},
		{"pairs need the pair", match("title_pairs", "o duong"), []string{"daiduo"}},
		{"identifier, other spelling", match("number", "45/2013/qh13"), []string{"dat"}},
		{"identifier without diacritics", match("number", "737/QD-UBND"), []string{"nfd"}},
		{"identifier is whole", match("number", "45/2013"), nil},
	}
	for _, tt := range tests {
		if got := search(t, idx, tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestIndexHighlight(t *testing.T) {
	idx := newTestIndex(t)
	nfd := norm.NFD.String
	tests := []struct {
		q      query.Query
		field  string
		id     string
		marked []string // must each appear in the fragments
	}{
		{match("title", "duong dat"), "title", "dat", []string{"<mark>Đường</mark> <mark>đất</mark> đai"}},
		{match("title", "thuy loi"), "title", "nfd", []string{"<mark>" + nfd("Thủy") + "</mark> <mark>" + nfd("lợi") + "</mark>"}},
		{match("title_exact", "thủy"), "title_exact", "old", []string{"<mark>thuỷ</mark>"}},
		{match("title_pairs", "đất đai"), "title_pairs", "dat", []string{"Đường <mark>đất đai</mark>"}},
		{match("title", "khoe manh tuy"), "title", "long", []string{"<mark>khoẻ</mark>", "<mark>tuỳ</mark>"}},
	}
	for _, tt := range tests {
		req := bleve.NewSearchRequest(tt.q)
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.AddField(tt.field)
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var frags []string
		for _, h := range res.Hits {
			if h.ID == tt.id {
				frags = h.Fragments[tt.field]
			}
		}
		if frags == nil {
			t.Errorf("%s: no fragments for %s", tt.field, tt.id)
			continue
		}
		all := strings.Join(frags, "\n")
		if !utf8.ValidString(all) {
			t.Errorf("%s: invalid UTF-8 in fragments %+q", tt.id, all)
		}
		for _, m := range tt.marked {
			if !strings.Contains(all, m) {
				t.Errorf("%s: fragments %q lack %q", tt.id, all, m)
			}
		}
	}
}

// TestIndexReopen checks that an index built with AddTo stores the analyzer
// definitions and analyzes the same way after it is opened again.
func TestIndexReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx.bleve")
	idx, err := bleve.New(path, testMapping(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Index("dat", testDocs["dat"]); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	idx, err = bleve.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	m, ok := idx.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		t.Fatalf("mapping is %T", idx.Mapping())
	}
	for _, d := range analyzerDefs {
		if _, ok := m.CustomAnalysis.Analyzers[d.name]; !ok {
			t.Errorf("reopened mapping lacks %s", d.name)
		}
	}
	if err := AddTo(m); err != nil {
		t.Errorf("AddTo on the reopened mapping: %v", err)
	}
	if got := search(t, idx, match("title", "DUONG DAT")); !slices.Equal(got, []string{"dat"}) {
		t.Errorf("after reopening got %q", got)
	}
}
