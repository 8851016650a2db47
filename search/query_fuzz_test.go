package search

import (
	"context"
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzSearch feeds arbitrary queries, filters, pages and sorts through
// ValidateRequest and Search: no panic, no error but a *RequestError,
// snippets valid UTF-8 with no markup but <mark>; and through Suggest.
func FuzzSearch(f *testing.F) {
	seeds := []struct {
		q, key, value, sort string
		page, size          int
	}{
		{"đường", "", "", "", 0, 0},
		{norm.NFD.String("thuỷ lợi"), "type", "document", "-date", 1, 5},
		{"45/2013/QH13", "year", "2013", "date", 1, 1},
		{"11-kh/bdvtu-stnmt 1.004227", "", "", "relevance", 2, 50},
		{"<script>alert(1)</script> & trích dẫn", "fields", "Giao thông", "", 1, 10},
		{"sổ đỏ bị mất thì làm gì", "status", "còn hiệu lực", "", 3, 3},
		{"UBND GCN QSDĐ TN&MT", "level", "Cấp tỉnh", "", 1, 10},
		{"a*b?c~2 \"phrase\" +must -not field:value /re.*gex/", "", "", "", 1, 10},
		{"\xff\xfe đất", "", "", "", 1, 10},
		{"đ", "kind", "\xff", "", 0, 0},
		{"...///---", "", "", "", 1, 10},
		{"duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong duong", "", "", "", 1, 10},
	}
	for _, s := range seeds {
		f.Add(s.q, s.key, s.value, s.sort, s.page, s.size)
	}
	// One index per fuzzing process: building per input would make the
	// fuzzer spend its time indexing.
	ix := testIndex(f)
	f.Fuzz(func(t *testing.T, q, key, value, sort string, page, size int) {
		req := Request{Query: q, Sort: sort, Page: page, Size: size}
		if key != "" {
			req.Filters = map[string][]string{key: {value}}
		}
		resp, err := ix.Search(context.Background(), req)
		if err != nil {
			var rerr *RequestError
			if !errors.As(err, &rerr) {
				t.Fatalf("Search(%+v): %v, not a *RequestError", req, err)
			}
			if !utf8.ValidString(rerr.VI) || !utf8.ValidString(rerr.EN) {
				t.Fatalf("Search(%+v): error message not valid UTF-8: %+q", req, rerr.Error())
			}
			return
		}
		checkResponse(t, resp)
		if uint64(len(resp.Hits)) > resp.Total || len(resp.Hits) > MaxSize {
			t.Fatalf("Search(%+v): %d hits of %d", req, len(resp.Hits), resp.Total)
		}
		if _, err := ix.Suggest(context.Background(), q, size); err != nil {
			var rerr *RequestError
			if !errors.As(err, &rerr) {
				t.Fatalf("Suggest(%+q): %v, not a *RequestError", q, err)
			}
		}
	})
}
