package server

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/search"
)

func TestSearchPage(t *testing.T) {
	ts := newTestServer(t, nil)
	q := "giấy chứng nhận"
	resp, body := ts.get(t, "/tim-kiem/?q="+url.QueryEscape(q))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp.Header.Get("Cache-Control") != "no-cache" || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("headers %v", resp.Header)
	}
	for _, want := range []string{
		`<input id="tk-q" type="search" name="q" data-minhbach-q="" placeholder="Gõ value=&#34;x&#34;" autocomplete="off" value="giấy chứng nhận">`,
		`<input id="o" type="search" name="q" placeholder="Tìm…">`, // the header's box is not marked: untouched
		`<a href="/thu-tuc/cap-giay-chung-nhan/">Cấp Giấy chứng nhận quyền sử dụng đất lần đầu</a>`,
		`<span class="item-type">Thủ tục</span>`,
		`<span>Mã 1.004227</span>`,
		`<mark>`,
		`class="search-summary"`,
		`<aside class="search-facets"><h2 id="loc-`, // facets went into their container
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "minhbach:results") || strings.Contains(body, "minhbach:facets") {
		t.Errorf("placeholders left in the page")
	}
	if strings.Count(body, `value="`) != 1 {
		t.Errorf("the marked input has a stale value too:\n%s", body)
	}

	// A document shows its type and status badges.
	_, body = ts.get(t, "/tim-kiem/?q="+url.QueryEscape("luật đất đai"))
	for _, want := range []string{`<span class="item-type">Văn bản</span>`, `<span class="status status-in-force">còn hiệu lực</span>`,
		`<span class="status status-expired">hết hiệu lực toàn bộ</span>`, `<span class="doc-number">31/2024/QH15</span>`} {
		if !strings.Contains(body, want) {
			t.Errorf("document results lack %s", want)
		}
	}
}

// TestSearchPageEscapes: what a visitor types, and what pages contain,
// comes back as text, never as markup.
func TestSearchPageEscapes(t *testing.T) {
	ts := newTestServer(t, nil)
	evil := `"><script>alert(1)</script>`
	resp, body := ts.get(t, "/tim-kiem/?q="+url.QueryEscape(evil))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d", resp.StatusCode)
	}
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatalf("query came back as markup:\n%s", body)
	}
	if !strings.Contains(body, `value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`) {
		t.Errorf("query not escaped in the input's value:\n%s", body)
	}
	// A page whose title and text hold markup-like text.
	_, body = ts.get(t, "/tim-kiem/?q="+url.QueryEscape("hướng dẫn viết tờ khai"))
	if strings.Contains(body, "<script>") {
		t.Fatalf("page text came back as markup:\n%s", body)
	}
	if !strings.Contains(body, "Hướng dẫn viết &lt;script&gt; trong hồ sơ") {
		t.Errorf("title not shown escaped:\n%s", body)
	}
}

// TestSearchPageLinks: pagination, sorting and facets are plain GET links
// that keep the query and the filters, so the page works without script.
func TestSearchPageLinks(t *testing.T) {
	ts := newTestServer(t, nil)
	_, body := ts.get(t, "/tim-kiem/?q=th%C3%B4ng+b%C3%A1o&type=news&size=5")
	next := link(t, body, `rel="next"`)
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	v := u.Query()
	if u.Path != "/tim-kiem/" || v.Get("page") != "2" || v.Get("type") != "news" || v.Get("size") != "5" || v.Get("q") != "thông báo" {
		t.Fatalf("next link %q drops state", next)
	}
	resp, body := ts.get(t, next)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `rel="prev"`) || !strings.Contains(body, `<ol class="page-list search-hits" start="6">`) {
		t.Errorf("page 2: %d", resp.StatusCode)
	}

	// A facet link adds a filter; the active filter links back without it.
	_, body = ts.get(t, "/tim-kiem/?q="+url.QueryEscape("đất đai"))
	add := link(t, body, `href="/tim-kiem/?fields=`)
	if !strings.Contains(add, "q=") {
		t.Fatalf("facet link %q lacks the query", add)
	}
	resp, body = ts.get(t, add)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Đang lọc") || !strings.Contains(body, `aria-current="true" class="facet-active"`) {
		t.Fatalf("after adding a filter: %d", resp.StatusCode)
	}
	remove := link(t, body, `aria-label="Bỏ lọc`)
	if ru, _ := url.Parse(remove); ru.Query().Has("fields") {
		t.Errorf("remove link %q keeps the filter", remove)
	}

	// Sorting links.
	newest := link(t, body, `>Mới nhất`)
	if nu, _ := url.Parse(newest); nu.Query().Get("sort") != "-date" || !nu.Query().Has("fields") {
		t.Errorf("sort link %q", newest)
	}
}

