// Package sitegen writes a synthetic Vietnamese site for benchmarks: N
// Markdown pages of about 500 words in 20 sections with 50 tags, as a
// minhbach site (site.toml + content/) and, optionally, as the same
// content for Hugo with layouts equivalent to minhbach's default theme.
// The output depends only on the options: the same seed gives the same
// bytes, so figures from two machines are about the same site.
package sitegen

import (
	"errors"
	"fmt"
	"github.com/minhbach/minhbach/generator"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options say what to generate.
type Options struct {
	// Out receives minhbach/ and, with HugoLayouts, hugo/.
	Out string
	// Pages is the number of content pages (sections and home excluded).
	Pages int
	// Seed makes the site reproducible.
	Seed uint64
	// Words is the target number of words of prose per page; 0 means 500.
	Words int
	// HugoLayouts is the folder of Hugo layouts to copy into hugo/layouts;
	// empty writes no Hugo site.
	HugoLayouts string
	// DartSass is the Dart Sass binary that compiles minhbach's SCSS for
	// the Hugo site (see hugoCSS); needed with HugoLayouts.
	DartSass string
}

// pageMeta is what other pages need to know of a page to link to it.
type pageMeta struct {
	sec   *section
	title string
	slug  string
}

func (p *pageMeta) url() string { return "/" + p.sec.dir + "/" + p.slug + "/" }

// Generate writes the site. Out/minhbach and Out/hugo are replaced whole.
func Generate(opts Options) error {
	if opts.Pages < 1 {
		return errors.New("sitegen: need at least one page")
	}
	if opts.Words == 0 {
		opts.Words = 500
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x6d696e6862616368)) // "minhbach"
	metas := make([]*pageMeta, opts.Pages)
	for i := range metas {
		sec := &sections[r.IntN(len(sections))]
		title := fmt.Sprintf("%s %s tại %s", pick(r, titlePrefixes), pick(r, titleTopics), pick(r, places))
		metas[i] = &pageMeta{sec: sec, title: title, slug: fmt.Sprintf("%s-%05d", truncSlug(generator.Slugify(title), 60), i+1)}
	}
	files := map[string][]byte{} // content-relative path -> bytes
	files["_index.md"] = []byte(frontMatter([][2]string{
		{"title", tomlString(siteTitle)},
		{"description", tomlString(siteDescription)},
	}) + "Cổng thông tin công khai, minh bạch về đất đai, môi trường, tài nguyên nước và khoáng sản.\n")
	for _, sec := range sections {
		files[sec.dir+"/_index.md"] = []byte(frontMatter([][2]string{
			{"title", tomlString(sec.title)},
			{"description", tomlString("Thông tin về " + sec.topic + ".")},
		}) + "Chuyên mục tổng hợp thông tin về " + sec.topic + " trên địa bàn tỉnh.\n")
	}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	for i, m := range metas {
		w := &writer{r: r}
		links := make([]*pageMeta, 4)
		for j := range links {
			k := r.IntN(len(metas) - 1)
			if k >= i {
				k++ // never the page itself
			}
			if len(metas) == 1 {
				k = i
			}
			links[j] = metas[k]
		}
		body := w.body(links, opts.Words)
		desc := (&writer{r: r}).sentence()
		fm := frontMatter([][2]string{
			{"title", tomlString(m.title)},
			{"date", start.AddDate(0, 0, r.IntN(days)).Format("2006-01-02")},
			{"description", tomlString(desc)},
			{"tags", tomlList(pickTags(r))},
			{"weight", fmt.Sprint(1 + r.IntN(20))},
			{"slug", tomlString(m.slug)},
		})
		files[m.sec.dir+"/"+m.slug+".md"] = []byte(fm + body)
	}

	mb := filepath.Join(opts.Out, "minhbach")
	if err := writeTree(mb, files, map[string][]byte{"site.toml": []byte(siteTOML())}); err != nil {
		return err
	}
	if opts.HugoLayouts == "" {
		return nil
	}
	hugo := filepath.Join(opts.Out, "hugo")
	extra, err := hugoExtras(opts.HugoLayouts)
	if err != nil {
		return err
	}
	extra["hugo.toml"] = []byte(hugoTOML())
	if err := writeTree(hugo, files, extra); err != nil {
		return err
	}
	return hugoCSS(hugo, opts.DartSass)
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// pickTags gives a page two to four tags, the first tags of the list more
// often than the last, as real keyword use is skewed.
func pickTags(r *rand.Rand) []string {
	n := 2 + r.IntN(3)
	seen := map[int]bool{}
	var out []string
	for len(out) < n {
		// The smaller of two draws favours low indices.
		i := min(r.IntN(len(tags)), r.IntN(len(tags)))
		if !seen[i] {
			seen[i] = true
			out = append(out, tags[i])
		}
	}
	return out
}

// writeTree replaces dir by content/ holding files, plus extra files at
// the root of dir.
func writeTree(dir string, files, extra map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for rel, b := range files {
		if err := writeFile(filepath.Join(dir, "content", filepath.FromSlash(rel)), b); err != nil {
			return err
		}
	}
	for rel, b := range extra {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), b); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// readTree reads every file under dir, keyed by slash path below prefix.
func readTree(fsys fs.FS, dir, prefix string, into map[string][]byte) error {
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		rel := p
		if dir != "." {
			rel = strings.TrimPrefix(p, dir+"/")
		}
		into[prefix+rel] = b
		return nil
	})
}

func frontMatter(kv [][2]string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	for _, e := range kv {
		b.WriteString(e[0] + " = " + e[1] + "\n")
	}
	b.WriteString("+++\n\n")
	return b.String()
}

// tomlEscaper escapes a TOML basic string; a Replacer is safe for
// concurrent use and costly to build, so there is one.
var tomlEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func tomlString(s string) string {
	return `"` + tomlEscaper.Replace(s) + `"`
}

func tomlList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// truncSlug shortens a slug to at most n bytes at a hyphen.
func truncSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	return s
}
