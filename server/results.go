package server

import (
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search"
)

// hitTypeLabels name the content types in Vietnamese for badges and facets.
var hitTypeLabels = map[string]string{
	model.TypeDocument:   "Văn bản",
	model.TypeProcedure:  "Thủ tục",
	model.TypeDisclosure: "Công khai",
	model.TypeNews:       "Tin tức",
	model.TypePage:       "Trang",
	model.TypeAnswer:     "Trả lời",
}

// hitLabel is what a result is called in its badge: its type, or for a
// plain page the section it lives in ("Hỏi đáp"), as the site's own
// menu calls it.
func hitLabel(typ, section string) string {
	if typ == model.TypePage && section != "" {
		return section
	}
	return hitTypeLabel(typ)
}

// facetLabels head each facet group.
var facetLabels = map[string]string{
	"type":   "Loại trang",
	"fields": "Lĩnh vực",
	"kind":   "Loại văn bản",
	"issuer": "Cơ quan ban hành",
	"level":  "Cấp thực hiện",
	"status": "Tình trạng hiệu lực",
	"year":   "Năm",
}

// resultsView is what layouts/search/results.html and facets.html show:
// one answer laid out as links that keep the query and the filters. Its
// exported fields and methods are the templates' contract with a site
// (docs/interfaces.md, "Search pages").
type resultsView struct {
	Embed  bool
	Base   string // "/tim-kiem/" or "/embed/"
	Query  string
	Error  string
	Resp   *search.Response
	Page   int
	Last   int
	From   int
	Prev   string
	Next   string
	Hits   []hitView
	Sorts  []linkView
	Facets []facetView
	Active []linkView
}

type hitView struct {
	URL, Title, Type, TypeLabel string
	Number, Code, Status        string
	Date                        *dateView
	Snippet                     template.HTML
}

type dateView struct{ ISO, Short string }

type linkView struct {
	Group, Label, URL string
	Count             int
	Active            bool
}

type facetView struct {
	Key, Label string
	Values     []linkView // shown
	More       []linkView // behind "Thêm N giá trị", so long lists stay short
}

// facetShown is how many values of a facet show before "more".
const facetShown = 8

// StatusClass names a document status for the theme's badge colours.
func (resultsView) StatusClass(st string) string {
	if k := model.Status(st).Key(); k != "" {
		return k
	}
	return "neutral"
}

// newResultsView lays out one answer: links that keep the query and the
// filters, so the page works with plain GET links and no script.
func newResultsView(base string, embed bool, req search.Request, resp *search.Response) *resultsView {
	v := &resultsView{Embed: embed, Base: base, Query: req.Query, Resp: resp, Page: req.Page}
	size := req.Size
	if size <= 0 {
		size = search.DefaultSize
	}
	v.Last = int((resp.Total + uint64(size) - 1) / uint64(size))
	v.From = (req.Page-1)*size + 1
	link := func(change func(r *search.Request)) string {
		r := req
		r.Filters = map[string][]string{}
		for k, vs := range req.Filters {
			r.Filters[k] = append([]string(nil), vs...)
		}
		r.Page = 1
		change(&r)
		return base + "?" + requestQuery(r)
	}
	if req.Page > 1 {
		v.Prev = link(func(r *search.Request) { r.Page = req.Page - 1 })
	}
	if req.Page < v.Last {
		v.Next = link(func(r *search.Request) { r.Page = req.Page + 1 })
	}
	for _, s := range []struct{ key, label string }{{search.SortRelevance, "Phù hợp nhất"}, {search.SortDateDesc, "Mới nhất"}, {search.SortDate, "Cũ nhất"}} {
		v.Sorts = append(v.Sorts, linkView{Label: s.label, Active: req.Sort == s.key || (req.Sort == "" && s.key == search.SortRelevance),
			URL: link(func(r *search.Request) { r.Sort = s.key })})
	}
	for _, h := range resp.Hits {
		hv := hitView{URL: h.URL, Title: h.Title, Type: h.Type, TypeLabel: hitLabel(h.Type, h.Section),
			Number: h.Number, Code: h.Code, Snippet: safeSnippet(h.Snippet)}
		if h.Type == model.TypeDocument {
			hv.Status = h.Status
		}
		if t, err := time.Parse("2006-01-02", h.Date); err == nil {
			hv.Date = &dateView{ISO: h.Date, Short: t.Format("02/01/2006")}
		}
		v.Hits = append(v.Hits, hv)
	}
	for _, key := range search.FilterKeys {
		active := req.Filters[key]
		fv := facetView{Key: key, Label: facetLabels[key]}
		seen := map[string]bool{}
		values := resp.Facets[key]
		if key == "year" {
			// Years read best in order, newest first.
			values = slices.Clone(values)
			slices.SortFunc(values, func(a, b search.FacetValue) int { return strings.Compare(b.Value, a.Value) })
		}
		for _, f := range values {
			seen[f.Value] = true
			on := slices.Contains(active, f.Value)
			fv.Values = append(fv.Values, linkView{Label: facetValueLabel(key, f.Value), Count: f.Count, Active: on,
				URL: link(func(r *search.Request) { toggleFilter(r, key, f.Value, on) })})
		}
		for _, a := range active {
			u := link(func(r *search.Request) { toggleFilter(r, key, a, true) })
			v.Active = append(v.Active, linkView{Group: facetLabels[key], Label: facetValueLabel(key, a), URL: u})
			if !seen[a] {
				fv.Values = append(fv.Values, linkView{Label: facetValueLabel(key, a), Active: true, URL: u})
			}
		}
		if len(fv.Values) > facetShown {
			// Active values always stay in sight.
			var shown, more []linkView
			for _, lv := range fv.Values {
				if lv.Active || len(shown) < facetShown {
					shown = append(shown, lv)
				} else {
					more = append(more, lv)
				}
			}
			fv.Values, fv.More = shown, more
		}
		if len(fv.Values) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
	return v
}

func hitTypeLabel(t string) string {
	if l, ok := hitTypeLabels[t]; ok {
		return l
	}
	return "Trang"
}

func facetValueLabel(key, value string) string {
	if key == "type" {
		return hitTypeLabel(value)
	}
	return value
}

// toggleFilter adds value to the key's filter, or removes it if on.
func toggleFilter(r *search.Request, key, value string, on bool) {
	if !on {
		r.Filters[key] = append(r.Filters[key], value)
		return
	}
	var keep []string
	for _, x := range r.Filters[key] {
		if x != value {
			keep = append(keep, x)
		}
	}
	if len(keep) == 0 {
		delete(r.Filters, key)
	} else {
		r.Filters[key] = keep
	}
}

// requestQuery writes a request as the query string ParseRequest reads,
// leaving out defaults so links stay short.
func requestQuery(r search.Request) string {
	vals := url.Values{"q": {r.Query}}
	for k, vs := range r.Filters {
		vals[k] = vs
	}
	if r.Page > 1 {
		vals.Set("page", strconv.Itoa(r.Page))
	}
	if r.Size > 0 && r.Size != search.DefaultSize {
		vals.Set("size", strconv.Itoa(r.Size))
	}
	if r.Sort != "" && r.Sort != search.SortRelevance {
		vals.Set("sort", r.Sort)
	}
	return vals.Encode()
}

// safeSnippet trusts a snippet only as far as its contract goes: text
// with every character escaped except <mark> tags. Anything else that
// looks like markup is escaped again, marks dropped, rather than risk a
// script in the page.
func safeSnippet(s string) template.HTML {
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	if !strings.ContainsAny(rest, "<>") {
		return template.HTML(s)
	}
	return template.HTML(template.HTMLEscapeString(rest))
}
