package generator

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/minhbach/minhbach/internal/swapdir"
	"github.com/minhbach/minhbach/model"
)

// Builder builds a site and keeps what it loaded, so that the dev server
// can rebuild after an edit by re-reading only the changed files and
// re-rendering only the outputs whose inputs changed. A one-off build is
// a Builder used once (see Build).
type Builder struct {
	opts Options
	cfg  *Config
	md   *markdown
	now  time.Time

	// loaded holds each content file's page as read, before assembly
	// (which links pages together), with the file's identity to tell
	// when to read it again.
	loaded map[string]*loadedFile
	// files is the content tree of the last load, reused when an edit
	// only changed files already in it.
	files []*contentFile

	sass  *sassCompiler
	theme *theme
	tmpl  *templates
	css   string // URL of the compiled style sheet
	cssGz []byte

	site *Site
	// rendering is the site the templates are rendering now.
	rendering *Site
	// outputs maps each written page file to the signature of its inputs.
	outputs map[string]uint64
	// base is the site-wide part of those signatures.
	base siteSigs
	// oldCSS are style sheets replaced by a layout edit, removed from
	// the output once a rebuild with the new one succeeds.
	oldCSS []string
	// layoutsFailed is true while the layouts do not parse or compile.
	layoutsFailed bool
	// inSync is true when site was assembled from loaded as it is: the
	// last build or rebuild succeeded.
	inSync   bool
	warnings Problems // of the last successful build
	dest     string
}

type loadedFile struct {
	file  *contentFile
	stamp string // modification time and size
	page  *model.Page
	probs Problems
	sig   uint64 // contentSig of page
	url   string // the page's URL, which depends only on its file
}

// NewBuilder prepares a builder; nothing is read until Build.
func NewBuilder(opts Options) *Builder {
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	return &Builder{opts: opts, loaded: map[string]*loadedFile{}}
}

// Close stops the Dart Sass process.
func (b *Builder) Close() error {
	if b.sass != nil {
		return b.sass.Close()
	}
	return nil
}

// Site is the site of the last successful load.
func (b *Builder) Site() *Site { return b.site }

// Load reads and checks a site without rendering or writing anything:
// what `check` runs, and the first half of a build. Content problems come
// back as Problems (errors and warnings); err is for a site that cannot
// be read at all (no site.toml).
func Load(opts Options) (*Site, Problems, error) {
	b := NewBuilder(opts)
	return b.load(nil, false)
}

// Build builds the site into opts.Destination. The output is rendered
// into a fresh folder beside the destination and swapped in only when
// everything succeeded, so a failed build leaves the last good site
// exactly as it was. The error is a Problems listing every problem.
func Build(ctx context.Context, opts Options) (*Result, error) {
	b := NewBuilder(opts)
	defer b.Close()
	return b.Build(ctx)
}

