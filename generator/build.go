// Package generator builds a minhbach site: it loads site.toml and the
// Markdown under content/, turns them into model pages with their
// relations resolved, renders them through the layouts and writes the
// output folder, atomically. Data flows one way: load, model, render,
// write; the search index is built from the result by the caller.
package generator

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
)

// Options say what to build and where.
type Options struct {
	// Source holds site.toml, content/ and optionally layouts/ and static/.
	Source string
	// Destination is the output folder, replaced whole on success.
	Destination string
	// Now is the build's "today"; zero means the current date.
	Now time.Time
	// BaseURL overrides site.toml's baseURL (for previews and tests).
	BaseURL string
	// Drafts includes draft pages (the dev server).
	Drafts bool
	// Answers are the agency's public answers as of the build (minhbach
	// build --db): pages show them where the server would, so a site
	// served without the server still has them. Nil shows none.
	Answers []participation.Public
	// BeforeSwap, if set, runs once the new site is rendered and before it
	// replaces the old one: the command builds the search index here, so
	// a failed index leaves the previous site in place too.
	BeforeSwap func(*Site) error
}

// Summary is what a build reports to the person who ran it.
type Summary struct {
	PagesByType map[string]int
	Files       int
	Duration    time.Duration
}

func (s Summary) String() string {
	types := make([]string, 0, len(s.PagesByType))
	for t := range s.PagesByType {
		types = append(types, t)
	}
	sort.Strings(types)
	parts := make([]string, len(types))
	total := 0
	for i, t := range types {
		parts[i] = fmt.Sprintf("%s %d", t, s.PagesByType[t])
		total += s.PagesByType[t]
	}
	return fmt.Sprintf("%d trang nội dung / content pages (%s); %d tệp / files; %d ms",
		total, strings.Join(parts, ", "), s.Files, s.Duration.Milliseconds())
}

// Result is a finished build: the site as a model (for the search index)
// and the warnings staff should see.
//
// The pages of Site and Changed belong to the Builder: the next Rebuild
// after a body-only save updates their Body, HTML, Text, Headings and
// Links in place (see rebuildBodies). Code that reads them on another
// goroutine takes copies first (model.Page values copy cheaply).
type Result struct {
	Site     *Site
	Summary  Summary
	Warnings Problems
	// Changed and Removed are set by Rebuild: the content pages whose
	// content changed, and the URLs of pages that are gone, so the search
	// index can be updated instead of rebuilt.
	Changed []*model.Page
	Removed []string
	// Incremental is true when Rebuild updated the output in place; false
	// after a full build, when Changed and Removed are not set.
	Incremental bool
	// bodiesOnly is true when only bodies changed (see rebuildBodies).
	bodiesOnly bool
}

// renderBody renders a page's Markdown into its HTML, text and headings.
func renderBody(md *markdown, p *model.Page) Problems {
	if p.Body == "" {
		return nil
	}
	h, text, heads, err := md.render(p.Body)
	if err != nil {
		return Problems{{File: contentPath(p), Line: p.BodyLine, VI: "lỗi Markdown: " + err.Error(), EN: "Markdown error: " + err.Error()}}
	}
	p.HTML, p.Text, p.Headings = h, text, heads
	p.Links = siteLinks(h)
	if p.Description == "" {
		p.Description = firstSentence(text)
	}
	return nil
}

func firstSentence(text string) string {
	r := []rune(text)
	if len(r) > 200 {
		r = r[:200]
	}
	s := string(r)
	if i := strings.Index(s, ". "); i > 40 {
		return s[:i+1]
	}
	if len(r) == 200 {
		if i := strings.LastIndexByte(s, ' '); i > 100 {
			s = s[:i]
		}
		return s + "…"
	}
	return s
}

