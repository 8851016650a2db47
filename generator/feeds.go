package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"slices"
	"sort"
	"time"

	"github.com/minhbach/minhbach/model"
)

// feedSize is how many entries an Atom feed carries: enough for a reader
// that checks daily, small enough for a slow link.
const feedSize = 50

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string    `xml:"title"`
	ID        string    `xml:"id"`
	Link      atomLink  `xml:"link"`
	Updated   string    `xml:"updated"`
	Published string    `xml:"published,omitempty"`
	Summary   string    `xml:"summary,omitempty"`
	Category  []atomCat `xml:"category"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		t = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}

// atom builds the feed of a list of pages, newest change first. Entries
// carry a summary and a link, not the whole page: readers on slow links
// fetch the feed often and a page only when they want it.
func atom(s *Site, title, selfURL, pageURL string, pages []*model.Page) ([]byte, error) {
	ps := newest(pages, feedSize)
	base := s.Config.BaseURL
	f := atomFeed{Lang: s.Config.LanguageCode, Title: title, ID: base + pageURL,
		Links:  []atomLink{{Href: base + selfURL, Rel: "self", Type: "application/atom+xml"}, {Href: base + pageURL, Rel: "alternate", Type: "text/html"}},
		Author: atomAuthor{Name: s.Config.Agency.Name}}
	var updated time.Time
	for _, p := range ps {
		if p.Lastmod.After(updated) {
			updated = p.Lastmod
		}
		e := atomEntry{Title: p.Title, ID: base + p.URL, Link: atomLink{Href: base + p.URL, Rel: "alternate"},
			Updated: rfc3339(p.Lastmod), Published: rfc3339(p.Date), Summary: entrySummary(p)}
		for _, fld := range p.Fields {
			e.Category = append(e.Category, atomCat{Term: fld})
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = rfc3339(updated)
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// entrySummary says in one line what changed for readers of a feed of
// documents: the number and status, then the description.
func entrySummary(p *model.Page) string {
	switch {
	case p.Document != nil:
		return fmt.Sprintf("%s — %s. %s", p.Document.Number, p.Document.Status, p.Description)
	case p.Procedure != nil && p.Procedure.Code != "":
		return fmt.Sprintf("Mã %s. %s", p.Procedure.Code, p.Description)
	}
	return p.Description
}

// sitemap lists every page for search engines. It is written by hand,
// not with encoding/xml: on a large site it is rewritten after every edit
// in the dev server, and marshalling ten thousand structs is most of that.
func sitemap(s *Site) ([]byte, error) {
	type entry struct{ loc, lastmod string }
	entries := make([]entry, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.Draft {
			continue
		}
		e := entry{loc: s.Config.BaseURL + p.URL}
		if !p.Lastmod.IsZero() {
			e.lastmod = p.Lastmod.Format("2006-01-02")
		}
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].loc < entries[j].loc })
	var b bytes.Buffer
	b.Grow(len(entries) * 100)
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, e := range entries {
		b.WriteString("  <url>\n    <loc>")
		if err := xml.EscapeText(&b, []byte(e.loc)); err != nil {
			return nil, err
		}
		b.WriteString("</loc>\n")
		if e.lastmod != "" {
			b.WriteString("    <lastmod>" + e.lastmod + "</lastmod>\n")
		}
		b.WriteString("  </url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes(), nil
}

func robots(s *Site) []byte {
	return []byte(fmt.Sprintf("User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: %s/sitemap.xml\n", s.Config.BaseURL))
}

// aliasPage is the redirect left at an old URL: a meta refresh for
// browsers and a canonical link for search engines, so old links printed
// in letters and posters keep working.
func aliasPage(s *Site, target string) []byte {
	u := html.EscapeString(s.Config.BaseURL + target)
	return []byte(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đã chuyển trang</title>` +
		`<link rel="canonical" href="` + u + `"><meta name="robots" content="noindex">` +
		`<meta http-equiv="refresh" content="0; url=` + u + `"></head>` +
		`<body><p>Trang đã chuyển tới <a href="` + u + `">` + u + `</a>.</p></body></html>`)
}

// newest returns the n pages changed last, newest first, pages changed
// the same day in their order in pages. It keeps only n while it looks,
// so a feed of a large site costs one pass, not a sort of every page.
func newest(pages []*model.Page, n int) []*model.Page {
	top := make([]*model.Page, 0, n+1)
	for _, p := range pages {
		if len(top) == n && !p.Lastmod.After(top[n-1].Lastmod) {
			continue
		}
		// After every page as new: a later page of the same date stays
		// behind the earlier ones, as a stable sort would keep it.
		i := sort.Search(len(top), func(i int) bool { return p.Lastmod.After(top[i].Lastmod) })
		top = slices.Insert(top, i, p)
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}
