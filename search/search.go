// Package search is minhbach's search library: it indexes the site's
// pages (model.Page) in a Bleve index with Vietnamese analysis (package
// analyzer), keeps the index current (Holder) and answers queries the
// way citizens type them (Search, Suggest). It speaks no HTTP: package
// server turns it into the JSON API and the search pages. It never
// reaches into rendering: it sees pages only through the model; the
// engine's own data structures are under internal/.
package search

// Request is one search, as the API and the command line receive it.
type Request struct {
	// Query is the text as typed: with or without diacritics, NFC or NFD,
	// abbreviations, a document number or a procedure code.
	Query string
	// Filters restrict results by facet: type, fields, kind, issuer,
	// level, status, year. Values are as shown in facets; several values
	// of one key are alternatives (OR), keys combine with AND.
	Filters map[string][]string
	// Page is 1-based; Size is at most MaxSize (more is a RequestError,
	// so a client learns the cap instead of silently getting fewer).
	Page int
	Size int
	// Sort is "relevance" (default), "date" (oldest first) or "-date".
	Sort string
}

// Limits that keep one request cheap whoever sends it.
const (
	MaxSize        = 50
	DefaultSize    = 10
	MaxQueryLength = 200 // runes
)

// FilterKeys are the filters and facets the API accepts.
var FilterKeys = []string{"type", "fields", "kind", "issuer", "level", "status", "year"}

// Response is the answer to a Request, shaped as interfaces.md fixes it.
type Response struct {
	Query  string                  `json:"query"`
	Total  uint64                  `json:"total"`
	TookMS float64                 `json:"took_ms"`
	Page   int                     `json:"page"`
	Size   int                     `json:"size"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
}

// Hit is one result.
type Hit struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	Type  string `json:"type"`
	// Snippet is HTML in which everything but <mark> is escaped.
	Snippet string   `json:"snippet"`
	Number  string   `json:"number,omitempty"`
	Code    string   `json:"code,omitempty"`
	Status  string   `json:"status,omitempty"`
	Date    string   `json:"date,omitempty"`
	Fields  []string `json:"fields,omitempty"`
	// Section is the title of the section that lists the page, to
	// label a plain page by where it lives ("Hỏi đáp").
	Section string  `json:"section,omitempty"`
	Score   float64 `json:"score"`
}

// FacetValue is one value of a facet and how many hits have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Suggestion is a title offered while typing.
type Suggestion struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Type  string `json:"type"`
	// Section is as in Hit.
	Section string `json:"section,omitempty"`
}

// RequestError is a problem with what the visitor sent: the API answers
// it with 400 and both messages, never with a 500.
type RequestError struct {
	VI string
	EN string
}

func (e *RequestError) Error() string { return e.VI + " / " + e.EN }