// link finds the href of the first <a> whose tag contains marker.
func link(t *testing.T, body, marker string) string {
	t.Helper()
	for _, m := range regexp.MustCompile(`<a [^>]*>[^<]*`).FindAllString(body, -1) {
		if strings.Contains(m, marker) {
			if h := regexp.MustCompile(`href="([^"]*)"`).FindStringSubmatch(m); h != nil {
				return html.UnescapeString(h[1])
			}
		}
	}
	t.Fatalf("no link with %s in:\n%s", marker, body)
	return ""
}

func TestSearchPageStates(t *testing.T) {
	ts := newTestServer(t, nil)
	// Before a search: the bare form, 200.
	for _, p := range []string{"/tim-kiem/", "/tim-kiem/?q=", "/tim-kiem/?q=+"} {
		resp, body := ts.get(t, p)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "minhbach:") || boxValue(t, body) != "" {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		if strings.Contains(body, "search-summary") || strings.Contains(body, "role=\"alert\"") {
			t.Errorf("%s shows results or an error", p)
		}
	}
	// No results.
	_, body := ts.get(t, "/tim-kiem/?q=xyzzyqwv")
	if !strings.Contains(body, "Không tìm thấy kết quả nào cho «xyzzyqwv»") {
		t.Errorf("no-results message missing")
	}
	// Bad input: the message in the page, status 400, the query kept.
	for _, c := range []struct{ query, msg string }{
		{"q=dat&page=abc", "page phải là số nguyên"},
		{"q=dat&size=500", "size (số kết quả mỗi trang) phải từ 1 đến 50"},
		{"q=dat&size=0", "size phải từ 1 trở lên"},
		{"q=dat&sort=cu", "không hợp lệ; hãy dùng relevance, date hoặc -date"},
		{"q=dat&bogus=1", "tham số không xác định"},
		{"q=%FF", "UTF-8"},
		{"q=dat+dai&page=99", "không có trang 99"},
	} {
		resp, body := ts.get(t, "/tim-kiem/?"+c.query)
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("%s: %d %q", c.query, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, c.msg) {
			t.Errorf("%s: message %q missing", c.query, c.msg)
		}
		if !utf8.ValidString(body) {
			t.Errorf("%s: page is not UTF-8", c.query)
		}
	}
	_, body = ts.get(t, "/tim-kiem/?q=dat&page=abc")
	if got := boxValue(t, body); got != "dat" {
		t.Errorf("bad request page lost the query: box holds %q", got)
	}
}

func TestEmbedPage(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.get(t, "/embed/?q="+url.QueryEscape("thông báo")+"&size=5")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d", resp.StatusCode)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'self' "+allowedOrigin) || resp.Header.Get("X-Frame-Options") != "" {
		t.Errorf("/embed/ must be frameable by %s: CSP %q, X-Frame-Options %q", allowedOrigin, csp, resp.Header.Get("X-Frame-Options"))
	}
	if !strings.Contains(body, `target="_blank" rel="noopener"`) {
		t.Errorf("embed result links do not open a new tab")
	}
	if next := link(t, body, `rel="next"`); !strings.HasPrefix(next, "/embed/?") {
		t.Errorf("embed pagination leaves the embed: %q", next)
	}
	// The site's other pages are not frameable by other origins.
	resp, _ = ts.get(t, "/tim-kiem/?q=dat")
	if strings.Contains(resp.Header.Get("Content-Security-Policy"), allowedOrigin) {
		t.Errorf("/tim-kiem/ frameable by %s", allowedOrigin)
	}
}

// TestSearchPageWithoutFrame: a site without the search layouts still
// gets a working search page.
func TestSearchPageWithoutFrame(t *testing.T) {
	ts := newTestServer(t, nil)
	if err := os.Remove(filepath.Join(ts.dir, "site", "tim-kiem", "index.html")); err != nil {
		t.Fatal(err)
	}
	resp, body := ts.get(t, "/tim-kiem/?q=dat")
	if resp.StatusCode != http.StatusOK || boxValue(t, body) != "dat" || !strings.Contains(body, "search-hits") {
		t.Errorf("%d\n%s", resp.StatusCode, body)
	}
}

