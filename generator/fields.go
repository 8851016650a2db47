package generator

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/minhbach/minhbach/model"
	"golang.org/x/text/unicode/norm"
)

// fieldReader reads typed values out of front matter, collecting a
// problem for each bad one instead of stopping at the first, and
// remembering which keys were read so that the rest can be reported as
// unknown.
type fieldReader struct {
	file     string
	fm       *frontMatter
	problems Problems
	read     map[string]bool
}

func newFieldReader(file string, fm *frontMatter) *fieldReader {
	return &fieldReader{file: file, fm: fm, read: map[string]bool{}}
}

func (r *fieldReader) line(key string) int {
	if l, ok := r.fm.lines[key]; ok {
		return l
	}
	return 1
}

func (r *fieldReader) fail(key, vi, en string) {
	r.problems = append(r.problems, Problem{File: r.file, Line: r.line(key), Key: key, VI: vi, EN: en})
}

func (r *fieldReader) get(key string) (any, bool) {
	r.read[key] = true
	v, ok := r.fm.values[key]
	return v, ok
}

func (r *fieldReader) has(key string) bool {
	_, ok := r.fm.values[key]
	return ok
}

// require reports a required key that is missing or left empty (as a
// scaffold from `minhbach new` leaves it).
func (r *fieldReader) require(key string) {
	v, ok := r.fm.values[key]
	switch {
	case !ok:
		r.problems = append(r.problems, Problem{File: r.file, Line: 1, Key: key,
			VI: "thiếu khóa bắt buộc", EN: "required key is missing"})
	case isEmpty(v):
		r.fail(key, "khóa bắt buộc đang để trống", "required key is empty")
	}
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(t) == ""
	case []any:
		return len(t) == 0
	}
	return false
}

// text reads a string, normalised to NFC: Word and macOS hand us NFD,
// and two spellings of one word must compare equal.
func (r *fieldReader) text(key string) string {
	v, ok := r.get(key)
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.fail(key, "cần một chuỗi văn bản (đặt trong dấu ngoặc kép)", "want a text string (in double quotes)")
		return ""
	}
	return strings.TrimSpace(norm.NFC.String(s))
}

// texts reads a list of strings; a single string is taken as a list of
// one, since staff write issuer = "Chính phủ" as often as a list.
func (r *fieldReader) texts(key string) []string {
	v, ok := r.get(key)
	if !ok || v == nil {
		return nil
	}
	switch t := v.(type) {
	case string:
		return []string{strings.TrimSpace(norm.NFC.String(t))}
	case []any:
		out := make([]string, 0, len(t))
		for i, e := range t {
			s, ok := e.(string)
			if !ok {
				r.fail(key, fmt.Sprintf("phần tử thứ %d phải là chuỗi văn bản", i+1), fmt.Sprintf("item %d must be a text string", i+1))
				continue
			}
			out = append(out, strings.TrimSpace(norm.NFC.String(s)))
		}
		return out
	}
	r.fail(key, `cần một danh sách, ví dụ ["Đất đai"]`, `want a list, e.g. ["Đất đai"]`)
	return nil
}

func (r *fieldReader) integer(key string) int64 {
	v, ok := r.get(key)
	if !ok {
		return 0
	}
	n, ok := toInt(v)
	if !ok {
		r.fail(key, "cần một số nguyên, viết không có dấu chấm hay chữ, ví dụ 10", "want a whole number without dots or words, e.g. 10")
	}
	return n
}

func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case uint64:
		return int64(n), true
	case float64:
		if n == float64(int64(n)) {
			return int64(n), true
		}
	}
	return 0, false
}

func (r *fieldReader) boolean(key string) (value, present bool) {
	v, ok := r.get(key)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		r.fail(key, "cần true hoặc false", "want true or false")
	}
	return b, true
}

func (r *fieldReader) date(key string) time.Time {
	v, ok := r.get(key)
	if !ok {
		return time.Time{}
	}
	t, err := ParseDate(v)
	if err != nil {
		msg := err.Error()
		vi, en, _ := strings.Cut(msg, " / ")
		r.fail(key, vi, en)
	}
	return t
}

