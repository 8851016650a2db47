package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/minhbach/minhbach/model"
)

// PageContext is what a layout sees as ".": the page, the site, and for
// list pages the slice of pages this output shows.
type PageContext struct {
	Page *model.Page
	Site *Site
	// Paginator is set on list pages; nil on single pages.
	Paginator *Paginator
	// Breadcrumbs are the pages from the home page down to the parent.
	Breadcrumbs []*model.Page
	// Permalink is the absolute URL of this output.
	Permalink string
}

// Paginator is one page of a list.
type Paginator struct {
	Pages      []*model.Page
	Number     int // 1-based
	TotalPages int
	TotalItems int
	// URLs of each page of the list, index 0 for page 1.
	URLs []string
}

// HasPrev and HasNext tell a layout whether to show the links.
func (p *Paginator) HasPrev() bool { return p.Number > 1 }

// HasNext reports whether there is a later page.
func (p *Paginator) HasNext() bool { return p.Number < p.TotalPages }

// Prev is the URL of the previous page.
func (p *Paginator) Prev() string { return p.URLs[p.Number-2] }

// Next is the URL of the next page.
func (p *Paginator) Next() string { return p.URLs[p.Number] }

// paginate splits a list into pages of size n. Page 1 lives at the list's
// own URL; page k at URL + "trang/k/".
func paginate(base string, ps []*model.Page, n int) []*Paginator {
	total := (len(ps) + n - 1) / n
	if total == 0 {
		total = 1
	}
	urls := make([]string, total)
	for i := range urls {
		if i == 0 {
			urls[i] = base
		} else {
			urls[i] = base + "trang/" + strconv.Itoa(i+1) + "/"
		}
	}
	out := make([]*Paginator, total)
	for i := range out {
		lo, hi := i*n, min((i+1)*n, len(ps))
		out[i] = &Paginator{Pages: ps[lo:hi], Number: i + 1, TotalPages: total, TotalItems: len(ps), URLs: urls}
	}
	return out
}

func breadcrumbs(p *model.Page) []*model.Page {
	var out []*model.Page
	for q := p.Parent; q != nil; q = q.Parent {
		out = append([]*model.Page{q}, out...)
	}
	return out
}

// renderJob is one HTML file to write.
type renderJob struct {
	page   *model.Page
	layout string
	pag    *Paginator
	url    string
}

// out is the output file of a job, relative to the output folder.
func (j renderJob) out() string { return outputPath(j.url) }

// renderJobs lists every HTML file the site's pages make: one per page,
// one per page of each paginated list.
func renderJobs(s *Site, ts *templates) ([]renderJob, Problems) {
	var jobs []renderJob
	var probs Problems
	for _, p := range s.Pages {
		js, prob := pageJobs(s, ts, p)
		if prob != nil {
			probs = append(probs, *prob)
			continue
		}
		jobs = append(jobs, js...)
	}
	return jobs, probs
}

// pageJobs lists the HTML files one page makes.
func pageJobs(s *Site, ts *templates, p *model.Page) ([]renderJob, *Problem) {
	layout, ok := ts.lookup(p)
	if !ok {
		return nil, &Problem{File: contentPath(p),
			VI: fmt.Sprintf("không có giao diện cho trang loại %q (kind %s)", p.Type, p.Kind),
			EN: fmt.Sprintf("no layout for a page of type %q (kind %s)", p.Type, p.Kind)}
	}
	if !p.IsList() {
		return []renderJob{{page: p, layout: layout, url: p.URL}}, nil
	}
	var jobs []renderJob
	for _, pg := range paginate(p.URL, p.Pages, s.Config.Paginate) {
		jobs = append(jobs, renderJob{page: p, layout: layout, pag: pg, url: pg.URLs[pg.Number-1]})
	}
	return jobs, nil
}

// renderPages renders jobs through their layouts into dir, using all
// cores. Every failing page is reported, not only the first.
func renderPages(s *Site, ts *templates, dir string, jobs []renderJob) Problems {
	var mu sync.Mutex
	var probs Problems
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		buf := bufs.Get().(*bytes.Buffer)
		defer bufs.Put(buf)
		buf.Reset()
		ctx := &PageContext{Page: j.page, Site: s, Paginator: j.pag, Breadcrumbs: breadcrumbs(j.page),
			Permalink: s.Config.BaseURL + j.url}
		err := ts.execute(buf, j.layout, ctx)
		if err == nil {
			err = writeFile(dir, j.out(), buf.Bytes())
		}
		if err != nil {
			mu.Lock()
			probs = append(probs, Problem{File: contentPath(j.page),
				VI: "lỗi khi dựng trang: " + err.Error(), EN: "rendering failed: " + err.Error()})
			mu.Unlock()
		}
	})
	return probs
}

// outputPath maps a site URL to a file: "/a/b/" -> "a/b/index.html".
func outputPath(u string) string {
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

func writeFile(dir, rel string, data []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}
