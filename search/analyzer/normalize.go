package analyzer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode Normalization Form C. Decomposed (NFD) text comes
// from macOS and some editors; composing it makes it byte-equal to the same
// text typed elsewhere. Invalid UTF-8 is replaced by U+FFFD, so the result is
// always valid UTF-8.
func NFC(s string) string {
	return norm.NFC.String(validUTF8(s))
}

// validUTF8 returns s with invalid UTF-8 replaced by U+FFFD.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// Normalize returns the exact form of a term: NFC, lower case and new-style
// tone placement. Two spellings of a word have the same exact form when they
// differ only in Unicode form, case or tone placement ("Hoà", "hòa"), but not
// when they differ in diacritics ("hoa"); use [Fold] for that.
//
// The [Exact] analyzer applies the same steps to each token.
func Normalize(s string) string {
	s = strings.ToLower(NFC(s))
	// Lower-casing can, for a few non-Vietnamese letters, leave a string
	// that is no longer NFC; compose again so Normalize is idempotent.
	return NormalizeTone(norm.NFC.String(s))
}

// Fold removes all diacritics from s, for accent-insensitive matching:
// "Đường đất" becomes "Duong dat". It decomposes s (NFD), drops the
// non-spacing combining marks and composes the rest again (NFC). Letters
// that Unicode does not decompose are mapped by hand: đ and Đ, and ð and Ð
// (U+00F0, U+00D0), which look the same and turn up in text mis-decoded
// from legacy Vietnamese code pages.
//
// Case is preserved. The result may be shorter in bytes than s; that is
// harmless because Fold runs on terms after tokenizing, never on the text
// that token offsets point into. The result is valid UTF-8 even if s is not.
func Fold(s string) string {
	if isASCII(s) {
		return s // nothing to fold, and valid UTF-8
	}
	if b, ok := appendFold(make([]byte, 0, len(s)), []byte(s)); ok {
		return string(b)
	}
	return foldSlow(s)
}

// foldSlow is Fold as defined: decompose, drop marks, map the letters that
// do not decompose, compose.
func foldSlow(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(validUTF8(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'ð':
			r = 'd'
		case r == 'Đ' || r == 'Ð':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// appendFold appends Fold(src) to dst and returns it with true if src holds
// only ASCII, Latin letters and combining diacritical marks (U+0300-U+036F),
// as Vietnamese text does; otherwise it returns false and Fold takes the
// slow path. It exists because the normalization calls of the slow path
// allocate several times per term and dominated indexing time. For such
// input folding rune by rune is exact: every mark in that block decomposes
// to marks only, and Latin letters without marks never compose with their
// neighbours, so the final NFC of the slow path has nothing to do.
func appendFold(dst, src []byte) ([]byte, bool) {
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, w := utf8.DecodeRune(src[i:])
		i += w
		switch {
		case r >= 0x300 && r < 0x370:
			continue // combining diacritical mark
		case r >= 0xC0 && r < 0x250:
			r = foldLatin[r-0xC0]
		case r >= 0x1E00 && r < 0x1F00:
			r = foldLatinExt[r-0x1E00]
		default:
			return dst, false // includes invalid UTF-8 (utf8.RuneError)
		}
		if r == 0 {
			return dst, false
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst, true
}

// foldLatin and foldLatinExt give the folded form of the Latin letters in
// U+00C0-U+024F and U+1E00-U+1EFF (Latin Extended Additional, where most
// Vietnamese vowels with two marks are), or 0 where that form is not one
// rune. They are filled from foldSlow, so the two paths cannot disagree.
var foldLatin, foldLatinExt = func() (a [0x250 - 0xC0]rune, b [0x100]rune) {
	fill := func(t []rune, base rune) {
		for i := range t {
			if f := []rune(foldSlow(string(base + rune(i)))); len(f) == 1 {
				t[i] = f[0]
			}
		}
	}
	fill(a[:], 0xC0)
	fill(b[:], 0x1E00)
	return a, b
}()

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Identifier normalises a document number or procedure code for exact
// lookup: "45/2013/QH13" becomes "45/2013/qh13", "11-KH/BDVTU-STNMT"
// "11-kh/bdvtu-stnmt" and "1.001612.000.00.00.H48" "1.001612.000.00.00.h48".
//
// It folds diacritics ("QĐ-UBND" becomes "qd-ubnd", since people type the
// code with or without them), lower-cases, and keeps letters, digits and the
// separators '/', '-' and '.'. Any other dash (such as the en dash that word
// processors substitute) becomes '-'. Other characters count as spaces;
// spaces are trimmed, collapsed to one, and dropped next to '/' and '-', so
// "45 / 2013 / QH13" matches too. Finding the identifier inside a longer
// text ("Số 45/2013/QH13") is the caller's job.
func Identifier(s string) string {
	s = strings.ToLower(Fold(s))
	b := make([]byte, 0, len(s))
	space := false // a space is pending before the next kept character
	for _, r := range s {
		switch {
		case r == '/' || r == '.' || r == '-':
		case unicode.Is(unicode.Pd, r):
			r = '-'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		default:
			space = true
			continue
		}
		if space && len(b) > 0 && r != '/' && r != '-' {
			if p := b[len(b)-1]; p != '/' && p != '-' {
				b = append(b, ' ')
			}
		}
		space = false
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// AppendKey appends s lower-cased and folded, as the [Folded] analyzer
// gives a word, to dst and returns it. It allocates nothing for
// Vietnamese text, so that code matching many words (building a snippet,
// say) can compare them with a reused buffer.
func AppendKey(dst []byte, s string) []byte {
	start := len(dst)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			var ok bool
			dst, ok = appendFold(dst[:start], []byte(s))
			if !ok {
				return append(dst[:start], strings.ToLower(Fold(strings.ToLower(s)))...)
			}
			for j := start; j < len(dst); j++ {
				if 'A' <= dst[j] && dst[j] <= 'Z' {
					dst[j] += 'a' - 'A'
				}
			}
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// AppendNormalize appends [Normalize](s) to dst and returns it, without
// allocating when s is already NFC, as text stored by the site is.
func AppendNormalize(dst []byte, s string) []byte {
	if !norm.NFC.IsNormalString(s) || !utf8.ValidString(s) {
		return append(dst, Normalize(s)...)
	}
	start := len(dst)
	for _, r := range s {
		if l := unicode.ToLower(r); l != r {
			r = l
		}
		dst = utf8.AppendRune(dst, r)
	}
	if mayRetone(dst[start:]) || !norm.NFC.IsNormal(dst[start:]) {
		n := Normalize(string(dst[start:]))
		return append(dst[:start], n...)
	}
	return dst
}
