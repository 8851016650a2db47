package analyzer

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of the token filters this package registers in Bleve's registry.
// They are token filters, not char filters: they rewrite each term but leave
// its Start and End offsets pointing into the original text, so highlighting
// marks the right bytes.
const (
	// ToneFilter applies [NormalizeTone] to each term.
	ToneFilter = "vi_tone"
	// FoldFilter applies [Fold] to each term.
	FoldFilter = "vi_fold"
	// IdentifierFilter applies [Identifier] to each term and drops terms
	// that become empty.
	IdentifierFilter = "vi_identifier"
	// CombineFilter turns each lower-cased NFC term into its folded form,
	// its exact form ([NormalizeTone]) when that differs, and the pair of
	// its folded form with the previous term's, as the [Combined]
	// analyzer describes. A pair's offsets span both words.
	CombineFilter = "vi_combine"
)

// toneFilter is the [ToneFilter] token filter.
type toneFilter struct{}

func (toneFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !mayRetone(t.Term) {
			continue // the common case; skip the string conversion
		}
		s := string(t.Term)
		if n := NormalizeTone(s); n != s {
			// A new slice: t.Term may share memory with the input text.
			t.Term = []byte(n)
		}
	}
	return input
}

// foldFilter is the [FoldFilter] token filter.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if isASCIIBytes(t.Term) {
			continue
		}
		// A new slice either way: t.Term may share memory with the input.
		b, ok := appendFold(make([]byte, 0, len(t.Term)), t.Term)
		if !ok {
			b = []byte(foldSlow(string(t.Term)))
		}
		t.Term = b
	}
	return input
}

// combineFilter is the [CombineFilter] token filter.
type combineFilter struct{}

func (combineFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, 3*len(input))
	var prev *analysis.Token // the previous word's folded token
	for i, t := range input {
		exact := t.Term
		if mayRetone(exact) {
			if s := NormalizeTone(string(exact)); s != string(exact) {
				exact = []byte(s)
			}
		}
		folded := exact
		if !isASCIIBytes(exact) {
			b, ok := appendFold(make([]byte, 0, len(exact)), exact)
			if !ok {
				b = []byte(foldSlow(string(exact)))
			}
			folded = b
		}
		pos := i + 1
		f := &analysis.Token{Term: folded, Start: t.Start, End: t.End, Position: pos, Type: t.Type}
		out = append(out, f)
		if string(folded) != string(exact) {
			// A new slice: t.Term may share memory with the input text.
			out = append(out, &analysis.Token{Term: append([]byte(nil), exact...), Start: t.Start, End: t.End, Position: pos, Type: t.Type})
		}
		if prev != nil {
			pair := make([]byte, 0, len(prev.Term)+1+len(folded))
			pair = append(append(append(pair, prev.Term...), ' '), folded...)
			out = append(out, &analysis.Token{Term: pair, Start: prev.Start, End: t.End, Position: pos, Type: analysis.Shingle})
		}
		prev = f
	}
	return out
}

// identifierFilter is the [IdentifierFilter] token filter.
type identifierFilter struct{}

func (identifierFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, t := range input {
		t.Term = []byte(Identifier(string(t.Term)))
		if len(t.Term) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// mayRetone reports whether b holds a rune NormalizeTone might change: a
// toned a, e or y, a combining mark, or invalid UTF-8.
func mayRetone(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, w := utf8.DecodeRune(b[i:])
		if tonedAEY[r] || r == utf8.RuneError || unicode.Is(unicode.Mn, r) {
			return true
		}
		i += w
	}
	return false
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func init() {
	filters := map[string]analysis.TokenFilter{
		ToneFilter:       toneFilter{},
		FoldFilter:       foldFilter{},
		IdentifierFilter: identifierFilter{},
		CombineFilter:    combineFilter{},
	}
	for name, f := range filters {
		err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return f, nil // stateless, so one value serves every index
		})
		if err != nil {
			panic(err)
		}
	}
}
