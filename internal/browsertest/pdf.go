package browsertest

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// PDFPageTexts returns the text of each page of a PDF printed by
// Chromium, in page order and in NFC, so a test can ask what landed on
// page 1. It reads what Chromium's PDF writer (Skia) produces: plain
// objects, Flate-compressed streams, Type0 fonts with ToUnicode maps. It
// is not a general PDF reader: it has no xref streams, object streams or
// encryption, and it returns an error rather than a wrong answer when it
// meets them. Words may come out split or joined differently from the
// HTML; compare with whitespace removed (see SquashSpace).
func PDFPageTexts(data []byte) ([]string, error) {
	objs, err := pdfObjects(data)
	if err != nil {
		return nil, err
	}
	r := &pdfReader{objs: objs}
	var root pdfDict
	for _, o := range objs {
		if d, ok := o.value.(pdfDict); ok && d.name("Type") == "Catalog" {
			root = d
		}
	}
	if root == nil {
		return nil, errors.New("pdf: no document catalog (compressed object streams are not supported)")
	}
	pages, err := r.pages(root["Pages"], nil, 0)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(pages))
	for i, pg := range pages {
		t, err := r.pageText(pg)
		if err != nil {
			return nil, fmt.Errorf("pdf page %d: %w", i+1, err)
		}
		texts[i] = norm.NFC.String(t)
	}
	return texts, nil
}

// SquashSpace removes all white space and normalises to NFC, so text from
// a PDF compares with text from HTML whatever the line breaks.
func SquashSpace(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), "")
}

type (
	pdfDict   map[string]any
	pdfArray  []any
	pdfName   string
	pdfString []byte
	pdfOp     string // a bare keyword: an operator in a content stream
	pdfRef    struct{ num, gen int }
)

func (d pdfDict) name(key string) string {
	n, _ := d[key].(pdfName)
	return string(n)
}

type pdfObject struct {
	value  any
	stream []byte // raw (still encoded) stream data, nil when none
}

var objHeader = regexp.MustCompile(`(\d+)\s+(\d+)\s+obj\b`)

// pdfObjects reads every "N G obj ... endobj" of the file. Stream data is
// skipped by its /Length, so bytes inside a stream are never mistaken
// for an object header.
func pdfObjects(data []byte) (map[int]pdfObject, error) {
	objs := map[int]pdfObject{}
	pos := 0
	for {
		loc := objHeader.FindSubmatchIndex(data[pos:])
		if loc == nil {
			break
		}
		num, _ := strconv.Atoi(string(data[pos+loc[2] : pos+loc[3]]))
		lx := &pdfLexer{buf: data, pos: pos + loc[1]}
		v, err := lx.object()
		if err != nil {
			return nil, fmt.Errorf("pdf object %d: %w", num, err)
		}
		obj := pdfObject{value: v}
		lx.skipSpace()
		if bytes.HasPrefix(data[lx.pos:], []byte("stream")) {
			start := lx.pos + len("stream")
			if start < len(data) && data[start] == '\r' {
				start++
			}
			if start < len(data) && data[start] == '\n' {
				start++
			}
			end := -1
			if d, ok := v.(pdfDict); ok {
				if n, ok := d["Length"].(int); ok && start+n <= len(data) {
					end = start + n
				}
			}
			if end < 0 {
				i := bytes.Index(data[start:], []byte("endstream"))
				if i < 0 {
					return nil, fmt.Errorf("pdf object %d: stream without endstream", num)
				}
				end = start + i
			}
			obj.stream = data[start:end]
			lx.pos = end
		}
		objs[num] = obj
		pos = lx.pos
	}
	if len(objs) == 0 {
		return nil, errors.New("pdf: no objects found; is this a PDF?")
	}
	return objs, nil
}

type pdfReader struct {
	objs map[int]pdfObject
}

func (r *pdfReader) resolve(v any) any {
	for i := 0; i < 32; i++ {
		ref, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = r.objs[ref.num].value
	}
	return nil
}

// streamOf returns the decoded data of a stream object given by ref.
func (r *pdfReader) streamOf(v any) ([]byte, error) {
	ref, ok := v.(pdfRef)
	if !ok {
		return nil, errors.New("stream is not an indirect object")
	}
	o := r.objs[ref.num]
	d, _ := o.value.(pdfDict)
	var filters []string
	switch f := r.resolve(d["Filter"]).(type) {
	case pdfName:
		filters = []string{string(f)}
	case pdfArray:
		for _, e := range f {
			if n, ok := e.(pdfName); ok {
				filters = append(filters, string(n))
			}
		}
	}
	data := o.stream
	for _, f := range filters {
		if f != "FlateDecode" {
			return nil, fmt.Errorf("unsupported stream filter %s", f)
		}
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("inflating stream %d: %w", ref.num, err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("inflating stream %d: %w", ref.num, err)
		}
		data = out
	}
	return data, nil
}