// TestFrame: the page is read as HTML, so only a real start tag with
// data-minhbach-q takes the query and only real comments take the
// results; markers quoted in attributes, text or scripts stay as written.
func TestFrame(t *testing.T) {
	const r = "<!--minhbach:results-->"
	for _, c := range []struct{ name, in, q, facets, want string }{
		{"escaped", `<input name="q" data-minhbach-q>` + r, "a&b<", "", `<input name="q" data-minhbach-q="" value="a&amp;b&lt;">R`},
		{"old value out", `<input name="q" value="" data-minhbach-q>` + r, "x", "", `<input name="q" data-minhbach-q="" value="x">R`},
		{"upper case, single quotes", `<INPUT data-minhbach-q VALUE='old' name=q>` + r, "x", "", `<input data-minhbach-q="" name="q" value="x">R`},
		{"self-closing", `<input data-minhbach-q/>` + r, `"`, "", `<input data-minhbach-q="" value="&#34;"/>R`},
		{"attribute values are not attributes", `<input title="value=x data-minhbach-q" data-value="k">` + r, "y", "", `<input title="value=x data-minhbach-q" data-value="k">R`},
		{"text is not a tag", `<p>the attribute data-minhbach-q marks the box</p>` + r, "y", "", `<p>the attribute data-minhbach-q marks the box</p>R`},
		{"longer name", `<input data-minhbach-query>` + r, "y", "", `<input data-minhbach-query>R`},
		{"every box", `<input name=a data-minhbach-q><input name=b data-minhbach-q>` + r, "y", "", `<input name="a" data-minhbach-q="" value="y"><input name="b" data-minhbach-q="" value="y">R`},
		{"facets in place", `<aside><!-- minhbach:facets --></aside>` + r, "", "F", `<aside>F</aside>R`},
		{"facets with results when no place", r, "", "F", `<aside class="search-facets" aria-label="Lọc kết quả">F</aside>` + "\nR"},
		{"comment in a script", `<script>var s = "<!--minhbach:results-->";</script><main></main>`, "", "F", `<script>var s = "<!--minhbach:results-->";</script><main>` + "<aside class=\"search-facets\" aria-label=\"Lọc kết quả\">F</aside>\nR</main>"},
		{"before the last main", `<main><main></main></main><p>`, "", "F", `<main><main></main>` + "<aside class=\"search-facets\" aria-label=\"Lọc kết quả\">F</aside>\nR</main><p>"},
		{"before body", `<body><p></body>`, "", "F", "<body><p><aside class=\"search-facets\" aria-label=\"Lọc kết quả\">F</aside>\nR</body>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := parseFrame([]byte(c.in), "results")
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			f.write(&b, searchFill(f, c.q, "R", c.facets))
			if got := b.String(); got != c.want {
				t.Errorf("page %q, query %q\n got %q\nwant %q", c.in, c.q, got, c.want)
			}
		})
	}
}

// boxValue is the value of the search box marked data-minhbach-q, read
// as a browser reads it.
func boxValue(t *testing.T, body string) string {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type != xhtml.ElementNode {
			continue
		}
		marked, value := false, ""
		for _, a := range n.Attr {
			switch a.Key {
			case "data-minhbach-q":
				marked = true
			case "value":
				value = a.Val
			}
		}
		if marked {
			return value
		}
	}
	t.Fatal("no search box marked data-minhbach-q")
	return ""
}

