package server

import (
	"encoding/json"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/search/searchtest"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestAPISearch checks the answer's shape as interfaces.md fixes it.
func TestAPISearch(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.get(t, "/api/search?q="+url.QueryEscape("giấy chứng nhận quyền sử dụng đất"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	for _, key := range []string{"query", "total", "took_ms", "hits", "facets"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("answer lacks %q: %s", key, body)
		}
	}
	var r search.Response
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if r.Total == 0 || len(r.Hits) == 0 {
		t.Fatalf("no hits: %s", body)
	}
	first := r.Hits[0]
	if first.URL != "/thu-tuc/cap-giay-chung-nhan/" || first.Type != "procedure" || first.Code != "1.004227" {
		t.Errorf("first hit %+v, want the procedure", first)
	}
	if !strings.Contains(body, `"snippet":`) || !strings.Contains(body, "<mark>") {
		t.Errorf("snippets lack <mark> (or it came escaped as \\u003c): %s", body)
	}
	if len(r.Facets["type"]) == 0 {
		t.Errorf("no type facet: %s", body)
	}
	for _, f := range r.Facets["type"] {
		if f.Value == "" || f.Count <= 0 {
			t.Errorf("facet value %+v", f)
		}
	}

	// Filters (repeatable, OR within a key), a number lookup, sorting,
	// paging.
	_, body = ts.get(t, "/api/search?q=dat+dai&type=procedure&type=document&size=50")
	r = search.Response{}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 {
		t.Fatalf("no hits with filters: %s", body)
	}
	for _, h := range r.Hits {
		if h.Type != "procedure" && h.Type != "document" {
			t.Errorf("filter type=procedure|document let %s (%s) through", h.URL, h.Type)
		}
	}
	_, body = ts.get(t, "/api/search?q=45%2F2013%2FQH13")
	r = search.Response{}
	json.Unmarshal([]byte(body), &r)
	if len(r.Hits) == 0 || r.Hits[0].Number != "45/2013/QH13" || r.Hits[0].Status != "hết hiệu lực toàn bộ" {
		t.Errorf("number lookup: %s", body)
	}
	_, body = ts.get(t, "/api/search?q=th%C3%B4ng+b%C3%A1o&type=news&sort=-date&size=5&page=2")
	r = search.Response{}
	json.Unmarshal([]byte(body), &r)
	if r.Page != 2 || r.Size != 5 || len(r.Hits) != 5 {
		t.Fatalf("page 2 of 5: %s", body)
	}
	for i := 1; i < len(r.Hits); i++ {
		if r.Hits[i-1].Date < r.Hits[i].Date {
			t.Errorf("sort=-date: %s before %s", r.Hits[i-1].Date, r.Hits[i].Date)
		}
	}

	// HEAD answers the headers only.
	resp, body = ts.do(t, http.MethodHead, "/api/search?q=dat")
	if resp.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD: %d %q", resp.StatusCode, body)
	}
}

// TestAPIBadRequests: every mistake a visitor can make is a 400 with a
// message in both languages, never a 500 or a stack trace.
func TestAPIBadRequests(t *testing.T) {
	ts := newTestServer(t, nil)
	long := strings.Repeat("đất ", search.MaxQueryLength/4+1)
	cases := []struct{ name, query string }{
		{"no q", ""},
		{"empty q", "q="},
		{"blank q", "q=%20%20%09"},
		{"over-long q", "q=" + url.QueryEscape(long)},
		{"unknown parameter", "q=dat&color=red"},
		{"unknown filter-like parameter", "q=dat&agency=So"},
		{"repeated q", "q=dat&q=nuoc"},
		{"non-numeric page", "q=dat&page=two"},
		{"page zero", "q=dat&page=0"},
		{"negative page", "q=dat&page=-1"},
		{"page past the end", "q=dat+dai&page=999"},
		{"page far too deep", "q=dat&page=100000000000000000000"},
		{"size over the cap", "q=dat&size=51"},
		{"size zero", "q=dat&size=0"},
		{"non-numeric size", "q=dat&size=ten"},
		{"unknown sort", "q=dat&sort=title"},
		{"broken UTF-8 in q", "q=%C3%28"},
		{"lone byte in q", "q=%FF"},
		{"broken UTF-8 in a filter", "q=dat&fields=%E1%BA"},
		{"broken UTF-8 in a key", "q=dat&%FF=1"},
		{"NUL in q", "q=a%00b"},
		{"bad escape", "q=%zz"},
		{"semicolon separator", "q=dat;type=news"},
		{"year not a number", "q=dat&year=abc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := ts.get(t, "/api/search?"+c.query)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", resp.StatusCode, body)
			}
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(body), &e); err != nil || !strings.Contains(e.Error, " / ") {
				t.Fatalf("want {\"error\": \"VI / EN\"}, got %s", body)
			}
			if !utf8.ValidString(body) || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
				t.Errorf("error leaks internals: %s", body)
			}
			if resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
			}
		})
	}
	// Suggest shares the rules.
	for _, q := range []string{"", "q=", "q=%FF", "q=dat&n=99", "q=dat&x=1"} {
		if resp, body := ts.get(t, "/api/suggest?"+q); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("/api/suggest?%s: %d %s", q, resp.StatusCode, body)
		}
	}
	if strings.Contains(ts.logs.String(), "panic") {
		t.Errorf("server logged a panic:\n%s", ts.logs)
	}
}

