package server

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
)

// The contract between the search pages' layouts and this server.
//
// The generator writes /tim-kiem/index.html (layout _default/search.html)
// and /embed/index.html (layout _default/embed.html) with the site's look
// and no results. For GET /tim-kiem/?q=... and /embed/?q=... the server
// reads that page once per build, as HTML, and fills it in:
//
//   - The comment <!--minhbach:results--> becomes the results, rendered
//     with layouts/search/results.html; or the error message. Write it
//     with {{ safeHTML "<!--minhbach:results-->" }}, since html/template
//     drops comments.
//   - The comment <!--minhbach:facets--> becomes the filters, rendered
//     with layouts/search/facets.html; nothing when there are none, so a
//     container holding only the comment stays :empty.
//   - Every start tag carrying the attribute data-minhbach-q (the search
//     input, name="q") gets value="the query"; a value the layout put
//     there is replaced.
//
// If the results comment is missing the results (and facets) go before
// the last </main>, then before </body>; if the page is missing the
// server uses layouts/search/page.html.
const (
	resultsComment = "minhbach:results"
	facetsComment  = "minhbach:facets"
	queryAttr      = "data-minhbach-q"
)

// frame is a search page cut at its placeholders, so that a request only
// writes the pieces out in order.
type frame struct {
	parts     []framePart
	hasFacets bool // the page has a facets comment
}

// framePart is a piece of a frame: literal bytes, a tag to carry the
// query, or a placeholder.
type framePart struct {
	kind partKind
	raw  []byte     // partText
	tag  html.Token // partQuery, without its value attribute
}

type partKind int

const (
	partText partKind = iota
	partQuery
	partResults
	partFacets
)

// parseFrame reads a search page with the HTML tokenizer, which knows
// where tags, comments and raw text (scripts, styles) begin and end, so
// a marker written inside an attribute or a script is not taken for one.
func parseFrame(page []byte) (*frame, error) {
	f := &frame{}
	var text []byte
	flush := func() {
		if len(text) > 0 {
			f.parts = append(f.parts, framePart{kind: partText, raw: text})
			text = nil
		}
	}
	hasResults := false
	lastMain, lastBody := -1, -1 // index in parts of the last </main>, </body>
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if err := z.Err(); err != io.EOF {
				return nil, err
			}
			break
		}
		raw := z.Raw()
		switch tt {
		case html.CommentToken:
			switch strings.TrimSpace(string(z.Text())) {
			case resultsComment:
				flush()
				f.parts = append(f.parts, framePart{kind: partResults})
				hasResults = true
				continue
			case facetsComment:
				flush()
				f.parts = append(f.parts, framePart{kind: partFacets})
				f.hasFacets = true
				continue
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			if tok, ok := queryTag(z, raw, tt); ok {
				flush()
				f.parts = append(f.parts, framePart{kind: partQuery, tag: tok})
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "main", "body":
				flush()
				if string(name) == "main" {
					lastMain = len(f.parts)
				} else {
					lastBody = len(f.parts)
				}
			}
		}
		text = append(text, raw...)
	}
	flush()
	if !hasResults {
		at := len(f.parts)
		if lastMain >= 0 {
			at = lastMain
		} else if lastBody >= 0 {
			at = lastBody
		}
		f.parts = append(f.parts[:at], append([]framePart{{kind: partResults}}, f.parts[at:]...)...)
	}
	return f, nil
}

// queryTag reports whether the tag just read carries data-minhbach-q,
// and gives it without its value attributes.
func queryTag(z *html.Tokenizer, raw []byte, tt html.TokenType) (html.Token, bool) {
	if !bytes.Contains(raw, []byte(queryAttr)) {
		return html.Token{}, false
	}
	tok := html.Token{Type: tt}
	name, more := z.TagName()
	tok.Data = string(name)
	found := false
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "value":
			continue
		case queryAttr:
			found = true
		}
		tok.Attr = append(tok.Attr, html.Attribute{Key: string(k), Val: string(v)})
	}
	return tok, found
}

// write puts the query, results and facets into the page.
func (f *frame) write(w *bytes.Buffer, query, results, facets string) {
	if !f.hasFacets && facets != "" {
		results = `<aside class="search-facets" aria-label="Lọc kết quả">` + facets + "</aside>\n" + results
	}
	for _, p := range f.parts {
		switch p.kind {
		case partText:
			w.Write(p.raw)
		case partQuery:
			tag := p.tag
			tag.Attr = append(tag.Attr[:len(tag.Attr):len(tag.Attr)], html.Attribute{Key: "value", Val: query})
			w.WriteString(tag.String())
		case partResults:
			w.WriteString(results)
		case partFacets:
			w.WriteString(facets)
		}
	}
}

// frameCache keeps each search page parsed until a build replaces it.
type frameCache struct {
	mu     sync.Mutex
	frames map[string]cachedFrame // by file path
}

type cachedFrame struct {
	mod  time.Time
	size int64
	f    *frame
}

// get gives the parsed page at path, reading it again only when its
// modification time or size changed (a new build wrote it).
func (c *frameCache) get(path string, file *os.File, fi os.FileInfo) (*frame, error) {
	c.mu.Lock()
	cf, ok := c.frames[path]
	c.mu.Unlock()
	if ok && cf.mod.Equal(fi.ModTime()) && cf.size == fi.Size() {
		return cf.f, nil
	}
	page, err := io.ReadAll(file)
	if err != nil {
		return nil, err
	}
	f, err := parseFrame(page)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.frames == nil {
		c.frames = map[string]cachedFrame{}
	}
	c.frames[path] = cachedFrame{mod: fi.ModTime(), size: fi.Size(), f: f}
	c.mu.Unlock()
	return f, nil
}
