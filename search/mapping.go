package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/search/analyzer"
)

// Names of the index's fields. Text is indexed in three zones: title; head
// (description, tags, classification, and the dictionary expansions of
// title and head); body (the page text and the details of a procedure or
// document). Each zone holds, through analyzer.Combined, every word
// folded (no diacritics), its exact form when it has diacritics, and each
// pair of adjacent folded words. Ranking weighs zones and kinds of term
// differently (see rank.go).
const (
	fTitle = "title"
	fHead  = "head"
	fBody  = "body"

	// fIDs holds document numbers and procedure codes in the forms
	// identForms gives, for exact lookup.
	fIDs = "ids"
	// fRank holds ranking flags (see rankCurrent).
	fRank = "rank"

	// Facet and filter fields: keyword, values as shown to people.
	fType   = "type"
	fFields = "fields"
	fKind   = "kind"
	fIssuer = "issuer"
	fLevel  = "level"
	fStatus = "status"
	fYear   = "year"

	// fFacet holds every facet value of the page as "key:value": read
	// into memory when the index is opened, it is what facets count.
	fFacet = "facet"

	// fPrior is a page's standing whatever the query ("0" to "15"; see
	// priorOf), and fDate its date ("2024-01-18"): both are read into
	// memory when the index is opened (see columns).
	fPrior = "prior"
	fDate  = "date"

	// Stored only, for Hit.
	fNumber = "number"
	fCode   = "code"
	fDesc   = "desc"
	fText   = "text"
	// fSection is the title of the section that lists the page ("Hỏi
	// đáp"): a plain page is labelled by where it lives.
	fSection = "section"
)

// filterField maps the API's filter keys to index fields.
var filterField = map[string]string{
	"type":   fType,
	"fields": fFields,
	"kind":   fKind,
	"issuer": fIssuer,
	"level":  fLevel,
	"status": fStatus,
	"year":   fYear,
}

// scoringModel is Bleve's scoring model for the index. Classic TF-IDF, not
// BM25: Bleve 2.6 estimates BM25's average field length as the number of
// distinct terms of the field divided by the number of documents, which
// is far from the average length and made long texts lose to short ones
// whatever they said.
var scoringModel = index.TFIDFScoring

// docType is the document mapping's name; every page uses it.
const docType = "page"

// newMapping returns the index mapping: the analyzers of package analyzer
// and the fields above, with BM25 scoring. Nothing is mapped dynamically,
// so a field added by mistake is not silently indexed.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := analyzer.AddTo(m); err != nil {
		return nil, fmt.Errorf("search: index mapping: %w", err)
	}
	m.ScoringModel = scoringModel
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	text := func(name, an string, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = an
		f.Store = store
		f.IncludeTermVectors = false // snippets are built from stored text
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(name string, store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Name = name
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	storedOnly := func(name string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fTitle, text(fTitle, analyzer.Combined, true))
	for _, f := range []string{fHead, fBody} {
		doc.AddFieldMappingsAt(f, text(f, analyzer.Combined, false))
	}

	doc.AddFieldMappingsAt(fIDs, kw(fIDs, false, false))
	doc.AddFieldMappingsAt(fRank, kw(fRank, false, false))
	for _, f := range []string{fFields, fKind, fIssuer, fLevel, fYear} {
		doc.AddFieldMappingsAt(f, kw(f, f == fFields, false))
	}
	doc.AddFieldMappingsAt(fType, kw(fType, true, false))
	doc.AddFieldMappingsAt(fStatus, kw(fStatus, true, false))
	doc.AddFieldMappingsAt(fFacet, kw(fFacet, false, false))

	doc.AddFieldMappingsAt(fPrior, kw(fPrior, false, false))
	doc.AddFieldMappingsAt(fDate, kw(fDate, true, false))
	for _, f := range []string{fNumber, fCode, fDesc, fText, fSection} {
		doc.AddFieldMappingsAt(f, storedOnly(f))
	}

	m.AddDocumentMapping(docType, doc)
	m.DefaultType = docType
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	m.TypeField = "_type" // absent from our documents: DefaultType applies
	return m, nil
}
