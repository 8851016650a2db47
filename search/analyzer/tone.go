package analyzer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The five Vietnamese tone marks as combining characters. The other marks
// on Vietnamese vowels (circumflex U+0302, breve U+0306, horn U+031B) change
// the vowel itself, not the tone.
const (
	toneGrave = '\u0300' // huyền
	toneAcute = '\u0301' // sắc
	toneTilde = '\u0303' // ngã
	toneHook  = '\u0309' // hỏi
	toneDot   = '\u0323' // nặng
)

func isToneMark(r rune) bool {
	switch r {
	case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
		return true
	}
	return false
}

// tonedAEY holds the composed letters a, e, y (either case) carrying a tone
// mark and nothing else: the only letters that can end an old-style "oa",
// "oe" or "uy" syllable. Checking the last letter of a word against it lets
// NormalizeTone skip almost every word without decomposing it.
var tonedAEY = func() map[rune]bool {
	m := make(map[rune]bool)
	for _, base := range "aeyAEY" {
		for _, tone := range []rune{toneGrave, toneAcute, toneTilde, toneHook, toneDot} {
			r, _ := utf8.DecodeRuneInString(norm.NFC.String(string(base) + string(tone)))
			m[r] = true
		}
	}
	return m
}()

// NormalizeTone rewrites old-style tone placement as new-style placement,
// syllable by syllable: "hoà" becomes "hòa", "khoẻ" "khỏe", "thuỷ" "thủy",
// "uỷ" "ủy", "THUỶ" "THỦY".
//
// Both styles are in use (the old one in older documents and some keyboard
// settings), and they differ even after NFC, so exact matching needs one of
// them. The two styles differ only in an open syllable (nothing after the
// vowels) whose vowels are "oa", "oe" or "uy": there the new style puts the
// mark on the first vowel. Everything else is left as it is: syllables with
// a final consonant ("hoàng", "khoảng", "thuyết"), "qu" syllables where "u"
// belongs to the consonant ("quý", "quả"), text already in the new style,
// and anything that does not look like a Vietnamese syllable.
//
// Case is preserved. Changed syllables come back in NFC; the rest of s is
// returned unchanged, except that invalid UTF-8 is replaced by U+FFFD so
// that terms built from the result are always valid UTF-8.
func NormalizeTone(s string) string {
	s = validUTF8(s)
	var b []byte // nil until a syllable changes, to avoid copying
	done := 0    // s[:done] is already in b
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += w
			continue
		}
		j := i + w
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += w
		}
		if t, ok := retone(s[i:j]); ok {
			b = append(b, s[done:i]...)
			b = append(b, t...)
			done = j
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(append(b, s[done:]...))
}

// isWordRune reports whether r belongs to a syllable. Marks count so that
// decomposed (NFD) text stays in one piece; digits do not, so "hoà2" is
// treated as the syllable "hoà" followed by a number.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

// letter is a base letter with the combining marks that follow it.
type letter struct {
	base  rune
	marks []rune
}

// retone returns the new-style spelling of the single word w and true, or
// "" and false if w is not an old-style open "oa", "oe" or "uy" syllable.
func retone(w string) (string, bool) {
	last, _ := utf8.DecodeLastRuneInString(w)
	if !tonedAEY[last] && !unicode.Is(unicode.Mn, last) {
		return "", false // the common case: no decomposition needed
	}
	var ls []letter
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			if len(ls) == 0 {
				return "", false
			}
			ls[len(ls)-1].marks = append(ls[len(ls)-1].marks, r)
			continue
		}
		ls = append(ls, letter{base: r})
	}
	n := len(ls)
	if n < 2 {
		return "", false
	}
	first, second := ls[n-2], ls[n-1]
	if len(first.marks) != 0 || len(second.marks) != 1 || !isToneMark(second.marks[0]) {
		return "", false
	}
	switch lower(first.base) {
	case 'o':
		if b := lower(second.base); b != 'a' && b != 'e' {
			return "", false
		}
	case 'u':
		if lower(second.base) != 'y' {
			return "", false
		}
		// In "qu" the "u" is part of the consonant and "y" is the whole
		// vowel, so the tone is on "y" in both styles: "quý", "quỳ".
		if n >= 3 && lower(ls[n-3].base) == 'q' {
			return "", false
		}
	default:
		return "", false
	}
	// Everything before the vowel pair must be a plain initial consonant;
	// a vowel there (the "i" of "gi" in "gioà") means this is not a plain
	// oa/oe/uy nucleus, and we would rather leave an odd word alone than guess.
	for _, l := range ls[:n-2] {
		if len(l.marks) != 0 || !isConsonant(l.base) {
			return "", false
		}
	}
	var sb strings.Builder
	for _, l := range ls[:n-2] {
		sb.WriteRune(l.base)
	}
	sb.WriteRune(first.base)
	sb.WriteRune(second.marks[0])
	sb.WriteRune(second.base)
	return norm.NFC.String(sb.String()), true
}

// lower maps an ASCII upper-case letter to lower case; it is all retone
// needs, since the letters it compares are ASCII.
func lower(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// isConsonant reports whether r can be part of a Vietnamese initial
// consonant (loan-word letters f, j, w, z included).
func isConsonant(r rune) bool {
	switch r {
	case 'đ', 'Đ':
		return true
	}
	l := lower(r)
	if l < 'a' || l > 'z' {
		return false
	}
	switch l {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return false
	}
	return true
}
