package generator

import (
	"path/filepath"
	"reflect"
	"slices"

	"github.com/minhbach/minhbach/model"
)

// rebuildBodies is the rebuild for the most common save of all: staff
// changed the text of a page and nothing else. When every edited file
// still has the same front matter (and so the same URL, title,
// description, dates, relations and list entries) and is free of
// problems, only the page's own output can change: the lists, feeds,
// sitemap and open data show nothing of a body (a description taken from
// the body's first sentence is compared too). So the site is not
// assembled again; the page's body is updated in the assembled site and
// its HTML files re-rendered. ok is false when the edit is not of that
// kind, and Rebuild takes the general path, which also reports problems.
//
// The assembled page is updated in place: the site's pages belong to the
// builder's goroutine, and whoever reads them elsewhere takes a copy
// first (see Result).
func (b *Builder) rebuildBodies(edited []string) (res *Result, ok bool, err error) {
	if !b.inSync || len(edited) == 0 || b.site == nil {
		return nil, false, nil
	}
	contentDir := filepath.Join(b.opts.Source, "content")
	files := make([]*contentFile, len(edited))
	for i, rel := range edited {
		files[i] = b.loaded[rel].file
	}
	pages, probs := loadPages(b.cfg, b.md, contentDir, files)
	targets := make([]*model.Page, len(edited))
	for i, rel := range edited {
		old := b.loaded[rel]
		if pages[i] == nil || len(probs[i]) > 0 || len(old.probs) > 0 || !sameButBody(old.page, pages[i]) {
			return nil, false, nil
		}
		t := b.site.PageByURL(old.url)
		if t == nil || t.Source != rel {
			return nil, false, nil
		}
		if !slices.Equal(old.page.Links, pages[i].Links) {
			probe := *t
			probe.HTML, probe.Body, probe.BodyLine, probe.Links = pages[i].HTML, pages[i].Body, pages[i].BodyLine, pages[i].Links
			if len(checkPageLinks(&probe, b.site.linkTargets, b.opts.Source)) > 0 {
				return nil, false, nil // a broken link: the general path reports it
			}
		}
		targets[i] = t
	}

	var jobs []renderJob
	for i, rel := range edited {
		old, p, t := b.loaded[rel], pages[i], targets[i]
		lf := &loadedFile{file: old.file, stamp: fileStamp(old.file), page: p, sig: contentSig(p), url: old.url}
		b.loaded[rel] = lf
		t.Body, t.HTML, t.Text, t.Headings, t.Links = p.Body, p.HTML, p.Text, p.Headings, p.Links
		b.site.contentSigs[t] = lf.sig
		js, prob := pageJobs(b.site, b.tmpl, t)
		if prob != nil {
			b.inSync = false
			return nil, true, Problems{*prob}
		}
		jobs = append(jobs, js...)
	}
	var dirty []renderJob
	sigs := make([]uint64, len(jobs))
	for i, j := range jobs {
		sigs[i] = jobSig(b.site, b.base, j)
		if prev, ok := b.outputs[j.out()]; !ok || prev != sigs[i] {
			dirty = append(dirty, j)
		}
	}
	b.rendering = b.site
	if probs := renderPages(b.site, b.tmpl, b.dest, dirty); len(probs) > 0 {
		// The template failed on this text; the next rebuild starts
		// from scratch rather than trust half-written state.
		b.inSync = false
		return nil, true, probs.sorted()
	}
	for i, j := range jobs {
		b.outputs[j.out()] = sigs[i]
	}
	res = &Result{Site: b.site, Summary: Summary{Files: len(dirty)}, Warnings: b.warnings, Incremental: true, bodiesOnly: true}
	res.Changed = targets
	return res, true, nil
}

// sameButBody reports whether two loadings of a file differ at most in
// their body and what is rendered from it.
func sameButBody(a, b *model.Page) bool {
	x, y := *a, *b
	for _, p := range []*model.Page{&x, &y} {
		p.Body, p.HTML, p.Text, p.Headings, p.Links = "", "", "", nil, nil
	}
	return reflect.DeepEqual(x, y)
}
