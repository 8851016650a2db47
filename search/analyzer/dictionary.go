package analyzer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Dictionary holds groups of equivalent phrases (abbreviations, everyday
// words and official terms) and expands a query with the other members of
// every group it mentions. It is safe for concurrent use.
//
// A dictionary is plain UTF-8 text that staff can edit. Each line holds one
// or more variants separated by commas, then '=', then the canonical phrase:
//
//	# Lines starting with '#' are comments; blank lines are ignored.
//	ubnd = ủy ban nhân dân
//	sổ đỏ, sổ hồng, gcn, gcn qsdđ = giấy chứng nhận quyền sử dụng đất
//	sang tên = đăng ký biến động
//	sang tên = chuyển nhượng
//
// The canonical phrase may contain commas ("khiếu nại, tố cáo"); variants
// may not. A line makes its phrases one group: a query mentioning any of
// them is expanded with all the others, canonical phrase first. A phrase
// may appear on several lines, as "sang tên" does; it then expands to every
// group it belongs to. Matching ignores case, diacritics and '&', so
// "TN&MT", "tn&mt" and "TNMT" are the same variant.
type Dictionary struct {
	groups   [][]phrase
	byKey    map[string][]int // phrase key to indexes into groups
	maxWords int              // longest key, in words
	// longestFrom is, for each word that starts a key, the longest key
	// starting with it, in words. Indexing expands whole pages, so most
	// words must be passed over without building a single candidate key.
	longestFrom map[string]int
}

// phrase is one dictionary entry.
type phrase struct {
	text string // as written, in NFC with spaces collapsed
	key  string // folded words with '&' removed, joined by spaces: what matches
	form string // folded words as the index sees them: what is searched
}

// ParseError reports a malformed line in a dictionary. Its message is in
// Vietnamese, for the staff who edit the file, and in English.
type ParseError struct {
	Name string // the name given to ParseDictionary
	Line int    // 1-based
	Vi   string // what is wrong, in Vietnamese
	En   string // what is wrong, in English
}

// Error returns "name:line: Vietnamese message / English message".
func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %s / %s", e.Name, e.Line, e.Vi, e.En)
}

// ParseDictionary reads a dictionary in the format described at
// [Dictionary]. name identifies the source in errors, which are
// [*ParseError] values for malformed lines. A UTF-8 byte order mark and
// CRLF line ends, which Windows editors add, are accepted.
func ParseDictionary(r io.Reader, name string) (*Dictionary, error) {
	d := &Dictionary{byKey: make(map[string][]int)}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if perr := d.addLine(line); perr != nil {
			perr.Name, perr.Line = name, n
			return nil, perr
		}
		if err != nil { // io.EOF, after the last line
			return d, nil
		}
	}
}

// addLine parses one line of a dictionary and adds its group.
func (d *Dictionary) addLine(line string) *ParseError {
	if !utf8.ValidString(line) {
		return &ParseError{Vi: "không phải văn bản UTF-8 hợp lệ", En: "not valid UTF-8"}
	}
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return nil
	}
	left, right, ok := strings.Cut(line, "=")
	switch {
	case !ok:
		return &ParseError{Vi: "thiếu dấu '='", En: "missing '='"}
	case strings.Contains(right, "="):
		return &ParseError{Vi: "có nhiều hơn một dấu '='", En: "more than one '='"}
	}
	canonical, perr := newPhrase(right)
	if perr != nil {
		perr.Vi = "cụm từ chuẩn sau dấu '=': " + perr.Vi
		perr.En = "canonical phrase after '=': " + perr.En
		return perr
	}
	group := []phrase{canonical}
	for _, v := range strings.Split(left, ",") {
		p, perr := newPhrase(v)
		if perr != nil {
			perr.Vi = "biến thể trước dấu '=': " + perr.Vi
			perr.En = "variant before '=': " + perr.En
			return perr
		}
		group = append(group, p)
	}
	gi := len(d.groups)
	d.groups = append(d.groups, group)
	for _, p := range group {
		if ids := d.byKey[p.key]; len(ids) == 0 || ids[len(ids)-1] != gi {
			d.byKey[p.key] = append(ids, gi)
		}
		n := strings.Count(p.key, " ") + 1
		d.maxWords = max(d.maxWords, n)
		first, _, _ := strings.Cut(p.key, " ")
		if d.longestFrom == nil {
			d.longestFrom = map[string]int{}
		}
		d.longestFrom[first] = max(d.longestFrom[first], n)
	}
	return nil
}

// newPhrase makes a phrase from one field of a dictionary line.
func newPhrase(s string) (phrase, *ParseError) {
	text := strings.Join(strings.Fields(NFC(s)), " ")
	if text == "" {
		return phrase{}, &ParseError{Vi: "để trống", En: "empty"}
	}
	ws := queryWords(text)
	if len(ws) == 0 {
		return phrase{}, &ParseError{
			Vi: fmt.Sprintf("%q không có chữ hay số", text),
			En: fmt.Sprintf("%q has no letters or digits", text),
		}
	}
	keys, forms := make([]string, len(ws)), make([]string, len(ws))
	for i, w := range ws {
		keys[i], forms[i] = w.key, w.form
	}
	return phrase{text: text, key: strings.Join(keys, " "), form: strings.Join(forms, " ")}, nil
}