// TestSearchTemplatesFromSite: the results take the look of the
// templates the build left in the site folder, pick up a new build's
// without a restart, and fall back to the theme's when the site's fail,
// so a broken override never costs citizens their results.
func TestSearchTemplatesFromSite(t *testing.T) {
	ts := newTestServer(t, nil)
	dir := filepath.Join(ts.dir, "site", layouts.PrivateDir, "search")
	put := func(results string) {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range layouts.ServerTemplates {
			src, err := layouts.FS.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if name == "search/results.html" {
				src = []byte(results)
			}
			// A new build writes new files: remove first, so the
			// stamp (size and time) changes as it does in a build.
			p := filepath.Join(ts.dir, "site", layouts.PrivateDir, filepath.FromSlash(name))
			_ = os.Remove(p)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	find := func() string {
		t.Helper()
		resp, body := ts.get(t, "/tim-kiem/?q="+url.QueryEscape("đất đai"))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		return body
	}
	if body := find(); !strings.Contains(body, `class="page-list search-hits"`) {
		t.Fatalf("the theme's results are missing:\n%s", body)
	}
	put(`{{ if .Resp }}<p class="so-ket-qua">{{ .Resp.Total }} kết quả cho {{ .Query }}</p>{{ end }}`)
	if body := find(); !strings.Contains(body, `<p class="so-ket-qua">`) || !strings.Contains(body, "kết quả cho đất đai") || strings.Contains(body, "search-hits") {
		t.Errorf("the site's results template is not used:\n%s", body)
	}
	put(`{{ .Resp.NoSuchField }}`)
	if body := find(); !strings.Contains(body, `class="page-list search-hits"`) {
		t.Errorf("a failing site template left no results:\n%s", body)
	}
	if !strings.Contains(ts.logs.String(), "NoSuchField") {
		t.Errorf("the failing template was not logged: %s", ts.logs.String())
	}
	put(`{{ if .Resp }`)
	if body := find(); !strings.Contains(body, `class="page-list search-hits"`) {
		t.Errorf("a site template that does not parse left no results:\n%s", body)
	}
	if resp, _ := ts.get(t, "/"+layouts.PrivateDir+"/search/results.html"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the private folder is served: %d", resp.StatusCode)
	}
}

func TestSafeSnippet(t *testing.T) {
	for in, want := range map[string]string{
		"a <mark>đất</mark> &amp; b":        "a <mark>đất</mark> &amp; b",
		"<script>x</script> <mark>a</mark>": "&lt;script&gt;x&lt;/script&gt; a",
		"<mark onclick=x>a</mark>":          "&lt;mark onclick=x&gt;a",
	} {
		if got := string(safeSnippet(in)); got != want {
			t.Errorf("safeSnippet(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFacetView: long facets fold the rest behind "more" but keep active
// values in sight; years run newest first.
func TestFacetView(t *testing.T) {
	resp := &search.Response{Total: 30, Facets: map[string][]search.FacetValue{}}
	for i := range 12 {
		resp.Facets["fields"] = append(resp.Facets["fields"], search.FacetValue{Value: "Lĩnh vực " + strconv.Itoa(i), Count: 20 - i})
	}
	resp.Facets["year"] = []search.FacetValue{{Value: "2013", Count: 9}, {Value: "2025", Count: 3}, {Value: "2024", Count: 5}}
	req := search.Request{Query: "đất", Page: 1, Size: 10, Filters: map[string][]string{"fields": {"Lĩnh vực 11", "Không còn"}}}
	v := newResultsView("/tim-kiem/", false, req, resp)
	var fields, years *facetView
	for i := range v.Facets {
		switch v.Facets[i].Key {
		case "fields":
			fields = &v.Facets[i]
		case "year":
			years = &v.Facets[i]
		}
	}
	if fields == nil || years == nil {
		t.Fatalf("facets %+v", v.Facets)
	}
	if len(fields.Values) != facetShown+2 || len(fields.More) != 12+1-len(fields.Values) {
		t.Errorf("shown %d, more %d", len(fields.Values), len(fields.More))
	}
	var active []string
	for _, lv := range fields.Values {
		if lv.Active {
			active = append(active, lv.Label)
		}
	}
	if strings.Join(active, "|") != "Lĩnh vực 11|Không còn" {
		t.Errorf("active values shown: %v", active)
	}
	if years.Values[0].Label != "2025" || years.Values[2].Label != "2013" {
		t.Errorf("years %+v", years.Values)
	}
	if len(v.Active) != 2 {
		t.Errorf("active chips %+v", v.Active)
	}
}

// TestFrameTitle: a fill can name the page in its <title> (the site's
// name after " — " stays); without one the title is as the build wrote it.
func TestFrameTitle(t *testing.T) {
	f, err := parseFrame([]byte(`<html><head><title>Ý kiến của người dân — Cổng &amp; Sở</title></head><body><main><!--minhbach:participation--></main></body></html>`), "participation")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	f.write(&b, fill{Title: "Góp ý <7K2QD>", Slots: map[string]string{"participation": "X"}})
	if want := `<title>Góp ý &lt;7K2QD&gt; — Cổng &amp; Sở</title>`; !strings.Contains(b.String(), want) {
		t.Errorf("got %s, want %s", b.String(), want)
	}
	b.Reset()
	f.write(&b, fill{})
	if !strings.Contains(b.String(), `<title>Ý kiến của người dân — Cổng &amp; Sở</title>`) {
		t.Errorf("without a title: %s", b.String())
	}
}

// TestFrameReplacesWhatTheBuildWrote: what the build put into a slot
// (the answers as of the build) is replaced whole by the live fill.
func TestFrameReplacesWhatTheBuildWrote(t *testing.T) {
	f, err := parseFrame([]byte(`<main><p>a</p><!--minhbach:answers--><section>cũ <!-- note --></section><!--/minhbach:answers--><p>b</p></main>`), "")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	f.write(&b, fill{Slots: map[string]string{"answers": "<section>mới</section>"}})
	if got, want := b.String(), `<main><p>a</p><section>mới</section><p>b</p></main>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !f.dynamic {
		t.Error("a page with answers is not filled at each request")
	}
}
