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
