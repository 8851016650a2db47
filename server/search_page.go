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

// The contract between the search pages' layouts and this server.
//
// The generator writes /tim-kiem/index.html (layout _default/search.html)
// and /embed/index.html (layout _default/embed.html) with the site's look
// and no results. For GET /tim-kiem/?q=... and /embed/?q=... the server
// fills that page in (see frame):
//
//   - The slot <!--minhbach:results--> takes the results, rendered with
//     layouts/search/results.html, or the error message.
//   - The slot <!--minhbach:facets--> takes the filters, rendered with
//     layouts/search/facets.html; nothing when there are none, so a
//     container holding only the slot stays :empty.
//   - Every start tag marked data-minhbach-q (the search input, name="q")
//     gets value="the query"; a value the layout put there is replaced.
//
// If the results slot is missing the results (and facets) go before the
// last </main>, then before </body>; if the page is missing the server
// uses layouts/search/page.html. In /embed/ result links open in a new
// tab, and the page may be framed by the allowed origins only.

// searchFill is what one search puts into its page. When the layout has
// no facets slot the facets go with the results, in an aside of their
// own.
func searchFill(f *frame, query, results, facets string) fill {
	if !f.slots["facets"] && facets != "" {
		results = `<aside class="search-facets" aria-label="Lọc kết quả">` + facets + "</aside>\n" + results
	}
	return fill{Query: query, Slots: map[string]string{"results": results, "facets": facets}}
}

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
		if embed {
			if origin := s.framedBy(r); origin != "" {
				s.embedNotAllowed(w, r, origin)
				return
			}
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
		frame.write(&page, searchFill(frame, query, results, facets))
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
		return s.frames.get(name, "results", f, fi)
	}
	if f != nil {
		f.Close()
	}
	page, err := s.tmpl.render("search/page.html", struct {
		Base            string
		Results, Facets template.HTML
	}{base, "<!--" + slotPrefix + "results-->", "<!--" + slotPrefix + "facets-->"})
	if err != nil {
		return nil, err
	}
	return parseFrame([]byte(page), "results")
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
