package participation

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// codeAlphabet is Crockford's base 32: digits and letters without I, L,
// O and U, so a code read aloud over the phone or copied from paper is
// not misread (0/O, 1/I/L) and spells no rude words.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLen is the number of random symbols: 10 × 5 = 50 bits, so guessing
// any one of a million codes takes about a billion tries, far beyond
// what the rate limits let through.
const codeLen = 10

// NewCode draws a tracking code: ten random symbols and a check symbol,
// grouped by a hyphen, e.g. "7K2QD-M9XF4-P". The check symbol catches a
// mistyped or swapped symbol before any lookup.
func NewCode() (string, error) {
	var b [codeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("participation: drawing a code: %w", err)
	}
	var sb strings.Builder
	sum := 0
	for i, x := range b {
		v := int(x) % 32 // 256 is a multiple of 32: no bias
		sum = sum*32 + v
		sum %= 37
		if i == 5 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[v])
	}
	sb.WriteByte('-')
	sb.WriteByte(checkSymbol(sum))
	return sb.String(), nil
}

// checkSymbols extend the alphabet for Crockford's mod-37 check symbol.
const checkSymbols = codeAlphabet + "*~$=U"

func checkSymbol(mod int) byte { return checkSymbols[mod] }

// NormalizeCode reads a code as a citizen may type it: any case, with or
// without hyphens or spaces, O for 0 and I or L for 1. It returns the
// code in its canonical form, or "" when it is not a well-formed code
// (wrong length, a symbol outside the alphabet, a wrong check symbol).
func NormalizeCode(s string) string {
	var syms []int
	var check byte
	for _, r := range strings.ToUpper(s) {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if len(syms) == codeLen {
			if check != 0 || !strings.ContainsRune(checkSymbols, r) {
				return ""
			}
			check = byte(r)
			continue
		}
		i := strings.IndexRune(codeAlphabet, r)
		if i < 0 {
			return ""
		}
		syms = append(syms, i)
	}
	if len(syms) != codeLen || check == 0 {
		return ""
	}
	sum := 0
	var sb strings.Builder
	for i, v := range syms {
		sum = (sum*32 + v) % 37
		if i == 5 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[v])
	}
	if checkSymbol(sum) != check {
		return ""
	}
	sb.WriteByte('-')
	sb.WriteByte(check)
	return sb.String()
}
