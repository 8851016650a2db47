package generator

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify turns a Vietnamese title into a URL segment: diacritics folded
// (with đ and Đ, which Unicode does not decompose, mapped to d), lower
// case, anything else but letters and digits collapsed to single hyphens.
// "Luật Đất đai" becomes "luat-dat-dai"; Hugo would give "luật-đất-đai" or,
// with ASCII IDs, "lut-t-ai".
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ' || r == 'Ð' || r == 'ð':
			r = 'd'
		}
		r = unicode.ToLower(r)
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}
