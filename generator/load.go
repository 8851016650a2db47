package generator

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/minhbach/minhbach/model"
	"golang.org/x/text/unicode/norm"
)

// contentFile is one Markdown file found under content/, before decoding.
type contentFile struct {
	rel    string // slash path relative to content/
	abs    string
	bundle bool // index.md of a page bundle
	list   bool // _index.md of a section (or the home page)
	// attachments are the bundle's other files.
	attachments []string
}

// findContent walks content/ and groups files into pages, sections and
// bundles. Files that are neither Markdown nor in a bundle are ignored,
// since a stray file beside a page is not meant to be published.
func findContent(dir string) ([]*contentFile, error) {
	var files []*contentFile
	bundles := map[string]*contentFile{} // folder -> bundle
	var others []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(name, ".md") {
			others = append(others, rel)
			return nil
		}
		f := &contentFile{rel: rel, abs: p, bundle: name == "index.md", list: name == "_index.md"}
		if f.bundle {
			bundles[path.Dir(rel)] = f
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// An attachment belongs to the nearest bundle above it.
	for _, o := range others {
		for dir := path.Dir(o); dir != "." && dir != "/"; dir = path.Dir(dir) {
			if b, ok := bundles[dir]; ok {
				b.attachments = append(b.attachments, o)
				break
			}
		}
	}
	// A Markdown file inside a bundle's folder is part of the bundle, not a page.
	kept := files[:0]
	for _, f := range files {
		inBundle := false
		for dir := path.Dir(f.rel); dir != "." && !f.bundle; dir = path.Dir(dir) {
			if _, ok := bundles[dir]; ok {
				inBundle = true
				break
			}
		}
		if !inBundle {
			kept = append(kept, f)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].rel < kept[j].rel })
	return kept, nil
}

// loadPages reads, decodes and renders content files in parallel.
// Problems in one file do not stop the others: staff see every problem at
// once.
func loadPages(cfg *Config, md *markdown, contentDir string, files []*contentFile) ([]*model.Page, []Problems) {
	pages := make([]*model.Page, len(files))
	probs := make([]Problems, len(files))
	parallel(len(files), func(i int) {
		pages[i], probs[i] = loadPage(cfg, md, contentDir, files[i])
	})
	return pages, probs
}

// loadPage reads one content file into a page: front matter decoded
// and validated, body rendered. The page depends on nothing but the file
// and the configuration, so the dev server can keep it until the file
// changes.
func loadPage(cfg *Config, md *markdown, contentDir string, f *contentFile) (*model.Page, Problems) {
	file := path.Join("content", f.rel)
	data, err := os.ReadFile(f.abs)
	if err != nil {
		return nil, Problems{{File: file, VI: "không đọc được tệp: " + err.Error(), EN: "cannot read the file: " + err.Error()}}
	}
	fm, body, prob := splitFrontMatter(file, data)
	if prob != nil {
		return nil, Problems{*prob}
	}
	p := &model.Page{Source: f.rel, BodyLine: fm.bodyLine, KeyLines: fm.lines, Body: norm.NFC.String(body), Kind: model.KindPage}
	dir := path.Dir(f.rel)
	if f.bundle {
		dir = path.Dir(dir)
	}
	if dir != "." {
		p.Section = strings.SplitN(dir, "/", 2)[0]
	} else if f.bundle {
		p.Section = path.Dir(f.rel)
	}
	switch {
	case f.list && dir == ".":
		p.Kind, p.Section = model.KindHome, ""
	case f.list:
		p.Kind = model.KindSection
	}
	// type: front matter wins over the section's mapping.
	if t, ok := fm.values["type"].(string); ok && t != "" {
		p.Type = t
	} else if t, ok := cfg.Sections[p.Section]; ok {
		p.Type = t
	} else {
		p.Type = model.TypePage
	}
	if p.Kind != model.KindPage {
		// List pages carry only the common keys; their type names the
		// kind of pages they list.
		pt := p.Type
		p.Type = ""
		probs := decodePage(p, fm)
		p.Type = pt
		return p, append(probs, renderBody(md, p)...)
	}
	probs := decodePage(p, fm)
	for _, a := range f.attachments {
		info, err := os.Stat(filepath.Join(contentDir, filepath.FromSlash(a)))
		if err != nil {
			continue
		}
		name := strings.TrimPrefix(a, path.Dir(f.rel)+"/")
		p.Attachments = append(p.Attachments, model.Attachment{
			Name:   name,
			Size:   info.Size(),
			Format: strings.ToUpper(strings.TrimPrefix(path.Ext(name), ".")),
			Path:   filepath.Join(contentDir, filepath.FromSlash(a)),
		})
	}
	probs = append(probs, renderBody(md, p)...)
	return p, probs
}