// load reads the site. edited, when set, are content files known to
// have changed in place (no file added or removed): the tree is not
// walked again and only they are read. settled says site.toml and the
// heading IDs the layouts reserve are as the last load read them (Rebuild
// sends anything else to Build, and reloadLayouts checks the IDs), so
// they are not read again.
func (b *Builder) load(edited []string, settled bool) (*Site, Problems, error) {
	b.inSync = false
	if !settled || b.cfg == nil {
		cfg, err := LoadConfig(b.opts.Source)
		if err != nil {
			b.cfg = nil // read it again next time, whatever changed
			return nil, nil, err
		}
		if b.opts.BaseURL != "" {
			cfg.BaseURL = strings.TrimSuffix(b.opts.BaseURL, "/")
		}
		reserved := themeIDs(newTheme(b.opts.Source))
		if b.cfg == nil || !sameConfig(b.cfg, cfg) || strings.Join(reserved, " ") != strings.Join(b.md.reserved, " ") {
			// Rendered Markdown depends on the configuration and on the
			// IDs the layouts reserve.
			b.loaded = map[string]*loadedFile{}
			b.md = newMarkdown(cfg)
			b.md.reserved = reserved
		}
		b.cfg = cfg
	}
	cfg := b.cfg
	// An explicit day (--now, a test's fixed today) is taken as it is
	// written; the clock's instant is a day in Vietnam, so that a build
	// at 20:00 UTC already counts the next day, as citizens do.
	if now := b.opts.Now; now.IsZero() {
		b.now = model.Today(time.Now())
	} else {
		b.now = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	contentDir := filepath.Join(b.opts.Source, "content")
	var files, stale []*contentFile
	if edited != nil && b.files != nil {
		files = b.files
		for _, rel := range edited {
			stale = append(stale, b.loaded[rel].file)
		}
	} else {
		var err error
		files, err = findContent(contentDir)
		if err != nil {
			return nil, nil, fmt.Errorf("content: %w", err)
		}
		seen := map[string]bool{}
		for _, f := range files {
			seen[f.rel] = true
			st := fileStamp(f)
			if lf, ok := b.loaded[f.rel]; !ok || lf.stamp != st || !sameAttachments(lf.file, f) {
				stale = append(stale, f)
			}
		}
		for rel := range b.loaded {
			if !seen[rel] {
				delete(b.loaded, rel)
			}
		}
	}
	b.files = files
	pages, probs := loadPages(cfg, b.md, contentDir, stale)
	for i, f := range stale {
		lf := &loadedFile{file: f, stamp: fileStamp(f), page: pages[i], probs: probs[i]}
		if lf.page != nil {
			lf.sig = contentSig(lf.page)
			lf.url = pageURL(lf.page)
		}
		b.loaded[f.rel] = lf
	}
	var all Problems
	clones := make([]*model.Page, 0, len(files))
	sigs := make(map[*model.Page]uint64, len(files))
	for _, f := range files {
		lf := b.loaded[f.rel]
		all = append(all, lf.probs...)
		if lf.page != nil {
			c := clonePage(lf.page)
			c.URL = lf.url
			sigs[c] = lf.sig
			clones = append(clones, c)
		}
	}
	site, more := assemble(cfg, clones, b.now, b.opts.Drafts)
	site.contentSigs = sigs
	all = append(all, more...)
	site.linkTargets = linkTargets(site, openDataFiles)
	for _, p := range site.Pages {
		all = append(all, checkPageLinks(p, site.linkTargets, b.opts.Source)...)
	}
	all = append(all, checkAttachments(site)...)
	all = append(all, checkFreshness(site)...)
	all = append(all, checkTopTasks(site, b.opts.Source)...)
	communes, cprobs := loadCommunes(b.opts.Source)
	site.Communes = communes
	site.Answers = b.opts.Answers
	all = append(all, cprobs...)
	return site, all.sorted(), nil
}

func fileStamp(f *contentFile) string {
	info, err := os.Stat(f.abs)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", info.ModTime().UnixNano(), info.Size())
}

func sameAttachments(a, b *contentFile) bool {
	if len(a.attachments) != len(b.attachments) {
		return false
	}
	for i := range a.attachments {
		if a.attachments[i] != b.attachments[i] {
			return false
		}
	}
	return true
}

func sameConfig(a, b *Config) bool {
	// DeepEqual, not the printed form: pointers (participation's
	// challenge switch) print as addresses.
	return reflect.DeepEqual(a, b)
}

// clonePage copies a loaded page so that assembly, which links pages and
// fills computed fields, never changes the copy kept for the next build.
func clonePage(p *model.Page) *model.Page {
	c := *p
	c.Parent, c.Pages = nil, nil
	c.Attachments = append([]model.Attachment(nil), p.Attachments...)
	cloneRefs := func(rs []model.Ref) []model.Ref {
		out := append([]model.Ref(nil), rs...)
		for i := range out {
			out[i].Page = nil
		}
		return out
	}
	if p.Document != nil {
		d := *p.Document
		d.Replaces, d.ReplacedBy = cloneRefs(d.Replaces), cloneRefs(d.ReplacedBy)
		d.Amends, d.Basis = cloneRefs(d.Amends), cloneRefs(d.Basis)
		d.Mentions = cloneRefs(d.Mentions)
		d.AmendedBy, d.ImplementedBy, d.CitedBy, d.MentionedBy, d.Status = nil, nil, nil, nil, ""
		c.Document = &d
	}
	if p.Procedure != nil {
		pr := *p.Procedure
		pr.Basis, pr.ExpiredBasis = cloneRefs(pr.Basis), nil
		c.Procedure = &pr
	}
	if p.Disclosure != nil {
		d := *p.Disclosure
		d.Basis = cloneRefs(d.Basis)
		c.Disclosure = &d
	}
	return &c
}

// Build loads everything and writes the whole site atomically.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	// Dart Sass starts while content loads: it is the slowest part of a
	// small build.
	sassErr := make(chan error, 1)
	if b.sass == nil {
		go func() {
			c, err := newSassCompiler(b.opts.Source)
			b.sass = c
			sassErr <- err
		}()
	} else {
		sassErr <- nil
	}
	site, probs, err := b.load(nil, false)
	if serr := <-sassErr; err == nil && serr != nil && len(probs.Errors()) == 0 {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return nil, errs
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := b.writeAll(site)
	if err != nil {
		return nil, err
	}
	b.site = site
	b.inSync, b.warnings = true, probs.Warnings()
	res.Warnings = b.warnings
	res.Summary.Duration = time.Since(start)
	return res, nil
}

// writeAll renders the whole site into a temporary folder and swaps it in.
func (b *Builder) writeAll(site *Site) (*Result, error) {
	dest, err := filepath.Abs(b.opts.Destination)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	b.theme = newTheme(b.opts.Source)
	cssPath, css, err := b.sass.compile(b.theme)
	if err != nil {
		return nil, err
	}
	b.css = ""
	if cssPath != "" {
		b.css = "/" + cssPath
		if err := writeFile(tmp, cssPath, css); err != nil {
			return nil, err
		}
	}
	site.CSS = b.css
	b.rendering = site
	ts, err := loadTemplates(b.theme, funcMap(func() *Site { return b.rendering }))
	if err != nil {
		return nil, err
	}
	b.tmpl = ts
	jobs, probs := renderJobs(site, ts)
	if len(probs) > 0 {
		return nil, probs.sorted()
	}
	if probs := renderPages(site, ts, tmp, jobs); len(probs) > 0 {
		return nil, probs.sorted()
	}
	files := len(jobs) + 1
	m, err := writeExtras(site, ts, b.theme, tmp, b.opts.Source, nil)
	if err != nil {
		return nil, err
	}
	files += m
	if b.opts.BeforeSwap != nil {
		if err := b.opts.BeforeSwap(site); err != nil {
			return nil, err
		}
	}
	if err := swapdir.Replace(tmp, dest); err != nil {
		return nil, err
	}
	ok = true
	b.dest, b.oldCSS = dest, nil
	b.base = siteSigsOf(site, ts)
	b.outputs = signatures(site, b.base, jobs)
	return &Result{Site: site, Summary: summarize(site, files)}, nil
}

func summarize(site *Site, files int) Summary {
	sum := Summary{PagesByType: map[string]int{}, Files: files}
	for _, p := range site.Pages {
		if p.Kind == model.KindPage {
			sum.PagesByType[p.Type]++
		}
	}
	return sum
}

// Rebuild brings the output up to date after the edits in ch, in place.
// Content edits re-read only the changed files; a layout or style edit
// parses the layouts (and compiles the styles) again; either way only the
// outputs whose inputs changed are re-rendered. A change to site.toml or
// static files, or to layouts that changes the heading IDs they reserve,
// rebuilds everything. On error the previous output is untouched, but for
// a new style sheet, which nothing links to yet. Changed lists the pages
// whose content changed, for the search index.
func (b *Builder) Rebuild(ctx context.Context, ch Change) (*Result, error) {
	if b.site == nil || b.tmpl == nil {
		return b.Build(ctx)
	}
	content, layouts, other := classify(ch)
	if other {
		return b.Build(ctx)
	}
	start := time.Now()
	if layouts || b.layoutsFailed {
		// A layout that failed to parse is parsed again on every
		// rebuild until it is fixed: its error must not be forgotten.
		layouts = true
		full, err := b.reloadLayouts()
		b.layoutsFailed = err != nil
		if err != nil {
			return nil, err
		}
		if full {
			return b.Build(ctx)
		}
	}
	edited := b.editedInPlace(Change{Paths: content})
	if !layouts {
		if res, ok, err := b.rebuildBodies(edited); ok || err != nil {
			if res != nil {
				res.Summary.Duration = time.Since(start)
			}
			return res, err
		}
	}
	site, probs, err := b.load(edited, true)
	if err != nil {
		return nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return nil, errs
	}
	site.CSS = b.css
	b.rendering = site
	ts := b.tmpl
	jobs, rprobs := renderJobs(site, ts)
	if len(rprobs) > 0 {
		return nil, rprobs.sorted()
	}
	base := siteSigsOf(site, ts)
	sigs := signatures(site, base, jobs)
	var dirty []renderJob
	for _, j := range jobs {
		if prev, ok := b.outputs[j.out()]; !ok || prev != sigs[j.out()] {
			dirty = append(dirty, j)
		}
	}
	if probs := renderPages(site, ts, b.dest, dirty); len(probs) > 0 {
		return nil, probs.sorted()
	}
	for out := range b.outputs {
		if _, ok := sigs[out]; !ok {
			_ = os.Remove(filepath.Join(b.dest, filepath.FromSlash(out)))
			pruneEmptyDirs(b.dest, path.Dir(out))
		}
	}
	var changed []*model.Page
	var removed []string
	if len(content) > 0 {
		// A layout shows the same pages differently: the search index,
		// which reads content, need not hear of it.
		changed, removed = changedPages(b.site, site, b.outputs, sigs)
	}
	only := map[*model.Page]bool{}
	for _, p := range changed {
		only[p] = true
	}
	if _, err := writeExtras(site, ts, b.theme, b.dest, b.opts.Source, only); err != nil {
		return nil, err
	}
	b.removeOldCSS()
	b.outputs, b.base = sigs, base
	b.site = site
	b.inSync, b.warnings = true, probs.Warnings()
	res := &Result{Site: site, Summary: summarize(site, len(dirty)), Warnings: b.warnings, Incremental: true}
	res.Changed, res.Removed = changed, removed
	res.Summary.Duration = time.Since(start)
	return res, nil
}

// classify sorts a change's paths: content files, layouts and styles
// (but the theme's static files), and anything else (site.toml, static
// files), which can touch every output in ways signatures do not cover.
func classify(ch Change) (content []string, layouts, other bool) {
	for _, p := range ch.Paths {
		switch {
		case strings.HasPrefix(p, "content/"):
			content = append(content, p)
		case strings.HasPrefix(p, "layouts/") && !strings.HasPrefix(p, "layouts/static/"):
			layouts = true
		default:
			other = true
		}
	}
	return content, layouts, other
}

// pruneEmptyDirs removes folders left empty by a deleted page.
func pruneEmptyDirs(root, dir string) {
	for dir != "." && dir != "/" && dir != "" {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(dir))); err != nil {
			return
		}
		dir = path.Dir(dir)
	}
}