// systemPages are pages that have a layout but no content file: the
// 404 page, and the search pages whose results the search server fills
// in (the generator writes their frame with the site's look).
var systemPages = []struct{ url, layout, title string }{
	{"/404.html", "_default/404.html", "Không tìm thấy trang"},
	{"/tim-kiem/", "_default/search.html", "Tìm kiếm"},
	{"/embed/", "_default/embed.html", "Tìm kiếm"},
	{"/nhung-tim-kiem/", "_default/embed-snippet.html", "Nhúng ô tìm kiếm vào trang của bạn"},
	{"/du-lieu/", "_default/opendata.html", "Dữ liệu mở"},
	{"/phan-anh-kien-nghi/", "_default/feedback.html", "Phản ánh, kiến nghị"},
	{"/theo-doi/", "_default/participation.html", "Ý kiến của người dân"},
}

// writeExtras writes what is not a page: feeds, sitemap, robots.txt,
// 404.html, redirects for aliases, static files and attachments.
//
// changed limits the copying of attachments and static files to a
// rebuild after content edits: nil copies everything, otherwise only the
// attachments of the pages in it are copied and static files are left as
// they are.
func writeExtras(s *Site, ts *templates, th *theme, dir, source string, changed map[*model.Page]bool) (int, error) {
	n := 0
	write := func(rel string, data []byte) error {
		n++
		return writeFile(dir, rel, data)
	}
	feeds := []struct {
		title, url string
		pages      []*model.Page
	}{{s.Config.Title, "/", s.ContentPages("")}}
	for _, sec := range s.Sections {
		feeds = append(feeds, struct {
			title, url string
			pages      []*model.Page
		}{sec.Title + " — " + s.Config.Title, sec.URL, sec.Pages})
	}
	for _, f := range feeds {
		var content []*model.Page
		for _, p := range f.pages {
			if p.Kind == model.KindPage {
				content = append(content, p)
			}
		}
		b, err := atom(s, f.title, f.url+"index.xml", f.url, content)
		if err != nil {
			return n, err
		}
		if err := write(strings.TrimPrefix(f.url, "/")+"index.xml", b); err != nil {
			return n, err
		}
	}
	if err := writeOpenData(s, write); err != nil {
		return n, err
	}
	sm, err := sitemap(s)
	if err != nil {
		return n, err
	}
	if err := write("sitemap.xml", sm); err != nil {
		return n, err
	}
	if err := write("robots.txt", robots(s)); err != nil {
		return n, err
	}
	for _, sp := range systemPages {
		if _, ok := ts.sets[sp.layout]; !ok {
			continue
		}
		var b strings.Builder
		page := &model.Page{Kind: model.KindPage, Type: "system", Title: sp.title, URL: sp.url, Parent: s.Home}
		ctx := &PageContext{Page: page, Site: s, Breadcrumbs: breadcrumbs(page), Permalink: s.Config.BaseURL + sp.url}
		if err := ts.execute(&b, sp.layout, ctx); err != nil {
			return n, fmt.Errorf("layouts/%s: %w", sp.layout, err)
		}
		if err := write(outputPath(sp.url), []byte(b.String())); err != nil {
			return n, err
		}
	}
	for name, src := range ts.server {
		if err := write(path.Join(layouts.PrivateDir, name), src); err != nil {
			return n, err
		}
	}
	if err := writeCatalog(s, write); err != nil {
		return n, err
	}
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			u := pageURL(&model.Page{URL: a})
			if err := write(outputPath(u), aliasPage(s, p.URL)); err != nil {
				return n, err
			}
		}
		if changed != nil && !changed[p] {
			continue
		}
		for _, a := range p.Attachments {
			if err := copyFile(a.Path, filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(a.URL, "/")))); err != nil {
				return n, err
			}
			n++
		}
	}
	if changed != nil {
		return n, nil
	}
	// Static files: the theme's, then the site's own static/ on top.
	for _, rel := range th.files("static") {
		b, err := th.ReadFile(rel)
		if err != nil {
			return n, err
		}
		if err := write(strings.TrimPrefix(rel, "static/"), b); err != nil {
			return n, err
		}
	}
	staticDir := filepath.Join(source, "static")
	err = filepath.WalkDir(staticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(staticDir, p)
		n++
		return copyFile(p, filepath.Join(dir, rel))
	})
	return n, err
}

func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// parallel runs f(0..n-1) on all cores.
func parallel(n int, f func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
