package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/minhbach/minhbach/model"
)

var testNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// testPages is a small site covering what the tests check: words that
// fold alike, old and new tone marks, numbers and codes, an expired law
// and the one replacing it, markup in text, and enough pages about one
// subject to page through.
func testPages() []*model.Page {
	page := func(url, typ, title, text string) *model.Page {
		return &model.Page{Kind: model.KindPage, Type: typ, URL: url, Title: title, Text: text, Fields: []string{"Giao thông"}}
	}
	var pages []*model.Page
	add := func(p *model.Page) *model.Page { pages = append(pages, p); return p }

	add(page("/tin-tuc/duong/", model.TypeNews, "Nâng cấp đường giao thông nông thôn", "Tỉnh nâng cấp nhiều tuyến đường liên xã.")).Date = ymd(2025, 3, 1)
	add(page("/tin-tuc/duong-lieu/", model.TypeNews, "Trồng rừng dương ven biển", "Cây dương chắn cát bay ở các xã ven biển.")).Date = ymd(2024, 5, 2)
	add(page("/hoi-dap/duong-su/", model.TypePage, "Đương sự trong tranh chấp là ai?", "Đương sự là các bên của một tranh chấp.")).Date = ymd(2023, 6, 3)

	old := add(page("/van-ban/thuy-loi-2001/", model.TypeDocument, "Pháp lệnh Khai thác và bảo vệ công trình thuỷ lợi", "Pháp lệnh về công trình thuỷ lợi, nay đã hết hiệu lực."))
	old.Fields = []string{"Tài nguyên nước"}
	old.Document = &model.Document{Number: "32/2001/PL-UBTVQH10", Kind: "Pháp lệnh", Issuers: []string{"Ủy ban Thường vụ Quốc hội"}, Issued: ymd(2001, 4, 4), Status: model.StatusExpired}
	newer := add(page("/van-ban/luat-thuy-loi/", model.TypeDocument, "Luật Thủy lợi", "Luật Thủy lợi quy định về công trình thủy lợi và thay thế Pháp lệnh năm 2001."))
	newer.Fields = []string{"Tài nguyên nước"}
	newer.Document = &model.Document{Number: "08/2017/QH14", Kind: "Luật", Issuers: []string{"Quốc hội"}, Issued: ymd(2017, 6, 19), Status: model.StatusInForce}
	law := add(page("/van-ban/luat-dat-dai-2013/", model.TypeDocument, "Luật Đất đai 2013", "Luật về quản lý và sử dụng đất đai."))
	law.Fields = []string{"Đất đai"}
	law.Document = &model.Document{Number: "45/2013/QH13", Kind: "Luật", Issuers: []string{"Quốc hội"}, Issued: ymd(2013, 11, 29), Status: model.StatusExpired}
	plan := add(page("/van-ban/ke-hoach-11/", model.TypeDocument, "Kế hoạch phối hợp công tác dân vận", "Kế hoạch của Ban Dân vận và Sở."))
	plan.Fields = []string{"Dân chủ cơ sở"}
	plan.Document = &model.Document{Number: "11-KH/BDVTU-STNMT", Kind: "Kế hoạch", Issuers: []string{"Ban Dân vận Tỉnh ủy", "Sở Tài nguyên và Môi trường"}, Issued: ymd(2021, 1, 11), Status: model.StatusInForce}

	proc := add(page("/thu-tuc/nuoc-mat/", model.TypeProcedure, "Cấp giấy phép khai thác nước mặt", "Thủ tục cấp giấy phép khai thác, sử dụng nước mặt cho sản xuất."))
	proc.Fields = []string{"Tài nguyên nước"}
	proc.Procedure = &model.Procedure{Code: "1.004227", Levels: []string{"Cấp tỉnh"}, Agency: "Sở Tài nguyên và Môi trường"}
	ub := add(page("/hoi-dap/ubnd/", model.TypePage, "Ủy ban nhân dân xã giải quyết việc gì?", "Ủy ban nhân dân cấp xã hòa giải tranh chấp đất đai."))
	ub.Date = ymd(2022, 2, 2)
	add(page("/hoi-dap/script/", model.TypePage, "Mẫu đơn có ký hiệu lạ", `Đơn ghi <script>alert("x")</script> & "trích dẫn" về nước mặt ở đây.`)).Date = ymd(2020, 1, 1)
	draft := add(page("/hoi-dap/nhap/", model.TypePage, "Bản nháp về nước mặt", "Chưa đăng."))
	draft.Draft = true

	for i := range 12 {
		p := add(page(fmt.Sprintf("/tin-tuc/moi-truong-%02d/", i), model.TypeNews, fmt.Sprintf("Bảo vệ môi trường làng nghề số %d", i+1), "Tin về bảo vệ môi trường làng nghề."))
		p.Fields = []string{"Môi trường"}
		if i%4 != 3 { // every fourth has no date
			p.Date = ymd(2010+i, 1, 1)
		}
	}
	// Not content: never indexed.
	add(&model.Page{Kind: model.KindSection, Type: "news", URL: "/tin-tuc/", Title: "Tin tức về nước mặt"})
	return pages
}

