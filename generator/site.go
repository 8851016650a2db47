package generator

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
)

// Site is the whole built site as a model: every page, with lists,
// taxonomies and relations resolved. It is what templates see as .Site
// and what search indexes.
type Site struct {
	Config *Config
	// Now is the build's "today", against which legal status and comment
	// periods are computed (--now makes builds reproducible).
	Now time.Time
	// Pages holds every page, content and generated lists.
	Pages      []*model.Page
	Home       *model.Page
	Sections   []*model.Page
	Taxonomies []*Taxonomy
	// CSS is the URL of the compiled, fingerprinted style sheet.
	CSS string
	// Drafts is true in the dev server, where drafts are shown.
	Drafts bool
	// Communes are the province's communes and wards (CommunesFile), nil
	// when the site has no list.
	Communes *Communes
	// Answers are the published answers as of the build (Options.Answers).
	Answers []participation.Public

	// catalog is what citizens may write about (see catalog.go),
	// computed once for the forms of every page.
	catalogOnce sync.Once
	catalog     *participation.Catalog

	contentMu     sync.Mutex
	contentByType map[string][]*model.Page

	// facets are the filter pages of each section (see facets.go).
	facets map[*model.Page][]*Facet
	// contentSigs caches each content page's contentSig (see signature.go).
	contentSigs map[*model.Page]uint64
	// linkTargets are the paths a body link may point at (see linkTargets).
	linkTargets map[string]bool

	byURL    map[string]*model.Page
	byNumber map[string]*model.Page
	bySource map[string]*model.Page
}

// Taxonomy is one way of classifying pages (fields, tags, kind...) with
// its list page and a page per term.
type Taxonomy struct {
	Key   string // front matter key: "fields"
	Name  string // Vietnamese name: "Lĩnh vực"
	Page  *model.Page
	Terms []*model.Page
}

// defaultSectionTitles name the default sections when they have no
// _index.md of their own.
var defaultSectionTitles = map[string]string{
	"van-ban":   "Văn bản",
	"thu-tuc":   "Thủ tục hành chính",
	"cong-khai": "Công khai, lấy ý kiến",
	"tin-tuc":   "Tin tức",
}

// taxonomyNames are the Vietnamese names of the built-in taxonomies.
var taxonomyNames = map[string]string{
	"fields": "Lĩnh vực",
	"tags":   "Từ khóa",
	"kind":   "Loại văn bản",
	"issuer": "Cơ quan ban hành",
	"level":  "Cấp thực hiện",
	"agency": "Cơ quan thực hiện",
}

// PageByURL returns the page at a site path, or nil.
func (s *Site) PageByURL(u string) *model.Page { return s.byURL[u] }

// PageByNumber returns the document with the given number, or nil.
func (s *Site) PageByNumber(n string) *model.Page { return s.byNumber[n] }

// ContentPages returns the pages written by staff (not lists), optionally
// of one type, newest first.
// The list is computed once per type: layouts ask for it on every page
// (the home page's newest documents, counts), and a site does not change
// once assembled. Callers must not modify it.
func (s *Site) ContentPages(typ string) []*model.Page {
	s.contentMu.Lock()
	defer s.contentMu.Unlock()
	if out, ok := s.contentByType[typ]; ok {
		return out
	}
	var out []*model.Page
	for _, p := range s.Pages {
		if p.Kind == model.KindPage && (typ == "" || p.Type == typ) {
			out = append(out, p)
		}
	}
	sortByDate(out)
	if s.contentByType == nil {
		s.contentByType = map[string][]*model.Page{}
	}
	s.contentByType[typ] = out
	return out
}

// assemble turns loaded pages into a site: URLs, the section tree,
// taxonomies, resolved refs and computed statuses. It reports every
// problem it finds (duplicate URLs or numbers, refs to nothing).
func assemble(cfg *Config, pages []*model.Page, now time.Time, drafts bool) (*Site, Problems) {
	s := &Site{Config: cfg, Now: now, Drafts: drafts,
		byURL: map[string]*model.Page{}, byNumber: map[string]*model.Page{}, bySource: map[string]*model.Page{}}
	var probs Problems
	for _, p := range pages {
		if p.Draft && !drafts {
			continue
		}
		p.URL = pageURL(p)
		s.Pages = append(s.Pages, p)
		s.bySource[strings.TrimSuffix(strings.TrimSuffix(p.Source, ".md"), "/index")] = p
	}
	s.buildTree()
	s.buildTaxonomies()
	for _, p := range s.Pages {
		if prev, dup := s.byURL[p.URL]; dup {
			key := urlKey(p)
			probs = append(probs, Problem{File: contentPath(p), Line: lineOf(p, key), Key: key,
				VI: fmt.Sprintf("địa chỉ %s trùng với trang %s; đặt slug khác", p.URL, contentPath(prev)),
				EN: fmt.Sprintf("URL %s is already used by %s; set a different slug", p.URL, contentPath(prev))})
			continue
		}
		s.byURL[p.URL] = p
		for i, a := range p.Attachments {
			p.Attachments[i].URL = p.URL + a.Name
		}
	}
	probs = append(probs, s.indexIdentifiers()...)
	probs = append(probs, s.checkAliases()...)
	probs = append(probs, s.resolveRelations()...)
	probs = append(probs, s.buildFacets()...)
	return s, probs
}

