package e2e

// The site's search page /tim-kiem/ as a visitor meets it, served by the
// real search server over testdata/search-site: without JavaScript the
// server renders results and filters are plain links; with JavaScript
// /js/search.js searches as the person types, filters in place, keeps
// the address in step and lets the arrow keys walk the results.

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/minhbach/minhbach/internal/browsertest"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// What visitors type: no diacritics, and "sổ đỏ" for the certificate.
const (
	lostQuery = "cap lai so do"
	lostTitle = "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất"
	gcnQuery  = "giay chung nhan"
)

// startSearchSite builds testdata/search-site, indexes it and serves it
// with the search server. It returns the server, to stop it early.
func startSearchSite(t *testing.T) *httptest.Server {
	t.Helper()
	useRepoDartSass(t)
	dest, holder := buildAndIndex(t, "search-site", "")
	s, err := server.New(server.Options{SiteDir: dest, Holder: holder, Logger: log.New(testWriter{t}, "search: ", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

// searchView is what a visitor sees of the search page.
type searchView struct {
	URL         string
	Path, Query string
	Filters     url.Values
	Marker      string // a variable set in the window: gone after a page load
	Summary     string
	Total       string
	Titles      []string
	Types       []string
	Live        string // the polite live region
	Facets      []facetLink
	Chips       []string
	Snippets    int      // snippets shown
	Marks       int      // <mark>s in them
	Foreign     []string // elements in snippets other than <mark>
	Focus       string   // the focused element: tag, id, text
}

type facetLink struct {
	Text, Count, Href string
	Current           bool
}

// searchViewJS reads a searchView; it evaluates through the DevTools
// protocol, so it works with JavaScript off in the page too.
const searchViewJS = `(() => {
  const all = (s) => [...document.querySelectorAll(s)], one = (s) => document.querySelector(s), text = (s) => (one(s) || {}).textContent || "";
  const a = document.activeElement;
  return {
    URL: location.href, Marker: String(window.searchPageMarker || ""),
    Summary: text(".search-summary"), Total: text(".search-summary strong"),
    Titles: all(".search-hits .item-title a").map((a) => a.textContent),
    Types: all(".search-hits .item-type").map((s) => s.textContent),
    Live: text(".search-live"),
    Facets: all(".search-facets ul:not(.chips) a").map((a) => ({Text: a.textContent, Href: a.getAttribute("href"),
      Count: a.nextElementSibling ? a.nextElementSibling.textContent : "", Current: a.getAttribute("aria-current") === "true"})),
    Chips: all(".search-active a").map((a) => a.textContent),
    Snippets: all(".search-snippet").length, Marks: all(".search-snippet mark").length,
    Foreign: all(".search-snippet *").filter((e) => e.tagName !== "MARK").map((e) => e.outerHTML),
    Focus: a ? a.tagName + "#" + a.id + " " + a.textContent.trim() : "",
  };
})()`

func readSearch(t *testing.T, p *browsertest.Page) searchView {
	t.Helper()
	v := browsertest.Eval[searchView](p, searchViewJS)
	u, err := url.Parse(v.URL)
	if err != nil {
		t.Fatal(err)
	}
	v.Path, v.Query, v.Filters = u.Path, u.Query().Get("q"), u.Query()
	v.Filters.Del("q")
	return v
}

// facetJS is the filter link of the type facet labelled label.
func facetJS(label string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(".search-facets ul:not(.chips) a")].find((a) => a.textContent.replace("✓ ", "") === %q)`, label)
}

func (v searchView) facet(t *testing.T, label string) facetLink {
	t.Helper()
	for _, f := range v.Facets {
		if strings.TrimPrefix(f.Text, "✓ ") == label {
			return f
		}
	}
	t.Fatalf("no filter %q among %+v", label, v.Facets)
	return facetLink{}
}

// clickAt clicks an element with the mouse, scrolled into view first;
// follow waits for the page load the click starts. The tab asks for
// reduced motion, as some visitors do: the theme then scrolls at once,
// not smoothly, so a scroll that focus starts cannot move the element
// between finding it and clicking it.
func clickAt(t *testing.T, p *browsertest.Page, el string, follow bool) {
	t.Helper()
	_, err := chromedp.Call(p.Context(), emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	})
	if err != nil {
		t.Fatalf("asking for reduced motion: %v", err)
	}
	xy := browsertest.Eval[[]float64](p, `(() => { const e = `+el+`; e.scrollIntoView({block: "center", behavior: "instant"}); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)
	click := chromedp.MouseClickXY(xy[0], xy[1])
	if !follow {
		p.Do("clicking "+el, click)
		return
	}
	if _, err := chromedp.Run(p.Context(), chromedp.WaitEvent(page.LoadEventFired, nil, click)); err != nil {
		t.Fatalf("following %s: %v", el, err)
	}
}

// asServerJS reads the results and filters as a list of elements (tag,
// classes, the attributes that matter, links with their parameters in
// order) and the text without spaces: once as drawn in the page, once as
// the server renders the page's current address, which a reload shows.
const asServerJS = `(async () => {
  const norm = (h) => {
    const u = new URL(h, location.href);
    return u.pathname + "?" + new URLSearchParams([...u.searchParams].sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  };
  const attrs = ["href", "aria-current", "aria-label", "aria-labelledby", "rel", "start", "datetime", "title", "id"];
  const read = (doc) => [".search-results", ".search-facets"].flatMap((s) => {
    const root = doc.querySelector(s);
    return [...root.querySelectorAll("*")].map((e) => [e.tagName, e.className, ...attrs.filter((a) => e.hasAttribute(a))
      .map((a) => a + "=" + (a === "href" ? norm(e.getAttribute(a)) : e.getAttribute(a)))].join(" "))
      .concat(root.textContent.replace(/\s+/g, ""));
  });
  const server = new DOMParser().parseFromString(await (await fetch(location.href)).text(), "text/html");
  return [read(document), read(server)];
})()`

// assertAsServer fails the test unless the page shows what a reload of
// its address would show, in the server's markup.
func assertAsServer(t *testing.T, p *browsertest.Page) {
	t.Helper()
	got := browsertest.Eval[[2][]string](p, asServerJS)
	if !slices.Equal(got[0], got[1]) {
		for i := range max(len(got[0]), len(got[1])) {
			var a, b string
			if i < len(got[0]) {
				a = got[0][i]
			}
			if i < len(got[1]) {
				b = got[1][i]
			}
			if a != b {
				t.Errorf("the page differs from a reload of its address at element %d:\n page:   %s\n server: %s", i, a, b)
				return
			}
		}
	}
}

// apiAnswer asks /api/search directly.
func apiAnswer(t *testing.T, base string, v url.Values) (int, search.Response, string) {
	t.Helper()
	res, err := http.Get(base + "/api/search?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		search.Response
		Error string `json:"error"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatalf("the API's answer: %v", err)
	}
	return res.StatusCode, body.Response, body.Error
}

func hitTitles(r search.Response) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Title)
	}
	return out
}

// TestSearchPageWithoutJavaScript: with scripts off the server renders
// the results of a query typed without diacritics, and a filter is a
// link that loads the filtered page; its chip takes the filter off.
func TestSearchPageWithoutJavaScript(t *testing.T) {
	base := startSearchSite(t).URL
	p := browser.NewPage(t)
	p.DisableJavaScript()
	p.Navigate(base + "/tim-kiem/?" + url.Values{"q": {lostQuery}}.Encode())
	v := readSearch(t, p)
	if len(v.Titles) == 0 || v.Titles[0] != lostTitle {
		t.Fatalf("/tim-kiem/?q=%s shows %q, want %q first", lostQuery, v.Titles, lostTitle)
	}
	if v.Live != "" || v.Snippets == 0 || v.Marks == 0 {
		t.Errorf("without JavaScript: live region %q (want none), %d snippets with %d marks", v.Live, v.Snippets, v.Marks)
	}
	all := v.Total
	proc := v.facet(t, "Thủ tục")
	if proc.Current || proc.Count == "("+all+")" {
		t.Fatalf("the filter Thủ tục (%+v) must be off and narrow the %s results: pick a query that finds other types too", proc, all)
	}

	clickAt(t, p, facetJS("Thủ tục"), true)
	f := readSearch(t, p)
	if f.Path != "/tim-kiem/" || f.Query != lostQuery || !slices.Equal(f.Filters["type"], []string{"procedure"}) {
		t.Errorf("the filter led to %s?q=%s&%s, want q=%s&type=procedure", f.Path, f.Query, f.Filters.Encode(), lostQuery)
	}
	if "("+f.Total+")" != proc.Count || slices.ContainsFunc(f.Types, func(s string) bool { return s != "Thủ tục" }) {
		t.Errorf("filtered by Thủ tục %s: %s results of types %q, want %s, all Thủ tục", proc.Count, f.Total, f.Types, proc.Count)
	}
	if !f.facet(t, "Thủ tục").Current || !slices.Equal(f.Chips, []string{"Loại trang: Thủ tục ✕"}) {
		t.Errorf("the active filter shows as %+v and chips %q", f.facet(t, "Thủ tục"), f.Chips)
	}

	clickAt(t, p, `document.querySelector(".search-active a")`, true)
	if back := readSearch(t, p); back.Total != all || len(back.Filters) != 0 || len(back.Chips) != 0 {
		t.Errorf("taking the filter off shows %s results with filters %v and chips %q, want %s and none", back.Total, back.Filters, back.Chips, all)
	}
	p.AssertNoConsoleErrors()
}

// TestSearchPageSearchesAsYouType: with JavaScript, typing without
// diacritics shows the API's results in the page (no page load) and puts
// the query in the address, so a reload shows the same; a filter narrows
// the results in place; the arrow keys walk the result links and Escape
// goes back to the box; a live region says how many there are.
func TestSearchPageSearchesAsYouType(t *testing.T) {
	base := startSearchSite(t).URL
	p := browser.NewPage(t)
	p.Navigate(base + "/tim-kiem/")
	p.WaitFor(`document.querySelector(".search-live")`)
	browsertest.Eval[string](p, `window.searchPageMarker = "still this page"`)
	if v := readSearch(t, p); len(v.Titles) != 0 || len(v.Facets) != 0 {
		t.Fatalf("before any query the page shows %q and filters %+v", v.Titles, v.Facets)
	}

	p.Do("typing "+gcnQuery, chromedp.SendKeys(chromedp.CSS("#tk-q"), gcnQuery))
	// The address changes when the answer to the whole query is drawn;
	// a page load (the marker gone) is a failure, not something to wait out.
	p.WaitFor(fmt.Sprintf(`!window.searchPageMarker || new URL(location.href).searchParams.get("q") === %q`, gcnQuery))
	v := readSearch(t, p)
	if v.Marker != "still this page" {
		t.Fatalf("typing loaded a new page; the results must come in place")
	}
	_, api, _ := apiAnswer(t, base, url.Values{"q": {gcnQuery}})
	if !slices.Equal(v.Titles, hitTitles(api)) || v.Total != fmt.Sprint(api.Total) {
		t.Errorf("the page shows %s results %q; the API answers %d: %q", v.Total, v.Titles, api.Total, hitTitles(api))
	}
	if want := fmt.Sprintf("Có %d kết quả", api.Total); v.Live != want {
		t.Errorf("the live region says %q, want %q", v.Live, want)
	}
	if !strings.Contains(v.Summary, "«"+gcnQuery+"»") {
		t.Errorf("the summary %q does not repeat the query", v.Summary)
	}
	if v.Marks == 0 || len(v.Foreign) != 0 {
		t.Errorf("snippets: %d marks, other elements %q; want marks and nothing else", v.Marks, v.Foreign)
	}
	assertAsServer(t, p)

	proc := v.facet(t, "Thủ tục")
	if proc.Count == "("+v.Total+")" {
		t.Fatalf("the filter Thủ tục %s would not narrow %s results: pick a query that finds other types too", proc.Count, v.Total)
	}
	clickAt(t, p, facetJS("Thủ tục"), false)
	p.WaitFor(`new URL(location.href).searchParams.get("type") === "procedure"`)
	f := readSearch(t, p)
	if f.Marker != "still this page" || f.Query != gcnQuery {
		t.Fatalf("the filter loaded a new page or lost the query (%q)", f.Query)
	}
	if "("+f.Total+")" != proc.Count || f.Live != "Có "+f.Total+" kết quả" || slices.ContainsFunc(f.Types, func(s string) bool { return s != "Thủ tục" }) {
		t.Errorf("filtered by Thủ tục %s: %s results of types %q, live region %q", proc.Count, f.Total, f.Types, f.Live)
	}
	if !f.facet(t, "Thủ tục").Current || !slices.Equal(f.Chips, []string{"Loại trang: Thủ tục ✕"}) {
		t.Errorf("the active filter shows as %+v and chips %q", f.facet(t, "Thủ tục"), f.Chips)
	}
	if !strings.HasPrefix(f.Focus, "A# ✓ Thủ tục") {
		t.Errorf("after filtering the focus is on %q, want the filter link", f.Focus)
	}
	assertAsServer(t, p)
	if len(f.Titles) < 2 {
		t.Fatalf("the keyboard check needs two results, got %q", f.Titles)
	}

	focus := func() string { return readSearch(t, p).Focus }
	p.Do("focusing the box", chromedp.Focus(chromedp.CSS("#tk-q")))
	for _, step := range []struct {
		name, key, want string
	}{
		{"ArrowDown", kb.ArrowDown, "A# " + f.Titles[0]},
		{"ArrowDown", kb.ArrowDown, "A# " + f.Titles[1]},
		{"ArrowUp", kb.ArrowUp, "A# " + f.Titles[0]},
		{"ArrowDown", kb.ArrowDown, "A# " + f.Titles[1]},
		{"Escape", kb.Escape, "INPUT#tk-q "},
	} {
		p.Do("pressing "+step.name, chromedp.KeyEvent(step.key))
		if got := focus(); got != step.want {
			t.Fatalf("after %s the focus is on %q, want %q", step.name, got, step.want)
		}
	}
	if v := readSearch(t, p); v.Marker != "still this page" || v.Query != gcnQuery {
		t.Errorf("the keys changed the page: marker %q, query %q", v.Marker, v.Query)
	}
	p.AssertNoConsoleErrors()
	p.AssertAccessible()
}

// TestSearchPageShowsTheAPIsError: a query over the length limit gets
// the API's own message in the page, in place of the results.
func TestSearchPageShowsTheAPIsError(t *testing.T) {
	base := startSearchSite(t).URL
	p := browser.NewPage(t)
	p.Navigate(base + "/tim-kiem/")
	p.WaitFor(`document.querySelector(".search-live")`)
	long := strings.Repeat("đất ", 51)
	status, _, msg := apiAnswer(t, base, url.Values{"q": {long}})
	if status != http.StatusBadRequest || msg == "" {
		t.Fatalf("the API answers a long query with %d %q, want 400 and a message", status, msg)
	}
	vi, _, _ := strings.Cut(msg, " / ")
	p.Do("typing a long query", chromedp.SendKeys(chromedp.CSS("#tk-q"), long))
	// The address changes when the answer to the whole query is shown.
	p.WaitFor(fmt.Sprintf(`new URL(location.href).searchParams.get("q") === %q`, long))
	text := browsertest.Eval[string](p, `document.querySelector(".search-error").textContent`)
	if text != "Không tìm được. "+vi+"." {
		t.Errorf("the page says %q, want the API's message %q", text, vi)
	}
	if v := readSearch(t, p); len(v.Titles) != 0 || len(v.Facets) != 0 {
		t.Errorf("beside the error the page still shows %q and filters %+v", v.Titles, v.Facets)
	}
	for _, pr := range p.Problems() {
		// Chromium logs the 400 answer itself; nothing else may fail.
		if !strings.Contains(pr, "400") {
			t.Errorf("problem in the page: %s", pr)
		}
	}
	p.AssertAccessible()
}

// TestSearchPageWhenTheServiceIsDown: the page first loaded with a query
// shows the server's results and asks the API nothing; when the API
// cannot be reached, typing leaves those results and says why.
func TestSearchPageWhenTheServiceIsDown(t *testing.T) {
	srv := startSearchSite(t)
	p := browser.NewPage(t)
	p.Navigate(srv.URL + "/tim-kiem/?" + url.Values{"q": {gcnQuery}}.Encode())
	p.WaitFor(`document.querySelector(".search-live")`)
	before := readSearch(t, p)
	if len(before.Titles) == 0 {
		t.Fatalf("the server rendered no results for %q", gcnQuery)
	}
	for _, r := range p.Requests() {
		if strings.Contains(r, "/api/") {
			t.Errorf("loading a page of results asked the API: %s", r)
		}
	}
	srv.Close()
	p.Do("typing", chromedp.SendKeys(chromedp.CSS("#tk-q"), " moi"))
	p.WaitFor(`(() => { const n = document.querySelector(".search-down"); return n && !n.hidden && n.textContent; })()`)
	after := readSearch(t, p)
	if !slices.Equal(after.Titles, before.Titles) || after.Summary != before.Summary || after.Query != gcnQuery {
		t.Errorf("with the service down the page changed: %q %q (q=%s), was %q %q", after.Titles, after.Summary, after.Query, before.Titles, before.Summary)
	}
	for _, pr := range p.Problems() {
		// Chromium logs refused connections itself (the API's, and the
		// favicon's when it asks late); the script must log nothing.
		if !strings.Contains(pr, "ERR_CONNECTION_REFUSED") {
			t.Errorf("problem in the page: %s", pr)
		}
	}
}

// TestSearchPagePagesInPlace: with a small page size in the address,
// the pagination links (the server's, then the drawn ones) and the sort
// links search in place and move the focus to the new summary; a query
// that finds nothing reads as the server's.
func TestSearchPagePagesInPlace(t *testing.T) {
	base := startSearchSite(t).URL
	p := browser.NewPage(t)
	p.Navigate(base + "/tim-kiem/?" + url.Values{"q": {gcnQuery}, "size": {"2"}}.Encode())
	p.WaitFor(`document.querySelector(".search-live")`)
	browsertest.Eval[string](p, `window.searchPageMarker = "still this page"`)
	first := readSearch(t, p)
	if len(first.Titles) != 2 {
		t.Fatalf("with size=2 the server shows %q", first.Titles)
	}

	clickAt(t, p, `document.querySelector(".pagination a[rel=next]")`, false)
	p.WaitFor(`new URL(location.href).searchParams.get("page") === "2"`)
	second := readSearch(t, p)
	if second.Marker != "still this page" || len(second.Titles) == 0 || slices.Equal(second.Titles, first.Titles) {
		t.Errorf("page 2 shows %q (page 1: %q), marker %q", second.Titles, first.Titles, second.Marker)
	}
	if !strings.HasPrefix(second.Focus, "P# Tìm thấy") || !strings.Contains(second.Summary, "trang 2/") {
		t.Errorf("after paging the focus is on %q, summary %q; want the summary of page 2", second.Focus, second.Summary)
	}
	assertAsServer(t, p)

	clickAt(t, p, `[...document.querySelectorAll(".search-sort a")].find((a) => a.textContent === "Mới nhất")`, false)
	p.WaitFor(`new URL(location.href).searchParams.get("sort") === "-date"`)
	if v := readSearch(t, p); v.Filters.Get("page") != "" || v.Marker != "still this page" {
		t.Errorf("sorting led to %s, want page 1 in place", v.URL)
	}
	assertAsServer(t, p)

	// A query that finds nothing says so, as the server does.
	const nothing = "qwxzvkj"
	browsertest.Eval[string](p, `document.querySelector("#tk-q").value = ""`)
	p.Do("typing "+nothing, chromedp.SendKeys(chromedp.CSS("#tk-q"), nothing))
	p.WaitFor(fmt.Sprintf(`new URL(location.href).searchParams.get("q") === %q`, nothing))
	if v := readSearch(t, p); len(v.Titles) != 0 || v.Live != "Không có kết quả nào" {
		t.Errorf("for %q the page shows %q, live region %q", nothing, v.Titles, v.Live)
	}
	assertAsServer(t, p)
	p.AssertNoConsoleErrors()
}