// changedPages lists the content pages whose output changed and the
// URLs of pages that are gone, from the two builds' signatures.
func changedPages(old, cur *Site, before, after map[string]uint64) (changed []*model.Page, removed []string) {
	for _, p := range cur.Pages {
		if p.Kind != model.KindPage {
			continue
		}
		out := outputPath(p.URL)
		if sig, ok := before[out]; !ok || sig != after[out] {
			changed = append(changed, p)
		}
	}
	for _, p := range old.Pages {
		if p.Kind != model.KindPage {
			continue
		}
		if _, ok := after[outputPath(p.URL)]; !ok {
			removed = append(removed, p.URL)
		}
	}
	return changed, removed
}

// editedInPlace returns the change's paths if each is a content file the
// last load read and that still exists: the common case of saving a
// page, which needs no walk of the content tree. Otherwise nil.
func (b *Builder) editedInPlace(ch Change) []string {
	var out []string
	for _, p := range ch.Paths {
		rel, ok := strings.CutPrefix(p, "content/")
		if !ok {
			return nil
		}
		lf, known := b.loaded[rel]
		if !known || !strings.HasSuffix(rel, ".md") {
			return nil
		}
		if _, err := os.Stat(lf.file.abs); err != nil {
			return nil
		}
		out = append(out, rel)
	}
	return out
}