// pageURL is the page's path on the site: its folder plus a slug made
// from the title (or the bundle's folder name), unless url or slug say
// otherwise.
func pageURL(p *model.Page) string {
	if p.URL != "" {
		u := "/" + strings.Trim(p.URL, "/")
		if path.Ext(u) == "" {
			u += "/"
		}
		return strings.Replace(u, "//", "/", 1)
	}
	var dir, last string
	switch {
	case p.Kind == model.KindHome:
		return "/"
	case p.Kind == model.KindSection:
		dir = path.Dir(p.Source)
	case path.Base(p.Source) == "index.md":
		dir, last = path.Split(path.Dir(p.Source))
		last = Slugify(last)
	default:
		dir = path.Dir(p.Source)
		last = Slugify(p.Title)
		if last == "" {
			last = Slugify(strings.TrimSuffix(path.Base(p.Source), ".md"))
		}
	}
	if p.Slug != "" {
		last = Slugify(p.Slug)
	}
	var segs []string
	for _, s := range strings.Split(strings.Trim(dir, "/"), "/") {
		if s != "" && s != "." {
			segs = append(segs, Slugify(s))
		}
	}
	if last != "" {
		segs = append(segs, last)
	}
	if len(segs) == 0 {
		return "/"
	}
	return "/" + strings.Join(segs, "/") + "/"
}

func contentPath(p *model.Page) string {
	if p.Source == "" {
		return "(generated) " + p.URL
	}
	return "content/" + p.Source
}

// buildTree links pages to their sections, creating a section page for a
// folder that has no _index.md, as Hugo does.
func (s *Site) buildTree() {
	sections := map[string]*model.Page{} // folder -> section page
	for _, p := range s.Pages {
		switch p.Kind {
		case model.KindHome:
			s.Home = p
		case model.KindSection:
			sections[path.Dir(p.Source)] = p
		}
	}
	if s.Home == nil {
		s.Home = &model.Page{Kind: model.KindHome, Title: s.Config.Title, Description: s.Config.Description, URL: "/", Type: model.TypePage}
		s.Pages = append(s.Pages, s.Home)
	}
	folderOf := func(p *model.Page) string {
		d := path.Dir(p.Source)
		if path.Base(p.Source) == "index.md" {
			d = path.Dir(d)
		}
		return d
	}
	var ensure func(dir string) *model.Page
	ensure = func(dir string) *model.Page {
		if dir == "." || dir == "" {
			return s.Home
		}
		if sec, ok := sections[dir]; ok {
			return sec
		}
		name := path.Base(dir)
		title, ok := defaultSectionTitles[dir]
		if !ok {
			title = strings.ToUpper(name[:1]) + name[1:]
		}
		sec := &model.Page{Kind: model.KindSection, Title: title,
			Section: strings.SplitN(dir, "/", 2)[0], Source: "", Type: s.Config.Sections[strings.SplitN(dir, "/", 2)[0]]}
		sec.URL = pageURL(&model.Page{Kind: model.KindSection, Source: dir + "/_index.md"})
		sections[dir] = sec
		s.Pages = append(s.Pages, sec)
		return sec
	}
	for _, p := range append([]*model.Page(nil), s.Pages...) {
		switch p.Kind {
		case model.KindHome:
			continue
		case model.KindSection:
			if p.Source == "" {
				continue
			}
			p.Parent = ensure(path.Dir(path.Dir(p.Source)))
		default:
			p.Parent = ensure(folderOf(p))
		}
		p.Parent.Pages = append(p.Parent.Pages, p)
	}
	for _, p := range s.Pages {
		if p.Kind == model.KindSection {
			if p.Parent == nil {
				p.Parent = s.Home
				s.Home.Pages = append(s.Home.Pages, p)
			}
			if p.Parent == s.Home {
				s.Sections = append(s.Sections, p)
			}
		}
		if p.IsList() {
			sortPages(p.Pages)
			openFirst(p.Pages, s.Now)
		}
	}
	sortPages(s.Sections)
}