// Expand returns the phrases to search in addition to query: for each
// dictionary phrase that query contains as whole words, the other phrases
// of its groups, canonical phrases first. "cap lai so do bi mat" yields
// "giấy chứng nhận quyền sử dụng đất" among others, "UBND tỉnh" yields "ủy
// ban nhân dân". Matching ignores case, diacritics and tone placement, and
// works on the raw query, so "TN&MT" matches although a tokenizer would
// split it. Where phrases overlap, the leftmost and then the longest wins:
// "gcn qsdđ" is matched as one phrase, not as "gcn" and "qsdđ". Phrases the
// query already contains in the same form are left out, and so are
// duplicates. The result is nil if nothing matches.
func (d *Dictionary) Expand(query string) []string {
	var out []string
	for _, g := range d.ExpandEach(query) {
		out = append(out, g...)
	}
	return out
}

// ExpandEach is [Dictionary.Expand] with the expansions kept apart by the
// phrase of query they come from, in the order of query: "UBND cấp GCN"
// yields the expansions of "UBND", then those of "GCN". A search can then
// count a phrase found under any of its names once. Phrases already
// expanded earlier in the query are not repeated, and a phrase whose
// expansions were all given already yields nothing.
func (d *Dictionary) ExpandEach(query string) [][]string {
	if d == nil || len(d.groups) == 0 {
		return nil
	}
	ws := queryWords(query)
	var out [][]string
	seen := make(map[string]bool)
	for i := 0; i < len(ws); {
		n, ids := d.match(ws[i:])
		if n == 0 {
			i++
			continue
		}
		forms := make([]string, n)
		for j := range forms {
			forms[j] = ws[i+j].form
		}
		seen[strings.Join(forms, " ")] = true // already searched as typed
		var exp []string
		for _, gi := range ids {
			for _, p := range d.groups[gi] {
				if !seen[p.form] {
					seen[p.form] = true
					exp = append(exp, p.text)
				}
			}
		}
		if len(exp) > 0 {
			out = append(out, exp)
		}
		i += n
	}
	return out
}

// match finds the longest phrase at the start of ws and returns its length
// in words and its groups, or 0 and nil.
func (d *Dictionary) match(ws []word) (int, []int) {
	if len(ws) == 0 {
		return 0, nil
	}
	longest := d.longestFrom[ws[0].key]
	if longest == 0 {
		return 0, nil
	}
	var key strings.Builder
	for n := min(longest, len(ws)); n > 0; n-- {
		key.Reset()
		for j := 0; j < n; j++ {
			if j > 0 {
				key.WriteByte(' ')
			}
			key.WriteString(ws[j].key)
		}
		if ids, ok := d.byKey[key.String()]; ok {
			return n, ids
		}
	}
	return 0, nil
}

// word is one word of a query or phrase, as Expand compares it.
type word struct {
	key  string // folded, lower case, without '&': "tnmt" for "TN&MT"
	form string // folded, lower case, split like the tokenizer: "tn mt"
}

// queryWords splits s into words: runs of letters, digits, marks and '&'.
// '&' is kept inside a word because abbreviations such as "TN&MT" and
// "BTHT&TĐC" are also written without it ("TNMT"), and both spellings must
// give the same key; a lone '&' is no word at all.
func queryWords(s string) []word {
	var ws []word
	for _, f := range strings.FieldsFunc(NFC(s), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '&')
	}) {
		folded := strings.ToLower(Fold(f))
		parts := strings.FieldsFunc(folded, func(r rune) bool { return r == '&' })
		if len(parts) == 0 {
			continue
		}
		ws = append(ws, word{key: strings.Join(parts, ""), form: strings.Join(parts, " ")})
	}
	return ws
}

// MarshalText returns the dictionary in the format [ParseDictionary] reads,
// one line per group, so that it can be stored (in a search index, for
// instance) and parsed back into an equivalent Dictionary.
func (d *Dictionary) MarshalText() ([]byte, error) {
	var b strings.Builder
	if d != nil {
		for _, g := range d.groups {
			for i, p := range g[1:] {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(p.text)
			}
			b.WriteString(" = ")
			b.WriteString(g[0].text)
			b.WriteByte('\n')
		}
	}
	return []byte(b.String()), nil
}

// ReadDictionary reads a site's synonyms file; an empty path is the
// built-in dictionary. name is how errors refer to the file (the path
// as the site's configuration gives it).
func ReadDictionary(path, name string) (*Dictionary, error) {
	if path == "" {
		return DefaultDictionary(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseDictionary(f, name)
}
