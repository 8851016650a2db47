package generator

import (
	"bytes"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/minhbach/minhbach/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders page bodies. One value serves every goroutine: a
// goldmark.Markdown is safe for concurrent use, and heading IDs are kept
// per document in the parser context.
type markdown struct {
	md goldmark.Markdown
	// reserved are IDs the layouts use, which headings must not take.
	reserved []string
}

func newMarkdown(cfg *Config) *markdown {
	exts := []goldmark.Extender{extension.GFM, extension.Footnote}
	if cfg.Typographer {
		exts = append(exts, extension.Typographer)
	}
	rendererOpts := []renderer.Option{gmhtml.WithXHTML()}
	if cfg.UnsafeHTML {
		rendererOpts = append(rendererOpts, gmhtml.WithUnsafe())
	} else {
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	return &markdown{md: goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(rendererOpts...),
	)}
}

// render converts a page's Markdown to HTML, its plain text and its
// headings.
func (m *markdown) render(src string) (htmlOut string, plain string, headings []model.Heading, err error) {
	source := []byte(src)
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs(m.reserved)))
	doc := m.md.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		// A table scrolls sideways inside its own box on a phone (the
		// theme's .content table); a box that scrolls must take the
		// keyboard focus, or keyboard users cannot scroll it (WCAG 2.1.1).
		if t, ok := n.(*east.Table); ok && entering {
			t.SetAttributeString("tabindex", []byte("0"))
		}
		if h, ok := n.(*ast.Heading); ok && entering {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			headings = append(headings, model.Heading{Level: h.Level, ID: string(idb), Text: nodeText(h, source)})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, source, doc); err != nil {
		return "", "", nil, err
	}
	htmlOut = buf.String()
	return htmlOut, htmlToText(htmlOut), headings, nil
}

func nodeText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for ch := t.FirstChild(); ch != nil; ch = ch.NextSibling() {
				if tx, ok := ch.(*ast.Text); ok {
					b.Write(tx.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headingIDs gives headings Vietnamese-friendly IDs ("Đất đai" ->
// "dat-dai") and keeps them unique within a page.
type headingIDs struct{ used map[string]int }

// layoutIDAttr finds literal IDs in layouts.
var layoutIDAttr = regexp.MustCompile(`\sid="([A-Za-z0-9_-]+)"`)

// themeIDs are the element IDs the layouts give their own parts: the
// skip link's target, the table of contents, a procedure's sections.
// Staff write the same words as headings ("## Thành phần hồ sơ", "## Nội
// dung"), and a duplicate ID sends the table of contents and the skip
// link to the wrong place, so such a heading gets "-1" instead. They are
// read from the layouts themselves, so a site's own layouts count too.
func themeIDs(t *theme) []string {
	seen := map[string]bool{}
	var ids []string
	for _, p := range t.files(".") {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		b, err := t.ReadFile(p)
		if err != nil {
			continue
		}
		for _, m := range layoutIDAttr.FindAllStringSubmatch(string(b), -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				ids = append(ids, m[1])
			}
		}
	}
	sort.Strings(ids)
	return ids
}

func newHeadingIDs(reserved []string) *headingIDs {
	h := &headingIDs{used: make(map[string]int, len(reserved))}
	for _, id := range reserved {
		h.used[id] = 1
	}
	return h
}

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	id := HeadingID(string(value))
	if id == "" {
		id = "muc"
	}
	base := id
	for n := 1; h.used[id] > 0; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	h.used[id]++
	return []byte(id)
}

// Put implements parser.IDs: an explicit {#id} reserves its ID.
func (h *headingIDs) Put(value []byte) { h.used[string(value)]++ }

// HeadingID is the anchor of a heading: the same folding as slugs, so
// links to "#dat-dai" survive editing by people who type without marks.
func HeadingID(s string) string { return Slugify(s) }

// htmlToText strips tags from rendered HTML, keeping word boundaries at
// block ends so that search does not glue words of two cells together.
func htmlToText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inTag := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			inTag = true
			b.WriteByte(' ')
		case c == '>' && inTag:
			inTag = false
		case !inTag:
			b.WriteByte(c)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// escapedHTML shows raw HTML in Markdown as text, so that staff see what
// they pasted instead of it being run or silently dropped. HTML comments
// are the exception: staff use them for notes to colleagues ("<!-- chưa
// xác minh mức phí -->"), which must not reach citizens or the index.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			if segs.Len() > 0 {
				if first := segs.At(0); bytes.HasPrefix(first.Value(source), []byte("<!--")) {
					return ast.WalkSkipChildren, nil
				}
			}
			for i := 0; i < segs.Len(); i++ {
				s := segs.At(i)
				w.WriteString(html.EscapeString(string(s.Value(source))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			b := n.(*ast.HTMLBlock)
			if b.HTMLBlockType == ast.HTMLBlockType2 { // a comment
				return ast.WalkSkipChildren, nil
			}
			w.WriteString("<p>")
			lines := b.Lines()
			for i := 0; i < lines.Len(); i++ {
				l := lines.At(i)
				w.WriteString(html.EscapeString(string(l.Value(source))))
			}
			if b.HasClosure() {
				w.WriteString(html.EscapeString(string(b.ClosureLine.Value(source))))
			}
			w.WriteString("</p>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}
