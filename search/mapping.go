package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/minhbach/minhbach/search/analyzer"
)

// Names of the index's fields. Text is indexed in four zones (title; head:
// description, tags and classification; body: the page text and the
// details of a procedure or document; syn: dictionary expansions of all of
// them), each zone three ways: folded (no diacritics), exact (diacritics
// kept, tone placement normalised) and folded adjacent-syllable pairs.
// Ranking weighs the zones and the ways differently (see rank.go).
const (
	fTitle      = "title"
	fTitleExact = "title_x"
	fTitlePairs = "title_p"
	fHead       = "head"
	fHeadExact  = "head_x"
	fHeadPairs  = "head_p"
	fBody       = "body"
	fBodyExact  = "body_x"
	fBodyPairs  = "body_p"
	fSyn        = "syn"
	fSynPairs   = "syn_p"

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

	// fDate is the page's date as a datetime, for sorting; the stored-only
	// fields below are what a Hit shows.
	fDate     = "date"
	fDateText = "date_s"
	fNumber   = "number"
	fCode     = "code"
	fDesc     = "desc"
	fText     = "text"
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

// storedFields are loaded for each returned hit.
var storedFields = []string{fTitle, fType, fNumber, fCode, fStatus, fDateText, fFields, fDesc, fText}

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
	zone := func(base, exact, pairs string, store bool) {
		doc.AddFieldMappingsAt(base,
			text(base, analyzer.Folded, store),
			text(exact, analyzer.Exact, false),
			text(pairs, analyzer.Pairs, false))
	}
	zone(fTitle, fTitleExact, fTitlePairs, true)
	zone(fHead, fHeadExact, fHeadPairs, false)
	zone(fBody, fBodyExact, fBodyPairs, false)
	doc.AddFieldMappingsAt(fSyn, text(fSyn, analyzer.Folded, false), text(fSynPairs, analyzer.Pairs, false))

	doc.AddFieldMappingsAt(fIDs, kw(fIDs, false, false))
	doc.AddFieldMappingsAt(fRank, kw(fRank, false, false))
	for _, f := range []string{fFields, fKind, fIssuer, fLevel, fYear} {
		doc.AddFieldMappingsAt(f, kw(f, f == fFields, true))
	}
	doc.AddFieldMappingsAt(fType, kw(fType, true, true))
	doc.AddFieldMappingsAt(fStatus, kw(fStatus, true, true))

	date := bleve.NewDateTimeFieldMapping()
	date.Name = fDate
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true
	doc.AddFieldMappingsAt(fDate, date)
	for _, f := range []string{fDateText, fNumber, fCode, fDesc, fText} {
		doc.AddFieldMappingsAt(f, storedOnly(f))
	}

	m.AddDocumentMapping(docType, doc)
	m.DefaultType = docType
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()
	m.TypeField = "_type" // absent from our documents: DefaultType applies
	return m, nil
}