type pdfPage struct {
	dict      pdfDict
	resources pdfDict
}

// pages walks the page tree in order, passing inherited resources down.
func (r *pdfReader) pages(node any, inherited pdfDict, depth int) ([]pdfPage, error) {
	if depth > 64 {
		return nil, errors.New("pdf: page tree too deep")
	}
	d, ok := r.resolve(node).(pdfDict)
	if !ok {
		return nil, errors.New("pdf: bad page tree node")
	}
	res := inherited
	if rd, ok := r.resolve(d["Resources"]).(pdfDict); ok {
		res = rd
	}
	if d.name("Type") == "Page" {
		return []pdfPage{{dict: d, resources: res}}, nil
	}
	kids, _ := r.resolve(d["Kids"]).(pdfArray)
	var out []pdfPage
	for _, k := range kids {
		ps, err := r.pages(k, res, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// pdfFont maps character codes of a font to Unicode text.
type pdfFont struct {
	codeLen int
	toUni   map[uint32]string
}

func (r *pdfReader) font(v any) (*pdfFont, error) {
	d, ok := r.resolve(v).(pdfDict)
	if !ok {
		return nil, errors.New("bad font")
	}
	f := &pdfFont{codeLen: 1, toUni: map[uint32]string{}}
	if d.name("Subtype") == "Type0" {
		f.codeLen = 2
	}
	tu, ok := d["ToUnicode"]
	if !ok {
		return f, nil
	}
	cmap, err := r.streamOf(tu)
	if err != nil {
		return nil, fmt.Errorf("ToUnicode: %w", err)
	}
	parseToUnicode(cmap, f)
	return f, nil
}

// parseToUnicode reads the bfchar and bfrange sections of a CMap.
func parseToUnicode(cmap []byte, f *pdfFont) {
	lx := &pdfLexer{buf: cmap}
	var stack []any
	for {
		tok, err := lx.object()
		if err != nil || tok == nil {
			return
		}
		op, isOp := tok.(pdfOp)
		if !isOp {
			stack = append(stack, tok)
			continue
		}
		switch op {
		case "endcodespacerange":
			if len(stack) >= 1 {
				if s, ok := stack[0].(pdfString); ok && len(s) > 0 {
					f.codeLen = len(s)
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack); i += 2 {
				src, ok1 := stack[i].(pdfString)
				dst, ok2 := stack[i+1].(pdfString)
				if ok1 && ok2 {
					f.toUni[codeOf(src)] = utf16BE(dst)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack); i += 3 {
				lo, ok1 := stack[i].(pdfString)
				hi, ok2 := stack[i+1].(pdfString)
				if !ok1 || !ok2 {
					continue
				}
				switch dst := stack[i+2].(type) {
				case pdfString:
					base := []rune(utf16BE(dst))
					for c, k := codeOf(lo), 0; c <= codeOf(hi) && len(base) > 0; c, k = c+1, k+1 {
						rs := append([]rune(nil), base...)
						rs[len(rs)-1] += rune(k)
						f.toUni[c] = string(rs)
					}
				case pdfArray:
					for c, k := codeOf(lo), 0; c <= codeOf(hi) && k < len(dst); c, k = c+1, k+1 {
						if s, ok := dst[k].(pdfString); ok {
							f.toUni[c] = utf16BE(s)
						}
					}
				}
			}
		}
		stack = stack[:0]
	}
}

// num returns a numeric operand as a float64.
func num(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

func codeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c
}

func utf16BE(b []byte) string {
	var units []uint16
	for i := 0; i+1 < len(b); i += 2 {
		units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
	}
	var rs []rune
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if u >= 0xD800 && u < 0xDC00 && i+1 < len(units) {
			lo := rune(units[i+1])
			rs = append(rs, 0x10000+(u-0xD800)<<10+(lo-0xDC00))
			i++
			continue
		}
		rs = append(rs, u)
	}
	return string(rs)
}

func (f *pdfFont) decode(s pdfString) string {
	var b strings.Builder
	for i := 0; i+f.codeLen <= len(s); i += f.codeLen {
		if t, ok := f.toUni[codeOf(s[i:i+f.codeLen])]; ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

// pageText runs the text operators of a page's content streams.
func (r *pdfReader) pageText(pg pdfPage) (string, error) {
	var content []byte
	switch c := pg.dict["Contents"].(type) {
	case pdfRef:
		if arr, ok := r.resolve(c).(pdfArray); ok {
			for _, e := range arr {
				b, err := r.streamOf(e)
				if err != nil {
					return "", err
				}
				content = append(append(content, b...), '\n')
			}
			break
		}
		b, err := r.streamOf(c)
		if err != nil {
			return "", err
		}
		content = b
	case pdfArray:
		for _, e := range c {
			b, err := r.streamOf(e)
			if err != nil {
				return "", err
			}
			content = append(append(content, b...), '\n')
		}
	case nil:
		return "", nil
	}
	fonts := map[string]*pdfFont{}
	if fd, ok := r.resolve(pg.resources["Font"]).(pdfDict); ok {
		for name, v := range fd {
			f, err := r.font(v)
			if err != nil {
				return "", fmt.Errorf("font %s: %w", name, err)
			}
			fonts[name] = f
		}
	}
	var out strings.Builder
	var cur *pdfFont
	var operands []any
	var lastY float64 // baseline of the last text matrix, to break lines
	haveY := false
	show := func(v any) {
		if s, ok := v.(pdfString); ok && cur != nil {
			out.WriteString(cur.decode(s))
		}
	}
	lx := &pdfLexer{buf: content}
	for {
		tok, err := lx.object()
		if err != nil {
			return "", err
		}
		if tok == nil {
			break
		}
		op, isOp := tok.(pdfOp)
		if !isOp {
			operands = append(operands, tok)
			continue
		}
		switch op {
		case "Tf":
			if len(operands) >= 2 {
				if n, ok := operands[0].(pdfName); ok {
					cur = fonts[string(n)]
				}
			}
		case "Tj", "'", `"`:
			if len(operands) > 0 {
				if op != "Tj" {
					out.WriteByte('\n')
				}
				show(operands[len(operands)-1])
			}
		case "TJ":
			if len(operands) > 0 {
				if arr, ok := operands[len(operands)-1].(pdfArray); ok {
					for _, e := range arr {
						switch x := e.(type) {
						case pdfString:
							show(x)
						case float64:
							if x < -250 {
								out.WriteByte(' ')
							}
						case int:
							if x < -250 {
								out.WriteByte(' ')
							}
						}
					}
				}
			}
		case "Td", "TD":
			// Chromium places every glyph with its own Td; only a move
			// down or up starts a new line.
			if len(operands) == 2 && num(operands[1]) != 0 {
				out.WriteByte('\n')
			}
		case "T*":
			out.WriteByte('\n')
		case "Tm":
			if len(operands) == 6 {
				if y := num(operands[5]); !haveY || y != lastY {
					if haveY {
						out.WriteByte('\n')
					}
					lastY, haveY = y, true
				}
			}
		}
		operands = operands[:0]
	}
	return out.String(), nil
}

// pdfLexer reads PDF objects and content stream tokens.
type pdfLexer struct {
	buf []byte
	pos int
}

func isPDFSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isPDFDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func (lx *pdfLexer) skipSpace() {
	for lx.pos < len(lx.buf) {
		c := lx.buf[lx.pos]
		if isPDFSpace(c) {
			lx.pos++
			continue
		}
		if c == '%' {
			for lx.pos < len(lx.buf) && lx.buf[lx.pos] != '\n' && lx.buf[lx.pos] != '\r' {
				lx.pos++
			}
			continue
		}
		return
	}
}

// errEnd is returned by token at the end of the input.
var errEnd = errors.New("end of input")

// dictEnd and arrayEnd are the closing tokens of containers.
type closer byte

// object reads one object; nil, nil at the end of the input.
func (lx *pdfLexer) object() (any, error) {
	v, err := lx.value()
	if errors.Is(err, errEnd) {
		return nil, nil
	}
	return v, err
}

func (lx *pdfLexer) value() (any, error) {
	tok, err := lx.token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case closer:
		return nil, fmt.Errorf("unexpected %q at offset %d", byte(t), lx.pos)
	case int:
		// "N G R" is a reference; look ahead without consuming otherwise.
		save := lx.pos
		if g, err := lx.token(); err == nil {
			if gen, ok := g.(int); ok {
				if r, err := lx.token(); err == nil && r == pdfOp("R") {
					return pdfRef{num: t, gen: gen}, nil
				}
			}
		}
		lx.pos = save
		return t, nil
	case pdfOp:
		switch t {
		case "<<":
			d := pdfDict{}
			for {
				lx.skipSpace()
				if strings.HasPrefix(string(lx.buf[lx.pos:min(lx.pos+2, len(lx.buf))]), ">>") {
					lx.pos += 2
					return d, nil
				}
				k, err := lx.value()
				if err != nil {
					return nil, err
				}
				name, ok := k.(pdfName)
				if !ok {
					return nil, fmt.Errorf("dictionary key is not a name at offset %d", lx.pos)
				}
				v, err := lx.value()
				if err != nil {
					return nil, err
				}
				d[string(name)] = v
			}
		case "[":
			var a pdfArray
			for {
				lx.skipSpace()
				if lx.pos < len(lx.buf) && lx.buf[lx.pos] == ']' {
					lx.pos++
					return a, nil
				}
				v, err := lx.value()
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null":
			return nil, nil
		}
	}
	return tok, nil
}

// token reads one lexical token: a number (int or float64), a name, a
// string, "<<", "[", a closer, or a bare keyword (pdfOp).
func (lx *pdfLexer) token() (any, error) {
	lx.skipSpace()
	if lx.pos >= len(lx.buf) {
		return nil, errEnd
	}
	b := lx.buf
	c := b[lx.pos]
	switch {
	case c == '<' && lx.pos+1 < len(b) && b[lx.pos+1] == '<':
		lx.pos += 2
		return pdfOp("<<"), nil
	case c == '>' && lx.pos+1 < len(b) && b[lx.pos+1] == '>':
		lx.pos += 2
		return closer('>'), nil
	case c == '[':
		lx.pos++
		return pdfOp("["), nil
	case c == ']':
		lx.pos++
		return closer(']'), nil
	case c == '{' || c == '}':
		lx.pos++
		return pdfOp(string(c)), nil
	case c == '<':
		end := bytes.IndexByte(b[lx.pos:], '>')
		if end < 0 {
			return nil, errors.New("unterminated hex string")
		}
		var hex []byte
		for _, h := range b[lx.pos+1 : lx.pos+end] {
			if !isPDFSpace(h) {
				hex = append(hex, h)
			}
		}
		lx.pos += end + 1
		if len(hex)%2 == 1 {
			hex = append(hex, '0')
		}
		out := make([]byte, len(hex)/2)
		for i := range out {
			v, err := strconv.ParseUint(string(hex[2*i:2*i+2]), 16, 8)
			if err != nil {
				return nil, fmt.Errorf("bad hex string: %w", err)
			}
			out[i] = byte(v)
		}
		return pdfString(out), nil
	case c == '(':
		return lx.literal()
	case c == '/':
		lx.pos++
		start := lx.pos
		for lx.pos < len(b) && !isPDFSpace(b[lx.pos]) && !isPDFDelim(b[lx.pos]) {
			lx.pos++
		}
		name := string(b[start:lx.pos])
		if strings.Contains(name, "#") {
			var sb strings.Builder
			for i := 0; i < len(name); i++ {
				if name[i] == '#' && i+2 < len(name) {
					if v, err := strconv.ParseUint(name[i+1:i+3], 16, 8); err == nil {
						sb.WriteByte(byte(v))
						i += 2
						continue
					}
				}
				sb.WriteByte(name[i])
			}
			name = sb.String()
		}
		return pdfName(name), nil
	}
	start := lx.pos
	for lx.pos < len(b) && !isPDFSpace(b[lx.pos]) && !isPDFDelim(b[lx.pos]) {
		lx.pos++
	}
	if lx.pos == start {
		lx.pos++
		return nil, fmt.Errorf("unexpected byte %q at offset %d", c, start)
	}
	word := string(b[start:lx.pos])
	if i, err := strconv.Atoi(word); err == nil {
		return i, nil
	}
	if f, err := strconv.ParseFloat(word, 64); err == nil {
		return f, nil
	}
	return pdfOp(word), nil
}

// literal reads a (string) with nested parentheses and escapes.
func (lx *pdfLexer) literal() (any, error) {
	b := lx.buf
	lx.pos++ // (
	var out []byte
	depth := 1
	for lx.pos < len(b) {
		c := b[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return pdfString(out), nil
			}
		case '\\':
			if lx.pos >= len(b) {
				break
			}
			e := b[lx.pos]
			lx.pos++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if lx.pos < len(b) && b[lx.pos] == '\n' {
					lx.pos++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && lx.pos < len(b) && b[lx.pos] >= '0' && b[lx.pos] <= '7'; k++ {
						v = v*8 + int(b[lx.pos]-'0')
						lx.pos++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
			continue
		}
		out = append(out, c)
	}
	return nil, errors.New("unterminated string")
}
