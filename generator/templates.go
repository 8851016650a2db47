package generator

import (
	"encoding/json"
	"fmt"
	"html/template"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
)

// templates holds one parsed template set per page layout, each with the
// base layout and every partial, so that a layout defines only its
// "main" block, as in Hugo.
type templates struct {
	sets map[string]*template.Template // layout path -> set
	// sigs hash each set's sources (the layout, the base and every
	// partial), so that a rebuild after a layout edit re-renders only
	// the pages of the layouts it changed.
	sigs map[string]uint64
	// standalone marks layouts that do not use the base (no "main" block).
	standalone map[string]bool
	// server holds the sources of the templates the server renders with
	// (layouts.ServerTemplates), checked here and copied into the built
	// site's private folder.
	server map[string][]byte
}

// formTemplate is the participation form, which pages include with
// {{ template "participation/form.html" . }} over participationForms.
const formTemplate = "participation/form.html"

// answersTemplate is the list of published answers, which pages include
// between the comments minhbach:answers and /minhbach:answers, for the
// server to replace with the live list.
const answersTemplate = "participation/answers.html"

var defineMain = regexp.MustCompile(`{{-?\s*define\s+"main"`)

// loadTemplates parses the theme's layouts. A template error names the
// file and line, as html/template reports them.
func loadTemplates(t *theme, funcs template.FuncMap) (*templates, error) {
	base := template.New("").Funcs(funcs)
	shared := newSig() // the base and the partials, in file order
	var layoutFiles []string
	for _, p := range t.files(".") {
		if !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "static/") || strings.HasPrefix(p, "assets/") || strings.HasPrefix(p, "search/") || strings.HasPrefix(p, "participation/") && p != formTemplate && p != answersTemplate || strings.HasPrefix(p, "console/") {
			continue
		}
		// The participation form is also a partial of the pages that
		// show it: one template for the build and the server.
		if strings.HasPrefix(p, "partials/") || p == "_default/baseof.html" || p == formTemplate || p == answersTemplate {
			src, err := t.ReadFile(p)
			if err != nil {
				return nil, err
			}
			if _, err := base.New(p).Parse(string(src)); err != nil {
				return nil, fmt.Errorf("%s: %w", t.origin(p), err)
			}
			shared.str(p, string(src))
			continue
		}
		layoutFiles = append(layoutFiles, p)
	}
	ts := &templates{sets: map[string]*template.Template{}, sigs: map[string]uint64{}, standalone: map[string]bool{}, server: map[string][]byte{}}
	if _, err := layouts.Parse(t, layouts.ServerTemplates, t.origin); err != nil {
		return nil, err
	}
	for _, p := range layouts.ServerTemplates {
		src, err := t.ReadFile(p)
		if err != nil {
			return nil, err
		}
		ts.server[p] = src
	}
	for _, p := range layoutFiles {
		src, err := t.ReadFile(p)
		if err != nil {
			return nil, err
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(p).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("%s: %w", t.origin(p), err)
		}
		ts.sets[p] = set
		sig := newSig()
		sig.num(int64(shared.sum()))
		sig.str(p, string(src))
		ts.sigs[p] = sig.sum()
		ts.standalone[p] = !defineMain.Match(src)
	}
	return ts, nil
}

// lookup finds the layout for a page, most specific first: the page's
// type, then its kind, then the defaults, as Hugo does.
func (ts *templates) lookup(p *model.Page) (string, bool) {
	var names []string
	switch p.Kind {
	case model.KindPage:
		names = []string{"single.html"}
	case model.KindHome:
		names = []string{"home.html", "list.html"}
	case model.KindSection:
		names = []string{"section.html", "list.html"}
	case model.KindTaxonomy:
		names = []string{"taxonomy.html", "list.html"}
	case model.KindTerm:
		names = []string{"term.html", "list.html"}
	}
	var dirs []string
	if p.Type != "" {
		dirs = append(dirs, p.Type)
	}
	dirs = append(dirs, "_default")
	for _, d := range dirs {
		for _, n := range names {
			if _, ok := ts.sets[d+"/"+n]; ok {
				return d + "/" + n, true
			}
		}
	}
	return "", false
}

