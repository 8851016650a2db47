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
//
// The window with the most distinct marks wins, the earliest of equals.
// The text is read only as far as that needs: once a window holds every
// mark of the plan no later window can beat it, and the rest of a long
// text is never scanned.
func (p *plan) snippetOf(src string) (string, bool) {
	if src == "" || len(p.marks) == 0 {
		return "", false
	}
	if !utf8.ValidString(src) { // checked faster than replaced
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	p.numberMarks()
	s := &snippetScan{p: p, src: src, normal: map[string]bool{}}
	all := 0 // the score of a window with every mark
	for _, m := range p.marks {
		all += len(m)
		s.longest = max(s.longest, len(m))
	}
	best, bestScore := -1, -1
	for i := 0; s.markedAt(i); i++ {
		first := s.marked[i]
		if i > 0 && s.marked[i-1].mark == first.mark && s.marked[i-1].word+1 == first.word {
			continue // inside a phrase
		}
		s.markThrough(func(h hit) bool { return h.rend-first.rstart > snippetRunes-snippetLead })
		var seen uint64 // marks in the window; a plan has at most 64
		score := 0
		for _, h := range s.marked[i:] {
			if h.rend-first.rstart > snippetRunes-snippetLead {
				break
			}
			if m := h.mark; seen&(1<<(m%64)) == 0 {
				seen |= 1 << (m % 64)
				score += len(p.marks[m]) // longer phrases say more
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
		if bestScore >= all {
			break
		}
	}
	if best < 0 {
		return "", false
	}
	start := windowStart(src, s.marked[best].start)
	end := windowEnd(src, start)
	s.markThrough(func(h hit) bool { return h.start > end })
	return render(src, start, end, s.marked), true
}

// numberMarks numbers the folded words of the plan's marks, once.
func (p *plan) numberMarks() {
	if p.markKeys != nil {
		return
	}
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

// snippetScan reads a text for its marks lazily, as far as asked: words
// (scanOne), then marks (markOne), left to right.
type snippetScan struct {
	p   *plan
	src string
	// The scanner: the byte, word and rune it has reached.
	pos, word, runes int
	hits             []hit // the words scanned that may belong to a mark
	exact            []string
	normal           map[string]bool
	buf              []byte
	// The marker: hits before next are marked or not; marked are the
	// hits marked, in order.
	next    int
	marked  []hit
	longest int // the most words of a mark
}

// scanOne scans up to the next word that may belong to a mark: those
// whose folded form is a word of some mark. Only they are folded in full;
// a check of the first letter skips most words, which keeps snippets
// cheap on long texts. It returns false at the end of the text.
func (s *snippetScan) scanOne() bool {
	src := s.src
	for s.pos < len(src) {
		c, w := rune(src[s.pos]), 1
		if c >= utf8.RuneSelf {
			c, w = utf8.DecodeRuneInString(src[s.pos:])
		}
		if !isWordChar(c) {
			s.pos += w
			s.runes++
			continue
		}
		start, rstart := s.pos, s.runes
		for s.pos < len(src) {
			c, w := rune(src[s.pos]), 1
			if c >= utf8.RuneSelf {
				c, w = utf8.DecodeRuneInString(src[s.pos:])
			}
			if !isWordChar(c) {
				break
			}
			s.pos += w
			s.runes++
		}
		word := s.word
		s.word++
		first := src[start]
		if first >= utf8.RuneSelf {
			_, fw := utf8.DecodeRuneInString(src[start:])
			s.buf = analyzer.AppendKey(s.buf[:0], src[start:start+fw])
			first = 0
			if len(s.buf) > 0 {
				first = s.buf[0]
			}
		} else if 'A' <= first && first <= 'Z' {
			first += 'a' - 'A'
		}
		if !s.p.markFirst[first] {
			continue
		}
		s.buf = analyzer.AppendKey(s.buf[:0], src[start:s.pos])
		if k, ok := s.p.markKeys[string(s.buf)]; ok {
			s.hits = append(s.hits, hit{word: word, start: start, end: s.pos, rstart: rstart, rend: s.runes, key: k, mark: -1})
			s.exact = append(s.exact, "")
			return true
		}
	}
	return false
}

// markOne decides whether the hit at next starts one of the plan's marks,
// the longest that does, and marks its hits; it returns false when every
// hit of the text is decided.
func (s *snippetScan) markOne() bool {
	for len(s.hits) < s.next+s.longest && s.scanOne() {
	}
	hits, i := s.hits, s.next
	if i >= len(hits) {
		return false
	}
	p := s.p
	found := -1
	for m, seq := range p.marks {
		if len(seq) == 0 || len(seq) > len(hits)-i || (found >= 0 && len(seq) <= len(p.marks[found])) || hits[i].key != p.markSeqs[m][0] {
			continue
		}
		ok := true
		for k, w := range seq {
			h := hits[i+k]
			if h.word != hits[i].word+k || h.key != p.markSeqs[m][k] || (w.exact != "" && !s.exactIs(i+k, w.exact)) {
				ok = false
				break
			}
		}
		if ok {
			found = m
		}
	}
	if found < 0 {
		s.next++
		return true
	}
	for k := range p.marks[found] {
		hits[i+k].mark = found
		s.marked = append(s.marked, hits[i+k])
	}
	s.next += len(p.marks[found])
	return true
}

// exactIs reports whether hit i has the exact form want: normalized once
// however many marks ask, and not at all when the text has the very form
// asked for, as stored text mostly does (if that form is normalized
// itself).
func (s *snippetScan) exactIs(i int, want string) bool {
	h := s.hits[i]
	if s.src[h.start:h.end] == want {
		is, ok := s.normal[want]
		if !ok {
			is = analyzer.Normalize(want) == want
			s.normal[want] = is
		}
		if is {
			return true
		}
	}
	if s.exact[i] == "" {
		s.exact[i] = string(analyzer.AppendNormalize(nil, s.src[h.start:h.end]))
	}
	return s.exact[i] == want
}

// markedAt reports whether the text has an i-th marked hit, marking as
// far as that needs.
func (s *snippetScan) markedAt(i int) bool {
	for len(s.marked) <= i && s.markOne() {
	}
	return len(s.marked) > i
}

// markThrough marks until the last marked hit satisfies past, or to the
// end of the text.
func (s *snippetScan) markThrough(past func(hit) bool) {
	for (len(s.marked) == 0 || !past(s.marked[len(s.marked)-1])) && s.markOne() {
	}
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
