package generator

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/minhbach/minhbach/model"
)

// Facets are a section's filters as static pages: /van-ban/nam/2024/
// lists the section's documents issued in 2024, /thu-tuc/cap/cap-tinh/
// its procedures at provincial level. They work without JavaScript and
// can be linked, bookmarked and crawled.

// Facet is one filter of a section with a page per value.
type Facet struct {
	Key   string // "year"
	Name  string // "Năm ban hành"
	Terms []*model.Page
}

type facetDef struct {
	key, folder, name string
}

// sectionFacetDefs are the filters a section offers, by the type of its
// pages: documents by kind, issuer, year and status; procedures by field,
// level and agency.
var sectionFacetDefs = map[string][]facetDef{
	model.TypeDocument: {
		{"kind", "loai", "Loại văn bản"},
		{"issuer", "co-quan-ban-hanh", "Cơ quan ban hành"},
		{"year", "nam", "Năm ban hành"},
		{"status", "tinh-trang", "Tình trạng hiệu lực"},
	},
	model.TypeProcedure: {
		{"fields", "linh-vuc", "Lĩnh vực"},
		{"level", "cap", "Cấp thực hiện"},
		{"agency", "co-quan", "Cơ quan thực hiện"},
	},
}

// facetValues returns a page's values for a section filter.
func facetValues(p *model.Page, key string) []string {
	switch key {
	case "year":
		if d := p.DisplayDate(); !d.IsZero() {
			return []string{strconv.Itoa(d.Year())}
		}
		return nil
	case "status":
		if p.Document != nil && p.Document.Status != "" {
			return []string{string(p.Document.Status)}
		}
		return nil
	}
	return termsOf(p, key)
}

// buildFacets makes the filter pages of every top-level section whose
// type has filters. It runs after relations, since status is computed.
func (s *Site) buildFacets() Problems {
	var probs Problems
	s.facets = map[*model.Page][]*Facet{}
	for _, sec := range s.Sections {
		defs := sectionFacetDefs[sec.Type]
		if len(defs) == 0 {
			continue
		}
		var content []*model.Page
		for _, p := range sec.Pages {
			if p.Kind == model.KindPage {
				content = append(content, p)
			}
		}
		for _, def := range defs {
			f := &Facet{Key: def.key, Name: def.name}
			byValue := map[string]*model.Page{}
			for _, p := range content {
				for _, v := range facetValues(p, def.key) {
					term, ok := byValue[v]
					if !ok {
						term = &model.Page{Kind: model.KindTerm, Type: sec.Type, Section: sec.Section,
							Taxonomy: def.key, Term: v, Title: def.name + ": " + v,
							URL: sec.URL + def.folder + "/" + Slugify(v) + "/", Parent: sec}
						byValue[v] = term
						f.Terms = append(f.Terms, term)
					}
					term.Pages = append(term.Pages, p)
				}
			}
			if len(f.Terms) < 2 {
				continue // a filter with one value filters nothing
			}
			if def.key == "year" {
				sort.Slice(f.Terms, func(i, j int) bool { return f.Terms[i].Term > f.Terms[j].Term })
			} else {
				less := vnOrder()
				sort.SliceStable(f.Terms, func(i, j int) bool { return less(f.Terms[i].Term, f.Terms[j].Term) })
			}
			for _, term := range f.Terms {
				if prev, dup := s.byURL[term.URL]; dup {
					probs = append(probs, Problem{File: contentPath(prev), Line: lineOf(prev, urlKey(prev)), Key: urlKey(prev),
						VI: fmt.Sprintf("địa chỉ %s trùng với trang lọc %q của chuyên mục; đặt slug khác", term.URL, term.Title),
						EN: fmt.Sprintf("URL %s is also the section's filter page %q; set a different slug", term.URL, term.Title)})
					continue
				}
				s.byURL[term.URL] = term
				s.Pages = append(s.Pages, term)
			}
			s.facets[sec] = append(s.facets[sec], f)
		}
	}
	return probs
}

// SectionFacets returns the filters of a section, or of the section a
// filter page belongs to, for list layouts.
func (s *Site) SectionFacets(p *model.Page) []*Facet {
	if f, ok := s.facets[p]; ok {
		return f
	}
	if p.Kind == model.KindTerm && p.Parent != nil {
		return s.facets[p.Parent]
	}
	return nil
}
