package sitegen

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/minhbach/minhbach/generator"
)

func generate(t *testing.T, seed uint64, hugo bool) string {
	t.Helper()
	dir := t.TempDir()
	opts := Options{Out: dir, Pages: 40, Seed: seed}
	if hugo {
		sass, err := generator.FindDartSass(filepath.Join("..", ".."))
		if err != nil {
			t.Skipf("Dart Sass is needed for the Hugo site: %v", err)
		}
		opts.HugoLayouts = filepath.Join("..", "hugo-layouts")
		opts.DartSass = sass
	}
	if err := Generate(opts); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readAll maps every file under dir to its bytes.
func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSameSeedSameSite(t *testing.T) {
	a, b := readAll(t, generate(t, 7, true)), readAll(t, generate(t, 7, true))
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	c := readAll(t, generate(t, 8, false))
	for name, data := range c {
		if strings.HasSuffix(name, ".md") && !strings.HasSuffix(name, "_index.md") && bytes.Equal(data, a[name]) {
			t.Errorf("%s is the same with seeds 7 and 8", name)
		}
	}
}

var linkRE = regexp.MustCompile(`\]\((/[^)]+)\)`)

func TestPages(t *testing.T) {
	files := readAll(t, generate(t, 1, true))
	urls := map[string]bool{}
	var pages []string
	for name := range files {
		if strings.HasPrefix(name, "minhbach/content/") && !strings.HasSuffix(name, "_index.md") {
			pages = append(pages, name)
			rel := strings.TrimSuffix(strings.TrimPrefix(name, "minhbach/content"), ".md")
			urls[rel+"/"] = true
		}
	}
	if len(pages) != 40 {
		t.Fatalf("%d pages, want 40", len(pages))
	}
	for _, name := range pages {
		text := string(files[name])
		if !bytes.Equal(files[name], files["hugo/content/"+strings.TrimPrefix(name, "minhbach/content/")]) {
			t.Errorf("%s: the Hugo site's copy differs", name)
		}
		parts := strings.SplitN(text, "+++\n", 3)
		if len(parts) != 3 {
			t.Fatalf("%s: no TOML front matter", name)
		}
		for _, key := range []string{"title", "date", "description", "tags", "weight", "slug"} {
			if !strings.Contains(parts[1], "\n"+key+" = ") && !strings.HasPrefix(parts[1], key+" = ") {
				t.Errorf("%s: front matter lacks %s", name, key)
			}
		}
		body := linkRE.ReplaceAllString(parts[2], "]")
		words := 0
		for _, f := range strings.Fields(body) {
			if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				words++
			}
		}
		if words < 480 || words > 650 {
			t.Errorf("%s: %d words, want about 500", name, words)
		}
		for _, want := range []string{"\n## ", "\n### ", "\n- ", "\n1. ", "\n| STT |", "đ"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body has no %q", name, want)
			}
		}
		for _, m := range linkRE.FindAllStringSubmatch(parts[2], -1) {
			if !urls[m[1]] {
				t.Errorf("%s: link to %s, which is no page", name, m[1])
			}
		}
	}
	for _, f := range []string{"hugo/hugo.toml", "hugo/layouts/_default/baseof.html", "hugo/layouts/_default/single.html",
		"hugo/layouts/_default/terms.html", "hugo/assets/css/main.css"} {
		if _, ok := files[f]; !ok {
			t.Errorf("no %s", f)
		}
	}
}

// TestMinhbachLoadsTheSite checks that minhbach accepts every generated
// page: a benchmark of a site full of errors would measure nothing.
func TestMinhbachLoadsTheSite(t *testing.T) {
	dir := generate(t, 1, false)
	site, probs, err := generator.Load(generator.Options{Source: filepath.Join(dir, "minhbach"), Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("problems:\n%v", probs)
	}
	if got := len(site.ContentPages("page")); got != 40 {
		t.Errorf("%d content pages, want 40", got)
	}
	if got := len(site.Sections); got != len(sections) {
		t.Errorf("%d sections, want %d", got, len(sections))
	}
	tax := site.Taxonomy("tags")
	if tax == nil || len(tax.Terms) < 10 {
		t.Errorf("tags taxonomy missing or too small: %+v", tax)
	}
}