// sortPages orders a list as readers expect: by weight when set, then
// newest first, then by title in Vietnamese order. Weight and date are
// read once per page: on a large site the lists are sorted on every
// rebuild, and reading dates pair by pair dominated it. Titles are
// collated only for pages of the same date, which few are.
func sortPages(ps []*model.Page) {
	type keyed struct {
		weight int
		date   int64
		p      *model.Page
	}
	ks := make([]keyed, len(ps))
	for i, p := range ps {
		ks[i] = keyed{p.Weight, p.DisplayDate().Unix(), p}
	}
	less := vnOrder()
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if a.weight != b.weight {
			switch {
			case a.weight == 0:
				return 1
			case b.weight == 0:
				return -1
			}
			return cmp.Compare(a.weight, b.weight)
		}
		if a.date != b.date {
			return cmp.Compare(b.date, a.date)
		}
		switch {
		case less(a.p.Title, b.p.Title):
			return -1
		case less(b.p.Title, a.p.Title):
			return 1
		}
		return 0
	})
	for i := range ks {
		ps[i] = ks[i].p
	}
}

// openFirst moves disclosures still open for comment ahead of closed
// ones, keeping the order within each group: a citizen looking at a list
// of notices needs first the ones they can still act on.
func openFirst(ps []*model.Page, now time.Time) {
	sort.SliceStable(ps, func(i, j int) bool {
		return isOpen(ps[i], now) && !isOpen(ps[j], now)
	})
}

func isOpen(p *model.Page, now time.Time) bool {
	return p.Disclosure != nil && p.Disclosure.OpenAt(now)
}

func sortByDate(ps []*model.Page) {
	// The dates are read once: on a large site this sort runs on every
	// rebuild, and comparing through DisplayDate dominated it.
	type keyed struct {
		date int64
		p    *model.Page
	}
	ks := make([]keyed, len(ps))
	for i, p := range ps {
		ks[i] = keyed{p.DisplayDate().Unix(), p}
	}
	less := vnOrder()
	sort.SliceStable(ks, func(i, j int) bool {
		if ks[i].date != ks[j].date {
			return ks[i].date > ks[j].date
		}
		return less(ks[i].p.Title, ks[j].p.Title)
	})
	for i := range ks {
		ps[i] = ks[i].p
	}
}

// termsOf returns a page's values for a taxonomy key.
func termsOf(p *model.Page, key string) []string {
	switch key {
	case "fields":
		return p.Fields
	case "tags":
		return p.Tags
	case "kind":
		if p.Document != nil && p.Document.Kind != "" {
			return []string{p.Document.Kind}
		}
	case "issuer":
		if p.Document != nil {
			return p.Document.Issuers
		}
	case "level":
		if p.Procedure != nil {
			return p.Procedure.Levels
		}
	case "agency":
		if p.Procedure != nil && p.Procedure.Agency != "" {
			return []string{p.Procedure.Agency}
		}
	default:
		if v, ok := p.Params[key].([]any); ok {
			var out []string
			for _, e := range v {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return nil
}

func (s *Site) buildTaxonomies() {
	slugs := map[string]string{} // a term recurs on many pages
	keys := make([]string, 0, len(s.Config.Taxonomies))
	for k := range s.Config.Taxonomies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		folder := s.Config.Taxonomies[key]
		name := taxonomyNames[key]
		if name == "" {
			name = key
		}
		t := &Taxonomy{Key: key, Name: name}
		t.Page = &model.Page{Kind: model.KindTaxonomy, Taxonomy: key, Title: name, URL: "/" + folder + "/", Type: "taxonomy"}
		terms := map[string]*model.Page{}
		for _, p := range s.Pages {
			if p.Kind != model.KindPage {
				continue
			}
			for _, v := range termsOf(p, key) {
				slug, ok := slugs[v]
				if !ok {
					slug = Slugify(v)
					slugs[v] = slug
				}
				term, ok := terms[slug]
				if !ok {
					term = &model.Page{Kind: model.KindTerm, Taxonomy: key, Term: v, Title: v,
						URL: "/" + folder + "/" + slug + "/", Type: "taxonomy", Parent: t.Page}
					terms[slug] = term
					t.Terms = append(t.Terms, term)
				}
				term.Pages = append(term.Pages, p)
			}
		}
		if len(t.Terms) == 0 {
			continue
		}
		less := vnOrder()
		sort.Slice(t.Terms, func(i, j int) bool { return less(t.Terms[i].Title, t.Terms[j].Title) })
		for _, term := range t.Terms {
			sortPages(term.Pages)
		}
		t.Page.Pages = t.Terms
		t.Page.Parent = s.Home
		s.Taxonomies = append(s.Taxonomies, t)
		s.Pages = append(s.Pages, t.Page)
		s.Pages = append(s.Pages, t.Terms...)
	}
}

// Taxonomy returns the taxonomy with the given key, or nil.
func (s *Site) Taxonomy(key string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// urlKey names the front matter key that made a page's URL: url, slug,
// or else the title it was made from.
func urlKey(p *model.Page) string {
	for _, k := range []string{"url", "slug", "title"} {
		if _, ok := p.KeyLines[k]; ok {
			return k
		}
	}
	return ""
}
