package server

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/minhbach/minhbach/search"
)

// searchPage serves /tim-kiem/ (embed false) or /embed/ (embed true),
// rendered by the server so it works without JavaScript.
func (s *Server) searchPage(embed bool) http.HandlerFunc {
	base := "/tim-kiem/"
	if embed {
		base = "/embed/"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != base {
			s.serveSite(w, r)
			return
		}
		if !methodAllowed(w, r, false) {
			return
		}
		frame, err := s.searchFrame(base)
		if err != nil {
			s.log.Printf("search: reading the %s page: %v", base, err)
			http.Error(w, errInternal.Error(), http.StatusInternalServerError)
			return
		}
		status, query, results, facets := s.renderSearch(r, base, embed)
		if status == 0 {
			return // the client is gone
		}
		var page bytes.Buffer
		frame.write(&page, query, results, facets)
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		if s.opts.NoCache {
			h.Set("Cache-Control", "no-store")
		}
		if r.URL.RawQuery != "" {
			h.Set("X-Robots-Tag", "noindex") // result pages are not content
		}
		body := page.Bytes()
		if s.opts.TransformHTML != nil {
			body = s.opts.TransformHTML(r, body)
		}
		writeBody(w, r, status, "text/html; charset=utf-8", body)
	}
}

// searchFrame gives the page the generator wrote for base, parsed, or
// the theme's plain page when the site has none.
func (s *Server) searchFrame(base string) (*frame, error) {
	name := strings.TrimPrefix(base, "/") + "index.html"
	f, fi, err := openInSite(s.opts.SiteDir, name)
	if err == nil && !fi.IsDir() {
		defer f.Close()
		return s.frames.get(name, f, fi)
	}
	if f != nil {
		f.Close()
	}
	page, err := s.tmpl.render("search/page.html", struct {
		Base            string
		Results, Facets template.HTML
	}{base, "<!--" + resultsComment + "-->", "<!--" + facetsComment + "-->"})
	if err != nil {
		return nil, err
	}
	return parseFrame([]byte(page))
}

// renderSearch runs the search a page asks for and renders its parts.
// No query at all (or an empty one and nothing else) is the page before
// a search: the bare form, status 200.
func (s *Server) renderSearch(r *http.Request, base string, embed bool) (status int, query, results, facets string) {
	raw := r.URL.RawQuery
	// Filters without a query are the bare form too: a portal frames
	// /embed/?fields=Đất+đai to search one field.
	if vals, err := url.ParseQuery(raw); raw == "" || err == nil && len(vals["q"]) <= 1 && strings.TrimSpace(vals.Get("q")) == "" && onlyFilters(vals) {
		return http.StatusOK, "", "", ""
	}
	showErr := func(status int, e *search.RequestError, q string) (int, string, string, string) {
		out, err := s.tmpl.render("search/results.html", &resultsView{Base: base, Embed: embed, Error: e.VI + "."})
		if err != nil {
			s.log.Printf("search: rendering an error: %v", err)
			out = template.HTMLEscapeString(e.VI + ".")
		}
		return status, q, out, ""
	}
	req, rerr := ParseRequest(raw)
	if rerr != nil {
		return showErr(http.StatusBadRequest, rerr, typedQuery(raw))
	}
	resp, err := s.search(r.Context(), req)
	if err != nil {
		st, e := s.classify(r, err)
		if st == 0 {
			return 0, "", "", ""
		}
		return showErr(st, e, req.Query)
	}
	v := newResultsView(base, embed, req, resp)
	results, err = s.tmpl.render("search/results.html", v)
	if err != nil {
		s.log.Printf("search: rendering results: %v", err)
		return showErr(http.StatusInternalServerError, errInternal, req.Query)
	}
	facets, err = s.tmpl.render("search/facets.html", v)
	if err != nil {
		s.log.Printf("search: rendering facets: %v", err)
		return showErr(http.StatusInternalServerError, errInternal, req.Query)
	}
	return http.StatusOK, req.Query, results, strings.TrimSpace(facets)
}

// typedQuery is the q of a bad request, to put back in the box when it
// is printable; broken text is dropped rather than echoed.
func typedQuery(raw string) string {
	vals, err := url.ParseQuery(raw)
	if err != nil || len(vals["q"]) == 0 {
		return ""
	}
	q := vals["q"][0]
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > 4*search.MaxQueryLength {
		return ""
	}
	return q
}

// onlyFilters reports whether every parameter but q is a filter or a
// display setting (page, size, sort): the empty form, not an error.
func onlyFilters(vals url.Values) bool {
	for k := range vals {
		if k != "q" && k != "page" && k != "size" && k != "sort" && !slices.Contains(search.FilterKeys, k) {
			return false
		}
	}
	return true
}
