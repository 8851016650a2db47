package server

import (
	"github.com/minhbach/minhbach/search"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// The contract between the search pages' layouts and this server.
//
// The generator writes /tim-kiem/index.html (layout _default/search.html)
// and /embed/index.html (layout _default/embed.html) with the site's look
// and no results. For GET /tim-kiem/?q=... and /embed/?q=... the server
// reads that file and fills it in:
//
//   - The HTML comment <!--minhbach:results--> is replaced by the results:
//     a summary line, sort links, the hits (title link, type badge, status
//     badge for documents, number or code, date, snippet) and pagination
//     links that keep the query and filters; or by the error message.
//     Write it with {{ safeHTML "<!--minhbach:results-->" }}, since
//     html/template drops comments.
//   - The comment <!--minhbach:facets--> is replaced by the facets: GET
//     links that add (or, when active, remove) a filter, with counts, and
//     the active filters as removable chips. Nothing when there are none,
//     so a container holding only the comment stays :empty.
//   - Every tag carrying the bare attribute data-minhbach-q (the search
//     input, name="q") gets value="the query, escaped"; any value
//     attribute already on that tag is replaced.
//
// If a placeholder is missing the results (and facets) go before </main>,
// then before </body>; if the file is missing the server renders a plain
// page of its own. In /embed/ result links open in a new tab, and the page
// may be framed by the allowed origins only.
const (
	resultsMarker = "<!--minhbach:results-->"
	facetsMarker  = "<!--minhbach:facets-->"
	queryAttr     = "data-minhbach-q"
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
		page := fillFrame(frame, query, results, facets)
		h := w.Header()
		h.Set("Cache-Control", "no-cache")
		if s.opts.NoCache {
			h.Set("Cache-Control", "no-store")
		}
		if r.URL.RawQuery != "" {
			h.Set("X-Robots-Tag", "noindex") // result pages are not content
		}
		if s.opts.TransformHTML != nil {
			page = string(s.opts.TransformHTML(r, []byte(page)))
		}
		writeBody(w, r, status, "text/html; charset=utf-8", []byte(page))
	}
}

// searchFrame reads the page the generator wrote, or gives the server's
// own plain page when the site has none.
func (s *Server) searchFrame(base string) (string, error) {
	f, fi, err := openInSite(s.opts.SiteDir, strings.TrimPrefix(base, "/")+"index.html")
	if err != nil || fi.IsDir() {
		if f != nil {
			f.Close()
		}
		var b strings.Builder
		if err := resultsTmpl.ExecuteTemplate(&b, "page", struct{ Base string }{base}); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
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
		var b strings.Builder
		_ = resultsTmpl.ExecuteTemplate(&b, "results", &resultsView{Base: base, Embed: embed, Error: e.VI + "."})
		return status, q, b.String(), ""
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
	var rb, fb strings.Builder
	if err := resultsTmpl.ExecuteTemplate(&rb, "results", v); err != nil {
		s.log.Printf("search: rendering results: %v", err)
		return showErr(http.StatusInternalServerError, errInternal, req.Query)
	}
	if err := resultsTmpl.ExecuteTemplate(&fb, "facets", v); err != nil {
		s.log.Printf("search: rendering facets: %v", err)
		return showErr(http.StatusInternalServerError, errInternal, req.Query)
	}
	return http.StatusOK, req.Query, rb.String(), strings.TrimSpace(fb.String())
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

// fillFrame puts the query, results and facets into the page.
func fillFrame(page, query, results, facets string) string {
	page = injectQuery(page, query)
	hasR, hasF := strings.Contains(page, resultsMarker), strings.Contains(page, facetsMarker)
	if hasF {
		page = strings.Replace(page, facetsMarker, facets, 1)
	} else if facets != "" {
		results = `<aside class="search-facets" aria-label="Lọc kết quả">` + facets + "</aside>\n" + results
	}
	if hasR {
		return strings.Replace(page, resultsMarker, results, 1)
	}
	for _, end := range []string{"</main>", "</body>"} {
		if i := strings.LastIndex(page, end); i >= 0 {
			return page[:i] + results + page[i:]
		}
	}
	return page + results
}

// injectQuery sets value="query" on every tag with the bare attribute
// data-minhbach-q, replacing a value the layout put there.
func injectQuery(page, query string) string {
	var b strings.Builder
	rest := page
	for {
		i := strings.Index(rest, queryAttr)
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		after := i + len(queryAttr)
		open := strings.LastIndexByte(rest[:i], '<')
		closeRel := strings.IndexByte(rest[after:], '>')
		// Only a bare attribute inside a tag: after a space, before a
		// space, "/" or ">" (not data-minhbach-query, not in text).
		if open < 0 || closeRel < 0 || strings.LastIndexByte(rest[:i], '>') > open ||
			!htmlSpace(rest[i-1]) || !(htmlSpace(rest[after]) || rest[after] == '>' || rest[after] == '/') {
			b.WriteString(rest[:after])
			rest = rest[after:]
			continue
		}
		end := after + closeRel
		b.WriteString(rest[:open])
		b.WriteString(setInputValue(rest[open:end], query))
		rest = rest[end:]
	}
}

// setValue rewrites one start tag, from "<" up to but not including ">":
// every value attribute out, value="query" in after data-minhbach-q.
// It reads the attributes as HTML does, so text inside another
// attribute's quotes is never taken for one.
func setInputValue(tag, query string) string {
	var b strings.Builder
	n := 1
	for n < len(tag) && !htmlSpace(tag[n]) && tag[n] != '/' {
		n++ // the tag name
	}
	b.WriteString(tag[:n])
	for n < len(tag) {
		start := n
		for n < len(tag) && (htmlSpace(tag[n]) || tag[n] == '/') {
			n++
		}
		nameAt := n
		for n < len(tag) && !htmlSpace(tag[n]) && tag[n] != '=' && tag[n] != '/' {
			n++
		}
		name := tag[nameAt:n]
		m := n
		for m < len(tag) && htmlSpace(tag[m]) {
			m++
		}
		if m < len(tag) && tag[m] == '=' && name != "" {
			m++
			for m < len(tag) && htmlSpace(tag[m]) {
				m++
			}
			if m < len(tag) && (tag[m] == '"' || tag[m] == '\'') {
				if k := strings.IndexByte(tag[m+1:], tag[m]); k >= 0 {
					m += k + 2
				} else {
					m = len(tag)
				}
			} else {
				for m < len(tag) && !htmlSpace(tag[m]) {
					m++
				}
			}
			n = m
		}
		switch {
		case strings.EqualFold(name, "value"):
			// dropped
		case name == queryAttr:
			b.WriteString(tag[start:n])
			b.WriteString(` value="` + template.HTMLEscapeString(query) + `"`)
		default:
			b.WriteString(tag[start:n])
		}
		if n == start {
			n++ // cannot happen with the loops above; never spin
		}
	}
	return b.String()
}

func htmlSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

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
