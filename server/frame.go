package server

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"

	"github.com/minhbach/minhbach/participation"
)

// A frame is a page the build wrote with places the server fills at each
// request: named slots (HTML comments <!--minhbach:NAME-->, written in
// layouts with {{ safeHTML "…" }} since html/template drops comments;
// what the build put between <!--minhbach:NAME--> and
// <!--/minhbach:NAME--> is what a page shows without the server, and the
// server replaces it whole),
// start tags marked data-minhbach-q that take the query as their value
// (the search box), and hidden inputs marked data-minhbach-challenge that
// take a fresh anti-spam token. It is read with the HTML tokenizer, which
// knows where tags, comments and raw text (scripts, styles) begin and
// end, so a marker quoted in an attribute, in text or in a script is not
// taken for one.
type frame struct {
	parts []framePart
	slots map[string]bool // the slot names the page has
	// dynamic is set when the page has something to fill besides
	// search parts: a challenge or a question slot.
	dynamic bool
}

// framePart is a piece of a frame: literal bytes, a tag to fill, or a
// slot.
type framePart struct {
	kind partKind
	raw  []byte     // partText
	tag  html.Token // partQuery, partChallenge: without the attributes filled
	slot string     // partSlot
}

type partKind int

const (
	partText partKind = iota
	partQuery
	partChallenge
	partSlot
	partTitle // the text of <title>, which a fill may name anew
)

const (
	slotPrefix = "minhbach:"
	queryAttr  = "data-minhbach-q"
)

// fill is what one request puts into a frame.
type fill struct {
	Query string
	// Challenge, if set, gives a fresh anti-spam challenge for each
	// challenge input of the page: a token is good once, so two forms on
	// one page (feedback and rating) each need their own. The question
	// slot that follows an input gets that input's question.
	Challenge func() participation.Challenge
	// Slots are HTML, by slot name; a slot with no entry is left empty.
	Slots map[string]string
	// Title, if set, replaces the page's own name in its <title>, before
	// " — " and the site's name: a screen reader announces what the page
	// is (WCAG 2.4.2), though every status and console page shares one
	// frame.
	Title string
}

// parseFrame cuts a page at its slots and marked tags. When the page has
// no slot named must and must is not "", one is put before the last
// </main>, or else before </body>, or else at the end, so a layout that
// forgot its placeholder still shows what the server has to say.
func parseFrame(page []byte, must string) (*frame, error) {
	f := &frame{slots: map[string]bool{}}
	var text []byte
	flush := func() {
		if len(text) > 0 {
			f.parts = append(f.parts, framePart{kind: partText, raw: text})
			text = nil
		}
	}
	lastMain, lastBody := -1, -1 // index in parts of the last </main>, </body>
	inTitle := false
	skipTo := "" // the end comment of a slot the build filled, skipped to
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
		if skipTo != "" {
			// What the build wrote into a slot is replaced whole.
			if tt == html.CommentToken && strings.TrimSpace(string(z.Text())) == skipTo {
				skipTo = ""
			}
			continue
		}
		switch tt {
		case html.CommentToken:
			if name, ok := strings.CutPrefix(strings.TrimSpace(string(z.Text())), slotPrefix); ok && name != "" {
				flush()
				f.parts = append(f.parts, framePart{kind: partSlot, slot: name})
				f.slots[name] = true
				if bytes.Contains(page, []byte("<!--/"+slotPrefix+name+"-->")) {
					skipTo = "/" + slotPrefix + name
				}
				if name == "question" || name == "answers" {
					f.dynamic = true
				}
				continue
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			if tt == html.StartTagToken && bytes.EqualFold(raw, []byte("<title>")) {
				inTitle = true
			}
			if tok, kind := markedTag(z, raw, tt); kind != partText {
				flush()
				f.parts = append(f.parts, framePart{kind: kind, tag: tok})
				if kind == partChallenge {
					f.dynamic = true
				}
				continue
			}
		case html.TextToken:
			if inTitle {
				flush()
				f.parts = append(f.parts, framePart{kind: partTitle, raw: append([]byte(nil), raw...)})
				inTitle = false
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "title":
				inTitle = false
			case "main":
				flush()
				lastMain = len(f.parts)
			case "body":
				flush()
				lastBody = len(f.parts)
			}
		}
		text = append(text, raw...)
	}
	flush()
	if must != "" && !f.slots[must] {
		at := len(f.parts)
		if lastMain >= 0 {
			at = lastMain
		} else if lastBody >= 0 {
			at = lastBody
		}
		f.parts = append(f.parts[:at], append([]framePart{{kind: partSlot, slot: must}}, f.parts[at:]...)...)
	}
	return f, nil
}

