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

// span is one word of a text: its byte and rune offsets and folded form.
type span struct {
	start, end   int    // bytes
	rstart, rend int    // runes
	key          string // folded
	exact        string // exact form, computed when first needed
	mark         int    // index of the plan's mark it belongs to, or -1
}

// exactKey returns the word's exact form, as the Exact analyzer gives it.
func (sp *span) exactKey(src string) string {
	if sp.exact == "" {
		sp.exact = analyzer.Normalize(src[sp.start:sp.end])
	}
	return sp.exact
}

// snippet returns the best part of text for the plan, about snippetRunes
// long, as HTML: the words of the query (and whole expansion phrases)
// wrapped in <mark>, everything else escaped. It is built from the stored
// text of a returned hit rather than by Bleve's highlighter, which would
// gather term positions for every match of the query, not just the page
// of hits shown. When the text has no match the description is tried,
// and failing that the start of the text is shown unmarked.
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
	words := scanWords(src)
	return render(src, words, 0, len(words))
}

// snippetOf returns the snippet of src and true, or false if no word of
// src matches.
func (p *plan) snippetOf(src string) (string, bool) {
	if src == "" || len(p.marks) == 0 {
		return "", false
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	words := scanWords(src)
	if !p.markWords(src, words) {
		return "", false
	}
	// The window with the most distinct marks wins; the earliest of equals.
	best, bestScore := 0, -1
	for i := range words {
		if words[i].mark < 0 || (i > 0 && words[i-1].mark == words[i].mark) {
			continue
		}
		lo := i
		for lo > 0 && words[i].rstart-words[lo-1].rstart <= snippetLead {
			lo--
		}
		seen := make(map[int]bool)
		score := 0
		for j := lo; j < len(words) && words[j].rend-words[lo].rstart <= snippetRunes; j++ {
			if m := words[j].mark; m >= 0 && !seen[m] {
				seen[m] = true
				score += len(p.marks[m]) // longer phrases say more
			}
		}
		if score > bestScore {
			best, bestScore = lo, score
		}
	}
	hi := best
	for hi < len(words) && words[hi].rend-words[best].rstart <= snippetRunes {
		hi++
	}
	return render(src, words, best, hi), true
}

// markWords sets the mark of every word that starts or continues one of
// the plan's marks, longest mark first; it reports whether any did.
func (p *plan) markWords(src string, words []span) bool {
	marked := false
	for i := 0; i < len(words); {
		found := -1
		for m, seq := range p.marks {
			if len(seq) > len(words)-i || (found >= 0 && len(seq) <= len(p.marks[found])) {
				continue
			}
			ok := true
			for k, w := range seq {
				sp := &words[i+k]
				if sp.key != w.folded || (w.exact != "" && sp.exactKey(src) != w.exact) {
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
			words[i+k].mark = found
		}
		i += len(p.marks[found])
	}
	return marked
}

// scanWords splits s into words as the index's tokenizer roughly does:
// runs of letters, marks and digits.
func scanWords(s string) []span {
	var out []span
	r := 0
	for i := 0; i < len(s); {
		c, w := utf8.DecodeRuneInString(s[i:])
		if !isWordChar(c) {
			i += w
			r++
			continue
		}
		sp := span{start: i, rstart: r, mark: -1}
		for i < len(s) {
			c, w := utf8.DecodeRuneInString(s[i:])
			if !isWordChar(c) {
				break
			}
			i += w
			r++
		}
		sp.end, sp.rend = i, r
		sp.key = foldKey(s[sp.start:sp.end])
		out = append(out, sp)
	}
	return out
}

func isWordChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// render writes words[lo:hi] of src as HTML with marks, with an ellipsis
// where text was cut off.
func render(src string, words []span, lo, hi int) string {
	if lo >= hi {
		return html.EscapeString(truncateRunes(src, snippetRunes))
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("… ")
	}
	pos := words[lo].start
	for i := lo; i < hi; {
		w := words[i]
		b.WriteString(html.EscapeString(src[pos:w.start]))
		if w.mark < 0 {
			b.WriteString(html.EscapeString(src[w.start:w.end]))
			pos = w.end
			i++
			continue
		}
		// One <mark> over a run of marked words joined by spaces or the
		// separators of a number ("45/2013/QH13").
		j := i
		for j+1 < hi && words[j+1].mark >= 0 && isJoiner(src[words[j].end:words[j+1].start]) {
			j++
		}
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(src[w.start:words[j].end]))
		b.WriteString("</mark>")
		pos = words[j].end
		i = j + 1
	}
	end := words[hi-1].end
	// Keep closing punctuation that belongs to the last word.
	if r, w := utf8.DecodeRuneInString(src[end:]); end < len(src) && strings.ContainsRune(".,;:!?)”\"", r) {
		end += w
	}
	b.WriteString(html.EscapeString(src[pos:end]))
	if hi < len(words) {
		b.WriteString(" …")
	}
	return b.String()
}

func isJoiner(s string) bool {
	return s != "" && strings.Trim(s, " /-.") == ""
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
