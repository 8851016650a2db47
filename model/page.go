// Package model is the vocabulary shared by the generator, which fills it
// from content files, and by search, which indexes it. It holds data and
// small pure rules over that data; it knows nothing of files, templates or
// indexes, so both sides can depend on it without depending on each other.
package model

import "time"

// Kind says what a page is in the site's tree, as in Hugo: it picks the
// layout when the page's type has none of its own.
type Kind string

// The kinds of page a site has.
const (
	KindHome     Kind = "home"
	KindSection  Kind = "section"
	KindPage     Kind = "page"
	KindTaxonomy Kind = "taxonomy" // the list of a taxonomy's terms, e.g. /linh-vuc/
	KindTerm     Kind = "term"     // the pages of one term, e.g. /linh-vuc/dat-dai/
)

// The content types the transparency portal knows. Any other type is
// allowed and rendered with the default layouts.
const (
	TypeDocument   = "document"
	TypeProcedure  = "procedure"
	TypeDisclosure = "disclosure"
	TypeNews       = "news"
	TypePage       = "page"
	// TypeAnswer is the agency's public answer to a citizen's feedback or
	// comment, which a build with the submissions store indexes so that
	// search finds what was already answered.
	TypeAnswer = "answer"
)

// Page is one page of the site: a content file or a generated list.
type Page struct {
	// Source is the content file's path relative to the content folder,
	// slash-separated; empty for generated pages.
	Source string
	// Line is the line of Source where the Markdown body starts, so that
	// problems found in the body can name a line of the file.
	BodyLine int
	// KeyLines is the line of each front matter key, so that problems
	// found after loading (a duplicate number) can still name a line.
	KeyLines map[string]int

	Kind    Kind
	Type    string
	Section string // the first folder under content/, "" for the home page

	Title       string
	Description string
	Date        time.Time
	Lastmod     time.Time
	Draft       bool
	Weight      int
	Slug        string
	// URL is the page's path on the site, always starting and ending with
	// "/" (or ending in a file name for a custom url such as "/404.html").
	URL       string
	Aliases   []string
	Fields    []string
	Tags      []string
	Params    map[string]any
	SourceURL string
	// Unverified is true when front matter says verified = false: the
	// page's details are not yet checked against an official source.
	Unverified bool
	// Reviewed is the day staff last checked the page against its
	// sources (front matter reviewed); zero when it was never recorded.
	// The page shows it, and check warns when it is too old or when a
	// law the page cites changed after it.
	Reviewed time.Time
	// SearchPhrases are the words citizens use for this page ("mất sổ
	// đỏ", "sang tên"), listed by staff in front matter search_phrases:
	// a query that is one of them puts this page first.
	SearchPhrases []string

	// Body is the Markdown after the front matter, in NFC.
	Body string
	// HTML is the rendered body; Text its plain text, for search, feeds
	// and descriptions.
	HTML     string
	Text     string
	Headings []Heading
	// Links are the site paths the body links to ("/van-ban/x/"), kept
	// so links can be checked without parsing the HTML again.
	Links []string

	Attachments []Attachment

	// Exactly one of these is set for pages of the matching type.
	Document   *Document
	Procedure  *Procedure
	Disclosure *Disclosure

	// Parent is the section page that lists this page (nil for home).
	Parent *Page
	// Pages are the pages a list shows, sorted (sections, terms, home).
	Pages []*Page
	// Term is the term's name for KindTerm pages, and Taxonomy the
	// taxonomy's key ("fields", "tags", ...) for KindTaxonomy and KindTerm.
	Term     string
	Taxonomy string
}

// Heading is one heading of a page's body, for a table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Attachment is a file of a page bundle, copied beside the page.
type Attachment struct {
	Name   string // file name, as linked: "quyet-dinh.pdf"
	URL    string // "/van-ban/x/quyet-dinh.pdf"
	Size   int64  // bytes
	Format string // upper-case extension: "PDF", "DOCX"
	// Path is where the file is on disk, for copying.
	Path string
}

// IsList reports whether the page lists other pages.
func (p *Page) IsList() bool { return p.Kind != KindPage }

// DisplayDate is the date a list shows for the page: the issue date of a
// document, else the page's date.
func (p *Page) DisplayDate() time.Time {
	if p.Document != nil && !p.Document.Issued.IsZero() {
		return p.Document.Issued
	}
	return p.Date
}