func TestAPIMethods(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		for _, p := range []string{"/api/search?q=dat", "/api/health", "/", "/tim-kiem/?q=dat"} {
			resp, body := ts.do(t, m, p)
			if resp.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(resp.Header.Get("Allow"), "GET") {
				t.Errorf("%s %s: %d Allow=%q %s", m, p, resp.StatusCode, resp.Header.Get("Allow"), body)
			}
		}
	}
	resp, body := ts.get(t, "/api/nope")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"error"`) {
		t.Errorf("unknown API path: %d %s", resp.StatusCode, body)
	}
}

func TestAPICORS(t *testing.T) {
	ts := newTestServer(t, nil)
	const path = "/api/search?q=dat+dai"

	resp, body := ts.get(t, path, "Origin", allowedOrigin)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != allowedOrigin {
		t.Errorf("allowed origin: %d ACAO=%q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	if !strings.Contains(resp.Header.Get("Vary"), "Origin") {
		t.Errorf("Vary %q lacks Origin", resp.Header.Get("Vary"))
	}

	resp, body = ts.get(t, path, "Origin", "https://evil.example")
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin: %d ACAO=%q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	if strings.Contains(body, "hits") || !strings.Contains(body, `"error"`) {
		t.Errorf("other origin got data: %s", body)
	}

	// The site itself (same host) may call its own API.
	if resp, _ = ts.get(t, path, "Origin", ts.URL); resp.StatusCode != http.StatusOK {
		t.Errorf("same origin: %d", resp.StatusCode)
	}
	// No Origin: not a browser across origins; no CORS headers.
	resp, _ = ts.get(t, path)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("no origin: %d ACAO=%q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}

	resp, body = ts.do(t, http.MethodOptions, path, "Origin", allowedOrigin,
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "content-type")
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != allowedOrigin ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "GET") || body != "" {
		t.Errorf("preflight: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	resp, _ = ts.do(t, http.MethodOptions, path, "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from other origin: %d ACAO=%q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestAPIHealth(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.get(t, "/api/health")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var h HealthResponse
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatal(err)
	}
	if h.Status != "ok" || h.Documents != uint64(len(searchtest.Pages())) {
		t.Errorf("health %+v, want %d documents", h, len(searchtest.Pages()))
	}
	if got, err := time.Parse(time.RFC3339, h.BuiltAt); err != nil || !got.Equal(searchtest.BuiltAt) {
		t.Errorf("built_at %q, want %v", h.BuiltAt, searchtest.BuiltAt)
	}

	// Without an index the API says so with 503, not 500.
	srv, err := New(Options{SiteDir: ts.srv.opts.SiteDir})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/health", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("no index: %d %s", rec.Code, rec.Body)
	}
}

func TestAPISuggest(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.get(t, "/api/suggest?q="+url.QueryEscape("giấy chứng"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var s SuggestResponse
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Suggestions) == 0 || s.Suggestions[0].URL == "" || s.Suggestions[0].Title == "" {
		t.Fatalf("suggestions %s", body)
	}
	found := false
	for _, sg := range s.Suggestions {
		found = found || sg.URL == "/thu-tuc/cap-giay-chung-nhan/"
	}
	if !found {
		t.Errorf("suggestions for %q lack the procedure: %s", "giấy chứng", body)
	}
	_, body = ts.get(t, "/api/suggest?n=1&q="+url.QueryEscape("luật đất"))
	s = SuggestResponse{}
	json.Unmarshal([]byte(body), &s)
	if len(s.Suggestions) != 1 {
		t.Errorf("n=1: %s", body)
	}
}

// FuzzAPISearch: whatever the query string, the API answers 200 or 400
// with valid UTF-8 JSON, never a 500 or a panic.
func FuzzAPISearch(f *testing.F) {
	for _, s := range []string{"q=dat", "q=%C3%28", "q=s%E1%BB%95+%C4%91%E1%BB%8F&type=procedure", "q=1.004227&page=2&size=1",
		"q=*&sort=-date", "q=45%2F2013%2FQH13", "q=a&year=2024&year=x", "q=%22quy%E1%BB%81n%22+OR+~2", "q=dat&page=9999999999"} {
		f.Add(s)
	}
	dir := f.TempDir()
	if _, err := search.Build(t0ctx(), searchtest.Pages(), dir+"/index", search.BuildOptions{}); err != nil {
		f.Fatal(err)
	}
	h, err := search.OpenHolder(t0ctx(), dir+"/index", search.HolderOptions{Poll: time.Hour})
	if err != nil {
		f.Fatal(err)
	}
	defer h.Close()
	if err := writeSite(dir + "/site"); err != nil {
		f.Fatal(err)
	}
	srv, err := New(Options{SiteDir: dir + "/site", Holder: h, Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, path := range []string{"/api/search", "/tim-kiem/"} {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path, req.URL.RawQuery = path, raw
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
				t.Fatalf("%s?%s: status %d: %s", path, raw, rec.Code, rec.Body)
			}
			if !utf8.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s?%s: answer is not UTF-8", path, raw)
			}
			if path == "/api/search" && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s?%s: answer is not JSON: %s", path, raw, rec.Body)
			}
		}
	})
}
