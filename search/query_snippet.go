package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/minhbach/minhbach/search/analyzer"
)

// snippetRunes is about how long a snippet is, in characters.
const snippetRunes = 160

// snippetLead is how much text a snippet shows before its first match.
const snippetLead = 40

// markWord is a word a snippet marks: any word with the folded form, or
// only words with the exact form when the query gave one (diacritics typed
// are evidence: "sổ" should not mark "sở").
type markWord struct {
	folded, exact string
}

// hit is a word of a text that may belong to a mark.
type hit struct {
	word         int // index of the word in the text
	start, end   int // bytes
	rstart, rend int // runes
	key          int // index of its folded form in plan.markKeys
	mark         int // index of the plan's mark it belongs to, or -1
}

// snippet returns the best part of text for the plan, about snippetRunes
// long, as HTML: the words of the query (and whole dictionary phrases)
// wrapped in <mark>, everything else escaped. It is built from the stored
// text of a returned hit rather than by Bleve's highlighter, which would
// gather term positions for every match of the query, not just the page
// of hits shown. When the text has no match the description is tried,
// and failing that the start of the description (or text) is shown.
func (p *plan) snippet(text, desc string) string {
	for _, src := range []string{text, desc} {
		if s, ok := p.snippetOf(src); ok {
			return s
		}
	}
	src := desc
	if src == "" {
		src = text
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	return render(src, 0, windowEnd(src, 0), nil)
}

// snippetOf returns the snippet of src and true, or false if no word of
// src matches.
func (p *plan) snippetOf(src string) (string, bool) {
	if src == "" || len(p.marks) == 0 {
		return "", false
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	hits := p.scan(src)
	if !p.markHits(src, hits) {
		return "", false
	}
	var marked []hit
	for _, h := range hits {
		if h.mark >= 0 {
			marked = append(marked, h)
		}
	}
	// The window with the most distinct marks wins; the earliest of equals.
	best, bestScore := 0, -1
	for i := range marked {
		if i > 0 && marked[i-1].mark == marked[i].mark && marked[i-1].word+1 == marked[i].word {
			continue // inside a phrase
		}
		var seen uint64 // marks in the window; a plan has at most 64
		score := 0
		for j := i; j < len(marked) && marked[j].rend-marked[i].rstart <= snippetRunes-snippetLead; j++ {
			if m := marked[j].mark; seen&(1<<(m%64)) == 0 {
				seen |= 1 << (m % 64)
				score += len(p.marks[m]) // longer phrases say more
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	start := windowStart(src, marked[best].start)
	return render(src, start, windowEnd(src, start), marked), true
}

// scan finds the words of src that may belong to a mark: those whose
// folded form is a word of some mark. Only they are folded in full; a
// check of the first letter skips most words, which keeps snippets cheap
// on long texts.
func (p *plan) scan(src string) []hit {
	if p.markKeys == nil {
		p.markKeys = make(map[string]int)
		p.markSeqs = make([][]int, len(p.marks))
		for i, m := range p.marks {
			for _, w := range m {
				if _, ok := p.markKeys[w.folded]; !ok {
					p.markKeys[w.folded] = len(p.markKeys)
				}
				p.markSeqs[i] = append(p.markSeqs[i], p.markKeys[w.folded])
				if w.folded != "" {
					p.markFirst[w.folded[0]] = true
				}
			}
		}
	}
	hits := make([]hit, 0, 64)
	var buf []byte
	word, r := 0, 0
	for i := 0; i < len(src); {
		c, w := rune(src[i]), 1
		if c >= utf8.RuneSelf {
			c, w = utf8.DecodeRuneInString(src[i:])
		}
		if !isWordChar(c) {
			i += w
			r++
			continue
		}
		start, rstart := i, r
		for i < len(src) {
			c, w := rune(src[i]), 1
			if c >= utf8.RuneSelf {
				c, w = utf8.DecodeRuneInString(src[i:])
			}
			if !isWordChar(c) {
				break
			}
			i += w
			r++
		}
		first := src[start]
		if first >= utf8.RuneSelf {
			_, fw := utf8.DecodeRuneInString(src[start:])
			buf = analyzer.AppendKey(buf[:0], src[start:start+fw])
			first = 0
			if len(buf) > 0 {
				first = buf[0]
			}
		} else if 'A' <= first && first <= 'Z' {
			first += 'a' - 'A'
		}
		if p.markFirst[first] {
			buf = analyzer.AppendKey(buf[:0], src[start:i])
			if k, ok := p.markKeys[string(buf)]; ok {
				hits = append(hits, hit{word: word, start: start, end: i, rstart: rstart, rend: r, key: k, mark: -1})
			}
		}
		word++
	}
	return hits
}

// markHits sets the mark of every hit that starts or continues one of the
// plan's marks, longest mark first; it reports whether any did.
func (p *plan) markHits(src string, hits []hit) bool {
	marked := false
	// The exact form of a hit, normalized once however many marks ask;
	// not at all when the text has the very form asked for, as stored
	// text mostly does (if that form is normalized itself).
	exact := make([]string, len(hits))
	normal := make(map[string]bool)
	exactIs := func(i int, want string) bool {
		if src[hits[i].start:hits[i].end] == want {
			is, ok := normal[want]
			if !ok {
				is = analyzer.Normalize(want) == want
				normal[want] = is
			}
			if is {
				return true
			}
		}
		if exact[i] == "" {
			exact[i] = string(analyzer.AppendNormalize(nil, src[hits[i].start:hits[i].end]))
		}
		return exact[i] == want
	}
	for i := 0; i < len(hits); {
		found := -1
		for m, seq := range p.marks {
			if len(seq) == 0 || len(seq) > len(hits)-i || (found >= 0 && len(seq) <= len(p.marks[found])) || hits[i].key != p.markSeqs[m][0] {
				continue
			}
			ok := true
			for k, w := range seq {
				h := hits[i+k]
				if h.word != hits[i].word+k || h.key != p.markSeqs[m][k] || (w.exact != "" && !exactIs(i+k, w.exact)) {
					ok = false
					break
				}
			}
			if ok {
				found = m
			}
		}
		if found < 0 {
			i++
			continue
		}
		marked = true
		for k := range p.marks[found] {
			hits[i+k].mark = found
		}
		i += len(p.marks[found])
	}
	return marked
}

func isWordChar(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// windowStart returns where a snippet showing the word at pos starts: the
// start of a word up to snippetLead characters before it, or of the text.
func windowStart(src string, pos int) int {
	i := pos
	for n := 0; n < snippetLead && i > 0; n++ {
		_, w := utf8.DecodeLastRuneInString(src[:i])
		i -= w
	}
	if i == 0 {
		return 0
	}
	// Skip the word cut in half, then what separates it from the next.
	for i < pos {
		c, w := utf8.DecodeRuneInString(src[i:])
		if !isWordChar(c) {
			break
		}
		i += w
	}
	for i < pos {
		c, w := utf8.DecodeRuneInString(src[i:])
		if isWordChar(c) {
			break
		}
		i += w
	}
	return i
}

// windowEnd returns where a snippet starting at start ends: after about
// snippetRunes characters, at the end of a word (and its closing
// punctuation), or at the end of the text.
func windowEnd(src string, start int) int {
	i := start
	for n := 0; n < snippetRunes && i < len(src); n++ {
		_, w := utf8.DecodeRuneInString(src[i:])
		i += w
	}
	for i < len(src) {
		c, w := utf8.DecodeRuneInString(src[i:])
		if !isWordChar(c) {
			if strings.ContainsRune(".,;:!?)”\"", c) {
				i += w
			}
			break
		}
		i += w
	}
	return i
}

// render writes src[start:end] as HTML, marks (sorted hits with mark >= 0)
// wrapped in <mark>, with an ellipsis where text was cut off. Marked words
// joined only by spaces or the separators of a number ("45/2013/QH13") share
// one <mark>.
func render(src string, start, end int, marks []hit) string {
	var b strings.Builder
	b.Grow(end - start + 64)
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for i := 0; i < len(marks); i++ {
		h := marks[i]
		if h.start < start || h.end > end {
			continue
		}
		j := i
		for j+1 < len(marks) && marks[j+1].end <= end && isJoiner(src[marks[j].end:marks[j+1].start]) {
			j++
		}
		b.WriteString(html.EscapeString(src[pos:h.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(src[h.start:marks[j].end]))
		b.WriteString("</mark>")
		pos = marks[j].end
		i = j
	}
	b.WriteString(html.EscapeString(strings.TrimRightFunc(src[pos:end], unicode.IsSpace)))
	if end < len(src) {
		b.WriteString(" …")
	}
	return strings.TrimLeftFunc(b.String(), unicode.IsSpace)
}

func isJoiner(s string) bool {
	return s != "" && strings.Trim(s, " /-.") == ""
}
