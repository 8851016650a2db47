package participation

import (
	"strings"
	"testing"
)

func TestCodesReadBack(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c, err := NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if seen[c] {
			t.Fatalf("code %s drawn twice", c)
		}
		seen[c] = true
		if len(c) != 13 || c[5] != '-' || c[11] != '-' {
			t.Fatalf("code %q is not XXXXX-XXXXX-C", c)
		}
		if got := NormalizeCode(c); got != c {
			t.Fatalf("NormalizeCode(%q) = %q", c, got)
		}
		typed := strings.ToLower(strings.ReplaceAll(c, "-", " "))
		if got := NormalizeCode(typed); got != c {
			t.Fatalf("NormalizeCode(%q) = %q, want %q", typed, got, c)
		}
	}
}

// TestCodeCheckSymbol: a mistyped symbol or two swapped neighbours are
// caught by the check symbol, as a citizen reading a code off paper
// makes those mistakes most.
func TestCodeCheckSymbol(t *testing.T) {
	c, err := NewCode()
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.ReplaceAll(c, "-", "")
	for i := range codeLen {
		for _, sub := range codeAlphabet {
			if byte(sub) == plain[i] {
				continue
			}
			typo := plain[:i] + string(sub) + plain[i+1:]
			if NormalizeCode(typo) != "" {
				t.Errorf("typo %q of %q accepted", typo, plain)
			}
		}
		if i+1 < codeLen && plain[i] != plain[i+1] {
			swapped := plain[:i] + string(plain[i+1]) + string(plain[i]) + plain[i+2:]
			if NormalizeCode(swapped) != "" {
				t.Errorf("swap %q of %q accepted", swapped, plain)
			}
		}
	}
	for _, bad := range []string{"", "ABC", plain[:codeLen], plain + "X", "UUUUU-UUUUU-0", "<script>"} {
		if NormalizeCode(bad) != "" {
			t.Errorf("NormalizeCode(%q) accepted", bad)
		}
	}
	// Read-aloud confusions map to the code's own symbols.
	if got := NormalizeCode(strings.NewReplacer("0", "O", "1", "I").Replace(c)); got != c {
		t.Errorf("O for 0 and I for 1: %q, want %q", got, c)
	}
}
