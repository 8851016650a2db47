package generator

import (
	"bytes"
	"html"
	"strconv"
	"strings"

	"github.com/minhbach/minhbach/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
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
	ctx := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := m.md.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
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

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]int{}} }

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
// they pasted instead of it being run or silently dropped.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
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