// execute runs a layout. Layouts that define "main" run inside the base.
func (ts *templates) execute(w interface{ Write([]byte) (int, error) }, layout string, data any) error {
	set := ts.sets[layout]
	name := "_default/baseof.html"
	if ts.standalone[layout] || set.Lookup(name) == nil {
		name = layout
	}
	return set.ExecuteTemplate(w, name, data)
}

var vnMonths = [...]string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}

// DateLong formats a date as Vietnamese documents do:
// "ngày 11 tháng 01 năm 2021".
func DateLong(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), vnMonths[t.Month()-1], t.Year())
}

// DateShort formats a date as "11/01/2021".
func DateShort(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// VND formats an amount of dong with dots between thousands, as
// Vietnamese readers write it: 1500000 -> "1.500.000 đồng"; 0 -> "Miễn phí".
func VND(n int64) string {
	if n == 0 {
		return "Miễn phí"
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + " đồng"
}

// ByteSize formats a file size for an attachment link: "1,2 MB".
func ByteSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return strings.Replace(fmt.Sprintf("%.1f KB", float64(n)/1024), ".", ",", 1)
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1024*1024)), ".", ",", 1)
}

// funcMap returns the helpers templates use. They ask cur for the site
// being rendered rather than reading globals, so two builds can run side
// by side, and parsed templates can serve every rebuild of one builder.
func funcMap(cur func() *Site) template.FuncMap {
	return template.FuncMap{
		"dateLong":  DateLong,
		"dateShort": DateShort,
		"isoDate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"vnd":      VND,
		"byteSize": ByteSize,
		"slugify":  Slugify,
		"relURL":   func(u string) string { return "/" + strings.TrimLeft(u, "/") },
		"absURL":   func(u string) string { return cur().Config.BaseURL + "/" + strings.TrimLeft(u, "/") },
		"termURL": func(key, value string) string {
			if folder, ok := cur().Config.Taxonomies[key]; ok {
				return "/" + folder + "/" + Slugify(value) + "/"
			}
			return ""
		},
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		// participationForms are the forms a page shows (see forms).
		"participationForms": func(p *model.Page) []participation.Form { return forms(cur(), p) },
		// answersFor are the answers a page shows as of the build.
		"answersFor": func(p *model.Page) participation.AnswersView {
			s := cur()
			return participation.NewAnswersView(s.Answers, p.URL, "", "", s.Communes.Names())
		},
		"jsonLD": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: cần số đối số chẵn / want an even number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: khóa phải là chuỗi / keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"list":  func(v ...any) []any { return v },
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"join":  strings.Join,
		"lower": strings.ToLower,
		"first": func(n int, ps []*model.Page) []*model.Page {
			if n < len(ps) {
				return ps[:n]
			}
			return ps
		},
		"truncate": func(n int, s string) string {
			r := []rune(s)
			if len(r) <= n {
				return s
			}
			cut := string(r[:n])
			if i := strings.LastIndexByte(cut, ' '); i > n/2 {
				cut = cut[:i]
			}
			return cut + "…"
		},
		"pathBase":       path.Base,
		"statusClass":    model.Status.Key,
		"timeline":       timelineAttr,
		"pagesOfType":    func(typ string) []*model.Page { return cur().ContentPages(typ) },
		"structuredData": func(p *model.Page) map[string]any { return structuredData(cur(), p) },
		"taxonomy":       func(key string) *Taxonomy { return cur().Taxonomy(key) },
		"sectionFacets":  func(p *model.Page) []*Facet { return cur().SectionFacets(p) },
		"topTasks":       func() []TopTask { return cur().TopTasks() },
	}
}