// testIndex builds testPages into a temporary folder and opens it.
func testIndex(t testing.TB) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	stats, err := Build(context.Background(), testPages(), dir, BuildOptions{BuiltAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Docs != 22 {
		t.Fatalf("Build indexed %d pages, want 22 (no draft, no section)", stats.Docs)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func search(t *testing.T, ix *Index, req Request) *Response {
	t.Helper()
	resp, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	checkResponse(t, resp)
	return resp
}

func urls(resp *Response) []string {
	var out []string
	for _, h := range resp.Hits {
		out = append(out, h.URL)
	}
	return out
}

var markup = regexp.MustCompile(`<[^>]*>`)

// checkResponse checks what every response must satisfy: snippets valid
// UTF-8 with no markup but <mark>, facets for every key.
func checkResponse(t testing.TB, resp *Response) {
	t.Helper()
	for _, h := range resp.Hits {
		if !utf8.ValidString(h.Snippet) {
			t.Errorf("%s: snippet not valid UTF-8: %+q", h.URL, h.Snippet)
		}
		for _, tag := range markup.FindAllString(h.Snippet, -1) {
			if tag != "<mark>" && tag != "</mark>" {
				t.Errorf("%s: snippet has markup %q: %s", h.URL, tag, h.Snippet)
			}
		}
		if strings.Count(h.Snippet, "<mark>") != strings.Count(h.Snippet, "</mark>") {
			t.Errorf("%s: unbalanced marks: %s", h.URL, h.Snippet)
		}
	}
	for _, k := range FilterKeys {
		if resp.Facets[k] == nil {
			t.Errorf("no facet %q", k)
		}
	}
	if _, err := json.Marshal(resp); err != nil {
		t.Errorf("response does not marshal: %v", err)
	}
}

func TestSearchFindsFirst(t *testing.T) {
	ix := testIndex(t)
	nfd := norm.NFD.String
	tests := []struct {
		query, first string
	}{
		// Typed diacritics are evidence: the exact word comes first.
		{"đường", "/tin-tuc/duong/"},
		{"dương", "/tin-tuc/duong-lieu/"},
		{"đương sự", "/hoi-dap/duong-su/"},
		{nfd("đường"), "/tin-tuc/duong/"},
		{nfd("Đương sự"), "/hoi-dap/duong-su/"},
		// Old and new tone marks are the same word; the law in force
		// comes above the ordinance it replaced.
		{"thuỷ lợi", "/van-ban/luat-thuy-loi/"},
		{"thủy lợi", "/van-ban/luat-thuy-loi/"},
		{"thuy loi", "/van-ban/luat-thuy-loi/"},
		// Numbers and codes, however typed.
		{"45/2013/QH13", "/van-ban/luat-dat-dai-2013/"},
		{"45/2013/qh13", "/van-ban/luat-dat-dai-2013/"},
		{"45 2013 QH13", "/van-ban/luat-dat-dai-2013/"},
		{"luật 45/2013/QH13", "/van-ban/luat-dat-dai-2013/"},
		{"11-KH/BDVTU-STNMT", "/van-ban/ke-hoach-11/"},
		{"11-kh/bdvtu-stnmt", "/van-ban/ke-hoach-11/"},
		{"32/2001/pl-ubtvqh10", "/van-ban/thuy-loi-2001/"},
		{"1.004227", "/thu-tuc/nuoc-mat/"},
		{"1.004227.000.00.00.H55", "/thu-tuc/nuoc-mat/"},
		// Abbreviations and typos.
		{"UBND xã", "/hoi-dap/ubnd/"},
		{"giay phep khai thac nuoc matt", "/thu-tuc/nuoc-mat/"},
		// A task wants a procedure.
		{"thủ tục khai thác nước mặt", "/thu-tuc/nuoc-mat/"},
	}
	for _, tt := range tests {
		resp := search(t, ix, Request{Query: tt.query})
		if got := urls(resp); len(got) == 0 || got[0] != tt.first {
			t.Errorf("%+q: got %q, want %s first", tt.query, got, tt.first)
		}
	}
}

func TestSearchFolding(t *testing.T) {
	ix := testIndex(t)
	// Without diacritics, "duong" is all three words.
	got := urls(search(t, ix, Request{Query: "duong"}))
	for _, want := range []string{"/tin-tuc/duong/", "/tin-tuc/duong-lieu/", "/hoi-dap/duong-su/"} {
		if !slices.Contains(got, want) {
			t.Errorf("duong: got %q, want %s among them", got, want)
		}
	}
	// đ folds to d in pages and queries alike.
	if got := urls(search(t, ix, Request{Query: "duong su"})); len(got) == 0 || got[0] != "/hoi-dap/duong-su/" {
		t.Errorf("duong su: got %q", got)
	}
	// Neither drafts nor list pages are indexed.
	for _, u := range urls(search(t, ix, Request{Query: "nước mặt", Size: MaxSize})) {
		if u == "/hoi-dap/nhap/" || u == "/tin-tuc/" {
			t.Errorf("nước mặt found %s", u)
		}
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	ix := testIndex(t)
	all := search(t, ix, Request{Query: "môi trường", Size: MaxSize})
	// 12 news, the plan (Sở Tài nguyên và Môi trường) and the procedure
	// (its agency).
	if all.Total != 14 {
		t.Errorf("môi trường: total %d, want 14: %q", all.Total, urls(all))
	}
	// Facet counts match the hits.
	count := func(resp *Response, key, value string) int {
		for _, fv := range resp.Facets[key] {
			if fv.Value == value {
				return fv.Count
			}
		}
		return 0
	}
	if got := count(all, "type", "news"); got != 12 {
		t.Errorf("type=news count %d, want 12", got)
	}
	if got := count(all, "type", "document"); got != 1 {
		t.Errorf("type=document count %d, want 1", got)
	}
	if got := count(all, "year", "2011"); got != 1 {
		t.Errorf("year=2011 count %d, want 1", got)
	}
	if got := count(all, "kind", "Kế hoạch"); got != 1 {
		t.Errorf("kind=Kế hoạch count %d, want 1", got)
	}
	if got := count(all, "issuer", "Ban Dân vận Tỉnh ủy"); got != 1 {
		t.Errorf("issuer count %d, want 1", got)
	}
	// Facets are sorted by count.
	if f := all.Facets["type"]; len(f) < 2 || f[0].Value != "news" {
		t.Errorf("type facet %+v, want news first", f)
	}

	// One filter: only matching pages; its own facet still offers the
	// other values.
	news := search(t, ix, Request{Query: "môi trường", Size: MaxSize, Filters: map[string][]string{"type": {"news"}}})
	if news.Total != 12 {
		t.Errorf("type=news: total %d, want 12", news.Total)
	}
	for _, h := range news.Hits {
		if h.Type != "news" {
			t.Errorf("type=news returned %s of type %s", h.URL, h.Type)
		}
	}
	if got := count(news, "type", "document"); got != 1 {
		t.Errorf("type=news: facet type=document %d, want 1 (other values stay on offer)", got)
	}
	// Values of one key are alternatives; keys combine.
	years := search(t, ix, Request{Query: "môi trường", Filters: map[string][]string{"year": {"2010", "2011"}}})
	if years.Total != 2 {
		t.Errorf("year=2010|2011: total %d, want 2", years.Total)
	}
	both := search(t, ix, Request{Query: "môi trường", Filters: map[string][]string{"year": {"2010", "2021"}, "type": {"document"}}})
	if got := urls(both); !slices.Equal(got, []string{"/van-ban/ke-hoach-11/"}) {
		t.Errorf("year=2010|2021 and type=document: got %q", got)
	}
	if got := count(both, "year", "2010"); got != 0 {
		t.Errorf("facet year=2010 under type=document: %d, want 0", got)
	}
	if got := count(both, "type", "news"); got != 1 {
		t.Errorf("facet type=news under year filter: %d, want 1", got)
	}
	status := search(t, ix, Request{Query: "thủy lợi", Filters: map[string][]string{"status": {"hết hiệu lực toàn bộ"}}})
	if got := urls(status); !slices.Equal(got, []string{"/van-ban/thuy-loi-2001/"}) {
		t.Errorf("status filter: got %q", got)
	}
	level := search(t, ix, Request{Query: "nước mặt", Filters: map[string][]string{"level": {"Cấp tỉnh"}}})
	if got := urls(level); !slices.Equal(got, []string{"/thu-tuc/nuoc-mat/"}) {
		t.Errorf("level filter: got %q", got)
	}
	none := search(t, ix, Request{Query: "môi trường", Filters: map[string][]string{"fields": {"Không có"}}})
	if none.Total != 0 || len(none.Hits) != 0 {
		t.Errorf("unknown filter value: %d hits", none.Total)
	}
}

func TestSearchPagination(t *testing.T) {
	ix := testIndex(t)
	seen := map[string]bool{}
	var total uint64
	for page := 1; page <= 3; page++ {
		resp := search(t, ix, Request{Query: "làng nghề", Page: page, Size: 5})
		total = resp.Total
		if resp.Page != page || resp.Size != 5 {
			t.Errorf("page %d: response says page %d size %d", page, resp.Page, resp.Size)
		}
		for _, u := range urls(resp) {
			if seen[u] {
				t.Errorf("page %d repeats %s", page, u)
			}
			seen[u] = true
		}
	}
	if total != 12 || len(seen) != 12 {
		t.Errorf("3 pages of 5: saw %d of total %d, want 12 of 12", len(seen), total)
	}
	_, err := ix.Search(context.Background(), Request{Query: "làng nghề", Page: 4, Size: 5})
	var rerr *RequestError
	if !errors.As(err, &rerr) {
		t.Errorf("page past the end: %v, want a *RequestError", err)
	}
	// The first page of nothing is no error.
	if resp := search(t, ix, Request{Query: "zzzyyyxxx"}); resp.Total != 0 {
		t.Errorf("nonsense query: total %d", resp.Total)
	}
	if resp := search(t, ix, Request{Query: "!!! ???"}); resp.Total != 0 || len(resp.Hits) != 0 {
		t.Errorf("punctuation only: total %d", resp.Total)
	}
}

func TestSearchSortByDate(t *testing.T) {
	ix := testIndex(t)
	for _, sort := range []string{SortDate, SortDateDesc} {
		resp := search(t, ix, Request{Query: "làng nghề", Sort: sort, Size: MaxSize})
		var dates []string
		for _, h := range resp.Hits {
			dates = append(dates, h.Date)
		}
		n := 0
		for n < len(dates) && dates[n] != "" {
			n++
		}
		if n != 9 {
			t.Errorf("%s: %d dated pages first, want 9: %q", sort, n, dates)
		}
		for _, d := range dates[n:] {
			if d != "" {
				t.Errorf("%s: dated page after undated ones: %q", sort, dates)
			}
		}
		sorted := slices.IsSorted(dates[:n])
		if sort == SortDateDesc {
			sorted = slices.IsSortedFunc(dates[:n], func(a, b string) int { return strings.Compare(b, a) })
		}
		if !sorted {
			t.Errorf("%s: dates out of order: %q", sort, dates)
		}
	}
}

func TestSearchSnippets(t *testing.T) {
	ix := testIndex(t)
	resp := search(t, ix, Request{Query: "trích dẫn"})
	if len(resp.Hits) == 0 || resp.Hits[0].URL != "/hoi-dap/script/" {
		t.Fatalf("got %q", urls(resp))
	}
	s := resp.Hits[0].Snippet
	for _, want := range []string{"&lt;script&gt;", "&amp;", "<mark>trích dẫn</mark>", "&#34;"} {
		if !strings.Contains(s, want) {
			t.Errorf("snippet %q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "<script") {
		t.Errorf("snippet %q has raw markup", s)
	}
	// Typed diacritics mark only the exact word; folded queries mark all.
	exact := search(t, ix, Request{Query: "đường"})
	if s := exact.Hits[0].Snippet; !strings.Contains(s, "<mark>đường</mark>") {
		t.Errorf("đường: snippet %q", s)
	}
	for _, h := range exact.Hits {
		if strings.Contains(h.Snippet, "<mark>dương</mark>") || strings.Contains(h.Snippet, "<mark>Đương</mark>") {
			t.Errorf("đường marked another word: %q", h.Snippet)
		}
	}
	folded := search(t, ix, Request{Query: "duong"})
	marked := 0
	for _, h := range folded.Hits {
		marked += strings.Count(h.Snippet, "<mark>")
	}
	if marked < 3 {
		t.Errorf("duong: %d marks over %d hits, want all three words marked", marked, len(folded.Hits))
	}
	// A long text is cut around the match, on word boundaries.
	long := strings.Repeat("Văn bản mở đầu rất dài. ", 40) + "Đây là đoạn về nước ngầm. " + strings.Repeat("Phần sau. ", 40)
	p := &plan{marks: [][]markWord{{{folded: "nuoc"}, {folded: "ngam"}}}}
	s = p.snippet(long, "")
	if !strings.Contains(s, "<mark>nước ngầm</mark>") || !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") {
		t.Errorf("long text snippet %q", s)
	}
	if n := utf8.RuneCountInString(markup.ReplaceAllString(s, "")); n > snippetRunes+20 {
		t.Errorf("snippet of %d characters: %q", n, s)
	}
	// No match: the start of the description.
	if s := p.snippet("Không có gì.", "Mô tả <b>ngắn</b>."); s != "Mô tả &lt;b&gt;ngắn&lt;/b&gt;." {
		t.Errorf("fallback snippet %q", s)
	}
}

func TestSearchCommonWords(t *testing.T) {
	ix := testIndex(t)
	// On a large site most words are common; pretend these are.
	ix.common = func(df, docs uint64) bool { return df > 2 }
	resp := search(t, ix, Request{Query: "bảo vệ môi trường làng nghề số 7"})
	if got := urls(resp); len(got) == 0 || got[0] != "/tin-tuc/moi-truong-06/" {
		t.Errorf("common words: got %q", got)
	}
	// A lone common word is looked for in titles and heads first.
	resp = search(t, ix, Request{Query: "nghề"})
	if resp.Total != 12 {
		t.Errorf("nghề: total %d, want 12", resp.Total)
	}
	// When nothing has the pairs together, any word will do.
	resp = search(t, ix, Request{Query: "làng bảo"})
	if resp.Total == 0 {
		t.Error("làng bảo: nothing found")
	}
}

func TestSearchBudget(t *testing.T) {
	ix := testIndex(t)
	want := urls(search(t, ix, Request{Query: "bảo vệ môi trường làng nghề số 11", Size: 3}))
	// Scoring only a few candidates keeps the total and facets exact and
	// still puts the page with the words in its title first.
	ix.budget = 2
	resp := search(t, ix, Request{Query: "bảo vệ môi trường làng nghề số 11", Size: 3})
	if resp.Total != 14 {
		t.Errorf("budget: total %d, want 14", resp.Total)
	}
	if got := urls(resp); len(got) != 3 || got[0] != want[0] {
		t.Errorf("budget: got %q, want %s first", got, want[0])
	}
	// Pages past the budget follow in a fixed order: paging sees every
	// result once.
	seen := map[string]bool{}
	for page := 1; page <= 5; page++ {
		for _, u := range urls(search(t, ix, Request{Query: "môi trường", Page: page, Size: 3})) {
			seen[u] = true
		}
	}
	if len(seen) != 14 {
		t.Errorf("budget: 5 pages of 3 saw %d pages, want all 14 once", len(seen))
	}
}

func TestSearchDeadline(t *testing.T) {
	ix := testIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ix.Search(ctx, Request{Query: "môi trường"})
	var rerr *RequestError
	if err == nil || errors.As(err, &rerr) {
		t.Errorf("cancelled search: %v, want a server error", err)
	}
}

func TestSuggest(t *testing.T) {
	ix := testIndex(t)
	tests := []struct {
		q, want string
	}{
		{"luật thủ", "/van-ban/luat-thuy-loi/"},
		{"luat th", "/van-ban/luat-thuy-loi/"},
		{"Đương s", "/hoi-dap/duong-su/"},
		{"45/2013", "/van-ban/luat-dat-dai-2013/"},
		{"1.0042", "/thu-tuc/nuoc-mat/"},
	}
	for _, tt := range tests {
		got, err := ix.Suggest(context.Background(), tt.q, 5)
		if err != nil {
			t.Errorf("Suggest(%q): %v", tt.q, err)
			continue
		}
		if len(got) == 0 || got[0].URL != tt.want {
			t.Errorf("Suggest(%q) = %+v, want %s first", tt.q, got, tt.want)
		}
	}
	if got, err := ix.Suggest(context.Background(), "  ", 5); err != nil || len(got) != 0 {
		t.Errorf("Suggest(blank) = %v, %v", got, err)
	}
	if got, err := ix.Suggest(context.Background(), "môi trường", 100); err != nil || len(got) > 10 {
		t.Errorf("Suggest(n=100) = %d suggestions, %v", len(got), err)
	}
	var rerr *RequestError
	if _, err := ix.Suggest(context.Background(), "\xff", 5); !errors.As(err, &rerr) {
		t.Errorf("Suggest(invalid UTF-8) = %v, want a *RequestError", err)
	}
}
