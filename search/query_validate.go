package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/minhbach/minhbach/search/analyzer"
)

// Further limits on a request, beyond those in search.go.
const (
	// maxFilterValues is how many values one filter key may have.
	maxFilterValues = 20
	// maxFilterLength bounds one filter value, in runes.
	maxFilterLength = 200
	// maxOffset bounds how deep pagination goes: nobody reads result
	// 10,000, and collecting that many hits costs every search.
	maxOffset = 10000
)

// Sort orders a Request accepts.
const (
	SortRelevance = "relevance"
	SortDate      = "date"  // oldest first
	SortDateDesc  = "-date" // newest first
)

// ValidateRequest checks req and normalises it in place: the query and
// filter values in NFC with spaces trimmed and collapsed, Page 1 and Size
// DefaultSize when zero (unset), Sort "relevance" when empty. It returns a
// *RequestError, in Vietnamese and English, for an empty or over-long
// query, text that is not UTF-8, an unknown filter key, a size over
// MaxSize or below 1, a page below 1 or too deep, or an unknown sort. A
// page past the last result is found by Search, which knows the total.
func ValidateRequest(req *Request) error {
	q, err := CheckQuery(req.Query)
	if err != nil {
		return err
	}
	req.Query = q

	if len(req.Filters) > 0 {
		clean := make(map[string][]string, len(req.Filters))
		for key, values := range req.Filters {
			if _, ok := filterField[key]; !ok {
				return &RequestError{
					VI: fmt.Sprintf("không có bộ lọc %q; các bộ lọc là: %s", key, strings.Join(FilterKeys, ", ")),
					EN: fmt.Sprintf("unknown filter %q; the filters are: %s", key, strings.Join(FilterKeys, ", ")),
				}
			}
			if len(values) > maxFilterValues {
				return &RequestError{
					VI: fmt.Sprintf("bộ lọc %s có %d giá trị, tối đa là %d", key, len(values), maxFilterValues),
					EN: fmt.Sprintf("filter %s has %d values; the limit is %d", key, len(values), maxFilterValues),
				}
			}
			var vs []string
			for _, v := range values {
				if !utf8.ValidString(v) {
					return &RequestError{
						VI: fmt.Sprintf("giá trị của bộ lọc %s không phải văn bản UTF-8 hợp lệ", key),
						EN: fmt.Sprintf("a value of filter %s is not valid UTF-8", key),
					}
				}
				v = cleanText(v)
				if v == "" {
					continue
				}
				if utf8.RuneCountInString(v) > maxFilterLength {
					return &RequestError{
						VI: fmt.Sprintf("giá trị của bộ lọc %s dài quá %d ký tự", key, maxFilterLength),
						EN: fmt.Sprintf("a value of filter %s is longer than %d characters", key, maxFilterLength),
					}
				}
				if key == "year" && !isDigits(v) {
					return &RequestError{
						VI: fmt.Sprintf("năm %q không phải là số", v),
						EN: fmt.Sprintf("year %q is not a number", v),
					}
				}
				vs = append(vs, v)
			}
			if len(vs) > 0 {
				clean[key] = dedupe(vs)
			}
		}
		req.Filters = clean
	}

	if req.Page == 0 {
		req.Page = 1
	}
	if req.Size == 0 {
		req.Size = DefaultSize
	}
	switch {
	case req.Page < 1:
		return &RequestError{
			VI: fmt.Sprintf("trang (page) %d không hợp lệ: trang bắt đầu từ 1", req.Page),
			EN: fmt.Sprintf("page %d is invalid: pages start at 1", req.Page),
		}
	case req.Size < 1 || req.Size > MaxSize:
		return &RequestError{
			VI: fmt.Sprintf("size (số kết quả mỗi trang) phải từ 1 đến %d, không phải %d", MaxSize, req.Size),
			EN: fmt.Sprintf("size must be between 1 and %d, not %d", MaxSize, req.Size),
		}
	case req.Page-1 > (maxOffset-req.Size)/req.Size:
		return &RequestError{
			VI: fmt.Sprintf("trang %d quá xa: chỉ xem được %d kết quả đầu", req.Page, maxOffset),
			EN: fmt.Sprintf("page %d is too deep: only the first %d results can be paged through", req.Page, maxOffset),
		}
	}

	switch req.Sort {
	case "":
		req.Sort = SortRelevance
	case SortRelevance, SortDate, SortDateDesc:
	default:
		return &RequestError{
			VI: fmt.Sprintf("cách sắp xếp %q không hợp lệ; hãy dùng relevance, date hoặc -date", req.Sort),
			EN: fmt.Sprintf("unknown sort %q; use relevance, date or -date", req.Sort),
		}
	}
	return nil
}

// errEmptyQuery is CheckQuery's answer to a query with nothing in it,
// which Suggest takes as "nothing typed yet" rather than a mistake.
var errEmptyQuery = &RequestError{VI: "hãy nhập từ cần tìm", EN: "the query is empty"}

// CheckQuery is the rule every query meets, in a search, a suggestion
// or a search page: valid UTF-8, something in it, at most MaxQueryLength
// characters. It returns the query cleaned (NFC, spaces collapsed and
// trimmed), or a *RequestError.
func CheckQuery(q string) (string, error) {
	if !utf8.ValidString(q) {
		return "", &RequestError{
			VI: "câu tìm kiếm không phải văn bản UTF-8 hợp lệ",
			EN: "the query is not valid UTF-8",
		}
	}
	q = cleanText(q)
	if q == "" {
		return "", errEmptyQuery
	}
	if n := utf8.RuneCountInString(q); n > MaxQueryLength {
		return "", &RequestError{
			VI: fmt.Sprintf("câu tìm kiếm dài %d ký tự, tối đa là %d", n, MaxQueryLength),
			EN: fmt.Sprintf("the query is %d characters long; the limit is %d", n, MaxQueryLength),
		}
	}
	return q, nil
}

// cleanText returns s in NFC with control characters as spaces, runs of
// spaces collapsed to one and the ends trimmed.
func cleanText(s string) string {
	s = analyzer.NFC(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}
