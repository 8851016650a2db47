package analyzer

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/text/unicode/norm"
)

// fuzzSeeds covers composed, decomposed and old-style Vietnamese, the
// letters that do not decompose, identifiers and invalid UTF-8.
var fuzzSeeds = []string{
	"",
	"Đường đất đai",
	norm.NFD.String("Đường đất đai"),
	"Hoà Phát THUỶ lợi, uỷ ban, khoẻ, tuỳ, quý, quỳ, hoàng",
	norm.NFD.String("Thuỵ khoẻ"),
	"\u00D0\u00F0đĐ",
	"45/2013/QH13 11-KH/BDVTU-STNMT 1.001612.000.00.00.H48",
	"TN&MT BTHT&TĐC",
	"a\u0301\u0323\u0302",
	"\u0301hoà",
	"hoà\xff\xfe",
	"Σ ΣΑΣ İ ǅ ﬃ 한국어 नि",
	benchParagraph[:200],
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Fold(%+q) = %+q, not valid UTF-8", s, out)
		}
		if i := strings.IndexFunc(out, func(r rune) bool {
			return unicode.Is(unicode.Mn, r) || strings.ContainsRune("đĐðÐ", r)
		}); i >= 0 {
			t.Fatalf("Fold(%+q) = %+q, keeps %+q", s, out, out[i:])
		}
		if again := Fold(out); again != out {
			t.Fatalf("Fold not idempotent: Fold(%+q) = %+q, Fold of that = %+q", s, out, again)
		}
		if slow := foldSlow(s); out != slow {
			t.Fatalf("Fold(%+q) = %+q, but the slow path gives %+q", s, out, slow)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Normalize(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Normalize(%+q) = %+q, not valid UTF-8", s, out)
		}
		if again := Normalize(out); again != out {
			t.Fatalf("Normalize not idempotent: Normalize(%+q) = %+q, Normalize of that = %+q", s, out, again)
		}
		if !norm.NFC.IsNormalString(out) {
			t.Fatalf("Normalize(%+q) = %+q, not NFC", s, out)
		}
		if tone := NormalizeTone(s); !utf8.ValidString(tone) {
			t.Fatalf("NormalizeTone(%+q) = %+q, not valid UTF-8", s, tone)
		}
		if id := Identifier(s); !utf8.ValidString(id) || id != Identifier(id) {
			t.Fatalf("Identifier(%+q) = %+q, invalid or not idempotent", s, id)
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	m := bleve.NewIndexMapping()
	names := []string{Exact, Folded, Pairs, ExactPairs, Keyword, Combined}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range names {
			// analyze checks that offsets lie within the input.
			for _, tk := range analyze(t, m, name, s) {
				if !utf8.ValidString(tk.term) {
					t.Fatalf("%s(%+q): term %+q is not valid UTF-8", name, s, tk.term)
				}
			}
		}
	})
}