// tables reads a list of inline tables, such as fees or dossier.
func (r *fieldReader) tables(key string) []map[string]any {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	var list []any
	switch t := v.(type) {
	case []map[string]any:
		for _, m := range t {
			list = append(list, m)
		}
	case []any:
		list = t
	default:
		r.fail(key, "cần một danh sách các bảng, ví dụ [{ name = \"...\" }]", "want a list of tables, e.g. [{ name = \"...\" }]")
		return nil
	}
	out := make([]map[string]any, 0, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			r.fail(key, fmt.Sprintf("phần tử thứ %d phải là một bảng { ... }", i+1), fmt.Sprintf("item %d must be a table { ... }", i+1))
			continue
		}
		out = append(out, m)
	}
	return out
}

// refs reads a list of references: a document number, a content path, or
// an inline table for a document not on the site.
func (r *fieldReader) refs(key string) []model.Ref {
	v, ok := r.get(key)
	if !ok || v == nil {
		return nil
	}
	items, isList := v.([]any)
	if !isList {
		items = []any{v}
	}
	line := r.line(key)
	var out []model.Ref
	for i, e := range items {
		switch t := e.(type) {
		case string:
			s := strings.TrimSpace(norm.NFC.String(t))
			out = append(out, model.Ref{Raw: s, Line: line})
		case map[string]any:
			ref := model.Ref{Line: line}
			for k, val := range t {
				s, _ := val.(string)
				s = strings.TrimSpace(norm.NFC.String(s))
				switch k {
				case "number":
					ref.Number = s
				case "title":
					ref.Title = s
				case "url":
					ref.URL = s
				default:
					r.fail(key, fmt.Sprintf("tham chiếu thứ %d có khóa lạ %q; chỉ dùng number, title, url", i+1, k),
						fmt.Sprintf("ref %d has an unknown key %q; use only number, title, url", i+1, k))
				}
			}
			if ref.Number == "" && ref.Title == "" {
				r.fail(key, fmt.Sprintf("tham chiếu thứ %d cần number hoặc title", i+1), fmt.Sprintf("ref %d needs a number or a title", i+1))
			}
			out = append(out, ref)
		default:
			r.fail(key, fmt.Sprintf("tham chiếu thứ %d phải là số hiệu văn bản, ví dụ \"45/2013/QH13\"", i+1),
				fmt.Sprintf("ref %d must be a document number, e.g. \"45/2013/QH13\"", i+1))
		}
	}
	return out
}

// unknownKeys reports every key that was never read: most likely a typo,
// so the message names the closest known key.
func (r *fieldReader) unknownKeys(known []string) {
	var keys []string
	for k := range r.fm.values {
		if !r.read[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		vi, en := "khóa không xác định", "unknown key"
		if t := typeOfKey(k); t != "" {
			vi += fmt.Sprintf("; khóa này dùng cho trang loại %q: đặt type = %q hoặc chuyển tệp vào thư mục của loại đó", t, t)
			en += fmt.Sprintf("; this key belongs to pages of type %q: set type = %q or move the file to that type's folder", t, t)
		} else if c := closest(k, known); c != "" {
			vi += fmt.Sprintf("; có phải ý bạn là %q?", c)
			en += fmt.Sprintf("; did you mean %q?", c)
		} else {
			vi += "; khóa tự do hãy đặt trong bảng params"
			en += "; put free-form keys in the params table"
		}
		r.fail(k, vi, en)
	}
}

// closest returns the known key nearest to k by edit distance, if it is
// near enough to be a likely typo.
func closest(k string, known []string) string {
	best, bestD := "", 1<<30
	for _, c := range known {
		if d := editDistance(strings.ToLower(k), c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= 2 || (bestD <= 3 && len(k) > 6) || strings.Contains(best, strings.ToLower(k)) || strings.Contains(strings.ToLower(k), best) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// typeOfKey names the content type a key belongs to, for the likely
// mistake of a document key on a page of another type.
func typeOfKey(k string) string {
	switch {
	case contains(documentKeys, k) && !contains(procedureKeys, k):
		return "document"
	case contains(procedureKeys, k) && !contains(documentKeys, k):
		return "procedure"
	case contains(disclosureKeys, k) && k != "basis":
		return "disclosure"
	}
	return ""
}
