package generator

import (
	"encoding/json"
	"path"
	"time"

	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
)

// catalog lists what citizens may write about on this build: every
// disclosure (with its comment period, which the server checks against
// the day of sending), procedure and document, and the feedback page.
func catalog(s *Site) *participation.Catalog {
	c := &participation.Catalog{Communes: s.Communes.Names(), Targets: map[string]participation.Target{}}
	add := func(t participation.Target) {
		c.List = append(c.List, t)
		c.Targets[t.Path] = t
	}
	for _, p := range s.Pages {
		if p.Kind != model.KindPage || p.Draft {
			continue
		}
		switch p.Type {
		case model.TypeDisclosure, model.TypeProcedure, model.TypeDocument:
		default:
			continue
		}
		t := participation.Target{Path: p.URL, Type: p.Type, Title: p.Title}
		if d := p.Disclosure; d != nil {
			t.Posted, t.Until = isoDay(d.Posted), isoDay(d.Until)
		}
		add(t)
	}
	add(participation.Target{Path: participation.FeedbackPath, Type: "page", Title: "Phản ánh, kiến nghị"})
	return c
}

func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// writeCatalog leaves the catalog in the site's private folder for the
// server.
func writeCatalog(s *Site, write func(rel string, data []byte) error) error {
	b, err := json.MarshalIndent(catalog(s), "", " ")
	if err != nil {
		return err
	}
	return write(path.Join(layouts.PrivateDir, participation.CatalogFile), b)
}

// forms gives the participation forms a page shows on the build's day:
// a comment form on a disclosure whose period has not ended (the server
// still refuses comments outside it at the moment of sending), feedback
// and rating forms on a procedure, feedback on a document, and on the
// feedback page.
func forms(s *Site, p *model.Page) []participation.Form {
	if p == nil {
		return nil
	}
	s.catalogOnce.Do(func() { s.catalog = catalog(s) })
	t, ok := s.catalog.Targets[p.URL]
	if !ok {
		return nil
	}
	var kinds []participation.Kind
	switch p.Type {
	case model.TypeDisclosure:
		if d := p.Disclosure; d != nil && !d.Until.IsZero() && !s.Now.After(d.Until) {
			kinds = []participation.Kind{participation.KindComment}
		}
	default:
		kinds = t.Kinds(s.Now)
	}
	var out []participation.Form
	for _, k := range kinds {
		out = append(out, participation.NewForm(k, t, s.Communes.Names(), s.Config.Participation, s.Now))
	}
	return out
}