// markedTag reports whether the tag just read carries data-minhbach-q or
// data-minhbach-challenge, and gives it without the attributes the
// server fills (value, and data-bits for a challenge).
func markedTag(z *html.Tokenizer, raw []byte, tt html.TokenType) (html.Token, partKind) {
	if !bytes.Contains(raw, []byte("data-minhbach-")) {
		return html.Token{}, partText
	}
	tok := html.Token{Type: tt}
	name, more := z.TagName()
	tok.Data = string(name)
	kind := partText
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "value", "data-bits":
			continue
		case queryAttr:
			kind = partQuery
		case participation.ChallengeAttr:
			kind = partChallenge
		}
		tok.Attr = append(tok.Attr, html.Attribute{Key: string(k), Val: string(v)})
	}
	return tok, kind
}

// write puts one request's fill into the page.
func (f *frame) write(w *bytes.Buffer, fl fill) {
	var ch participation.Challenge // the last challenge input's
	for _, p := range f.parts {
		switch p.kind {
		case partText:
			w.Write(p.raw)
		case partQuery:
			w.WriteString(withAttrs(p.tag, html.Attribute{Key: "value", Val: fl.Query}))
		case partChallenge:
			if fl.Challenge != nil {
				ch = fl.Challenge()
			}
			w.WriteString(withAttrs(p.tag, html.Attribute{Key: "value", Val: ch.Token}, html.Attribute{Key: "data-bits", Val: strconv.Itoa(ch.Bits)}))
		case partTitle:
			if fl.Title == "" {
				w.Write(p.raw)
				continue
			}
			w.WriteString(html.EscapeString(fl.Title))
			if i := bytes.Index(p.raw, []byte(" — ")); i >= 0 {
				w.Write(p.raw[i:])
			}
		case partSlot:
			if p.slot == "question" {
				w.WriteString(html.EscapeString(ch.Question))
				continue
			}
			w.WriteString(fl.Slots[p.slot])
		}
	}
}

// withAttrs writes a tag with attributes added, escaped as HTML wants.
func withAttrs(tag html.Token, attrs ...html.Attribute) string {
	tag.Attr = append(tag.Attr[:len(tag.Attr):len(tag.Attr)], attrs...)
	return tag.String()
}

// frameCache keeps pages parsed until a build replaces them.
type frameCache struct {
	mu     sync.Mutex
	frames map[string]cachedFrame // by site path and required slot
}

type cachedFrame struct {
	mod  time.Time
	size int64
	f    *frame
}

// get gives the parsed page at name, reading it again only when its
// modification time or size changed (a new build wrote it).
func (c *frameCache) get(name, must string, file *os.File, fi os.FileInfo) (*frame, error) {
	key := name + "\x00" + must
	c.mu.Lock()
	cf, ok := c.frames[key]
	c.mu.Unlock()
	if ok && cf.mod.Equal(fi.ModTime()) && cf.size == fi.Size() {
		return cf.f, nil
	}
	page, err := io.ReadAll(file)
	if err != nil {
		return nil, err
	}
	f, err := parseFrame(page, must)
	if err != nil {
		return nil, err
	}
	if must == "" && !f.dynamic {
		// A page with nothing to fill is served as a file; keep only
		// the verdict, not a copy of the page.
		f = &frame{}
	}
	c.mu.Lock()
	if c.frames == nil {
		c.frames = map[string]cachedFrame{}
	}
	c.frames[key] = cachedFrame{mod: fi.ModTime(), size: fi.Size(), f: f}
	c.mu.Unlock()
	return f, nil
}
