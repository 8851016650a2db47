package generator

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/minhbach/minhbach/layouts"
)

// incrementalSite is a small site with every kind of relation an edit
// can ripple through: replacement, basis, sections, taxonomies.
var incrementalSite = map[string]string{
	"site.toml":                 "title = \"Thử\"\nbaseURL = \"https://x.test/\"\nlanguageCode = \"vi\"\npaginate = 2\n",
	"content/_index.md":         "+++\ntitle = \"Trang chủ\"\n+++\nXin chào.\n",
	"content/van-ban/_index.md": "+++\ntitle = \"Văn bản\"\n+++\n",
	"content/van-ban/cu.md": `+++
title = "Luật Đất đai 2013"
slug = "cu"
number = "45/2013/QH13"
kind = "Luật"
issuer = "Quốc hội"
issued = 2013-11-29
effective = 2014-07-01
replaced_by = ["31/2024/QH15"]
fields = ["Đất đai"]
+++
Luật cũ.
`,
	"content/van-ban/moi.md": `+++
title = "Luật Đất đai 2024"
slug = "moi"
number = "31/2024/QH15"
kind = "Luật"
issuer = "Quốc hội"
issued = 2024-01-18
effective = 2024-08-01
fields = ["Đất đai"]
+++
Luật mới.
`,
	"content/thu-tuc/cap-lai.md": `+++
title = "Cấp lại giấy chứng nhận"
slug = "cap-lai"
level = ["Cấp tỉnh"]
agency = "Văn phòng Đăng ký đất đai"
basis = ["31/2024/QH15"]
fields = ["Đất đai"]
+++
## Trình tự
Nộp hồ sơ.
`,
	"content/tin-tuc/a.md": "+++\ntitle = \"Tin A\"\nslug = \"a\"\ndate = 2024-01-01\ntags = [\"rác\"]\n+++\nA.\n",
	"content/tin-tuc/b.md": "+++\ntitle = \"Tin B\"\nslug = \"b\"\ndate = 2024-02-01\n+++\nB.\n",
}

// incrementalNow is the build day of the incremental tests.
var incrementalNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// builtIncrementalSite writes incrementalSite (then extra over it) into
// a new folder and builds it with a builder kept for rebuilds.
func builtIncrementalSite(t *testing.T, extra map[string]string) (src string, b *Builder) {
	t.Helper()
	src = writeTree(t, t.TempDir(), incrementalSite)
	writeTree(t, src, extra)
	b = NewBuilder(Options{Source: src, Destination: filepath.Join(t.TempDir(), "out"), Now: incrementalNow})
	t.Cleanup(func() { b.Close() })
	if _, err := b.Build(context.Background()); err != nil {
		t.Fatal(err)
	}
	return src, b
}

// TestIncrementalMatchesFullBuild edits a site step by step, rebuilding
// incrementally after each edit, and checks the output is byte for byte
// what a full build of the final sources writes.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	src, inc := builtIncrementalSite(t, nil)
	now := incrementalNow
	ctx := context.Background()
	edit := func(rel, text string) {
		t.Helper()
		// A later edit within the file system's timestamp resolution
		// must still be seen: the size changes too, or mtime is bumped.
		writeTestFile(t, src, rel, text)
		p := filepath.Join(src, rel)
		later := time.Now().Add(time.Duration(len(text)) * time.Millisecond)
		_ = os.Chtimes(p, later, later)
	}
	moi := strings.Replace(incrementalSite["content/van-ban/moi.md"], "+++\nLuật mới.\n",
		"description = \"Luật Đất đai năm 2024.\"\n+++\nLuật mới.\n", 1)
	steps := []struct {
		name  string
		apply func()
		paths []string
		// bodies says the edit changed nothing but a body, which the
		// builder rebuilds without assembling the site again.
		bodies bool
	}{
		{"give a description", func() { edit("content/van-ban/moi.md", moi) }, []string{"content/van-ban/moi.md"}, false},
		{"body only: heading, text and a link", func() {
			edit("content/van-ban/moi.md", moi+"\n## Phạm vi\n\nXem [luật cũ](/van-ban/cu/).\n")
		}, []string{"content/van-ban/moi.md"}, true},
		{"body only: intro of a paginated list", func() {
			edit("content/tin-tuc/_index.md", "+++\ntitle = \"Tin tức\"\ndescription = \"Tin.\"\n+++\nTin của Sở.\n")
		}, []string{"content/tin-tuc/_index.md"}, false},
		{"body only: intro edited again", func() {
			edit("content/tin-tuc/_index.md", "+++\ntitle = \"Tin tức\"\ndescription = \"Tin.\"\n+++\nTin của Sở Tài nguyên và Môi trường.\n")
		}, []string{"content/tin-tuc/_index.md"}, true},
		{"body that is also the description", func() {
			edit("content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\nXin chào. Chào mừng.\n")
		}, []string{"content/_index.md"}, false},
		{"edit body", func() {
			edit("content/tin-tuc/a.md", "+++\ntitle = \"Tin A\"\nslug = \"a\"\ndate = 2024-01-01\ntags = [\"rác\"]\n+++\nA đã sửa, dài hơn.\n")
		}, []string{"content/tin-tuc/a.md"}, false},
		{"rename title shown in relations", func() {
			edit("content/van-ban/moi.md", strings.Replace(incrementalSite["content/van-ban/moi.md"], "Luật Đất đai 2024", "Luật Đất đai số 31", 1))
		}, []string{"content/van-ban/moi.md"}, false},
		{"new page changes pagination", func() {
			edit("content/tin-tuc/c.md", "+++\ntitle = \"Tin C\"\nslug = \"c\"\ndate = 2024-03-01\nfields = [\"Môi trường\"]\n+++\nC.\n")
		}, []string{"content/tin-tuc/c.md"}, false},
		{"effective date moves status", func() {
			edit("content/van-ban/moi.md", strings.Replace(strings.Replace(incrementalSite["content/van-ban/moi.md"], "Luật Đất đai 2024", "Luật Đất đai số 31", 1), "2024-08-01", "2027-01-01", 1))
		}, []string{"content/van-ban/moi.md"}, false},
		{"delete a page", func() {
			if err := os.Remove(filepath.Join(src, "content/tin-tuc/b.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/tin-tuc/b.md"}, false},
		{"section title in breadcrumbs", func() {
			edit("content/van-ban/_index.md", "+++\ntitle = \"Văn bản pháp luật\"\n+++\n")
		}, []string{"content/van-ban/_index.md"}, false},
		{"taxonomy term removed", func() {
			edit("content/tin-tuc/a.md", "+++\ntitle = \"Tin A\"\nslug = \"a\"\ndate = 2024-01-01\n+++\nA.\n")
		}, []string{"content/tin-tuc/a.md"}, false},
		{"layout of one type overridden", func() {
			edit("layouts/news/single.html", themeFile(t, "news/single.html")+"{{/* sửa */}}{{ define \"extra\" }}{{ end }}")
		}, []string{"layouts/news/single.html"}, false},
		{"layout of one type edited", func() {
			edit("layouts/news/single.html", strings.Replace(themeFile(t, "news/single.html"), "Tin tức", "Tin tức của Sở", 1))
		}, []string{"layouts/news/single.html"}, false},
		{"partial overridden", func() {
			edit("layouts/partials/footer.html", themeFile(t, "partials/footer.html")+"\n<!-- chân trang -->\n")
		}, []string{"layouts/partials/footer.html"}, false},
		{"styles changed", func() {
			edit("layouts/assets/scss/main.scss", themeFile(t, "assets/scss/main.scss")+"\n.minhbach-test { color: #123456; }\n")
		}, []string{"layouts/assets/scss/main.scss"}, false},
		{"layout override removed", func() {
			if err := os.Remove(filepath.Join(src, "layouts/news/single.html")); err != nil {
				t.Fatal(err)
			}
		}, []string{"layouts/news/single.html"}, false},
	}
	for _, s := range steps {
		s.apply()
		res, err := inc.Rebuild(ctx, Change{Paths: s.paths})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if res.bodiesOnly != s.bodies {
			t.Errorf("%s: rebuilt as a body-only edit: %v, want %v", s.name, res.bodiesOnly, s.bodies)
		}
		compareTrees(t, s.name, inc.dest, fullBuild(t, src, now))
	}
}

// fullBuild builds src from nothing into a fresh folder.
func fullBuild(t *testing.T, src string, now time.Time) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "full")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: now}); err != nil {
		t.Fatal(err)
	}
	return dest
}

func compareTrees(t *testing.T, step, incDir, fullDir string) {
	t.Helper()
	a, b := readTree(t, incDir), readTree(t, fullDir)
	var diffs []string
	for k, v := range b {
		if w, ok := a[k]; !ok {
			diffs = append(diffs, "missing in incremental: "+k)
		} else if !bytes.Equal(v, w) {
			diffs = append(diffs, "differs: "+k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			diffs = append(diffs, "extra in incremental: "+k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Fatalf("after %q, incremental output differs from a full build:\n%s", step, strings.Join(diffs, "\n"))
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBodyEditWithBrokenLink: a body edit that adds a link to nowhere is
// reported with its file and line, the page as it was stays served, and
// fixing the link brings the new text.
func TestBodyEditWithBrokenLink(t *testing.T) {
	src, b := builtIncrementalSite(t, nil)
	ctx := context.Background()
	now := incrementalNow
	page := filepath.Join(b.dest, "van-ban", "cu", "index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	rel := "content/van-ban/cu.md"
	base := incrementalSite[rel]
	save := func(text string, stamp time.Duration) {
		writeTestFile(t, src, rel, text)
		later := time.Now().Add(stamp)
		_ = os.Chtimes(filepath.Join(src, rel), later, later)
	}

	save(base+"\nXem [hướng dẫn](/huong-dan/khong-co/).\n", time.Second)
	_, err = b.Rebuild(ctx, Change{Paths: []string{rel}})
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 {
		t.Fatalf("a broken link: got %v, want one problem", err)
	}
	if p := probs[0]; p.File != rel || p.Line != 14 || !strings.Contains(p.VI, "/huong-dan/khong-co/") {
		t.Errorf("problem = %+v, want %s line 14 naming the link", p, rel)
	}
	if after, _ := os.ReadFile(page); !bytes.Equal(before, after) {
		t.Error("a failed rebuild changed the page served")
	}

	save(base+"\nXem [luật mới](/van-ban/moi/).\n", 2*time.Second)
	if _, err := b.Rebuild(ctx, Change{Paths: []string{rel}}); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(page); !bytes.Contains(after, []byte(`href="/van-ban/moi/"`)) {
		t.Error("the fixed text is not on the page")
	}
	compareTrees(t, "link fixed", b.dest, fullBuild(t, src, now))
}

// TestEditBreaksLinksElsewhere: changing a page's slug in place breaks
// the links other pages have to it, and the rebuild says so, naming the
// page with the link.
func TestEditBreaksLinksElsewhere(t *testing.T) {
	src, b := builtIncrementalSite(t, map[string]string{
		"content/tin-tuc/b.md": "+++\ntitle = \"Tin B\"\nslug = \"b\"\ndate = 2024-02-01\n+++\nXem [luật mới](/van-ban/moi/).\n",
	})
	ctx := context.Background()
	rel := "content/van-ban/moi.md"
	writeTestFile(t, src, rel, strings.Replace(incrementalSite[rel], `slug = "moi"`, `slug = "luat-moi"`, 1))
	later := time.Now().Add(time.Second)
	_ = os.Chtimes(filepath.Join(src, rel), later, later)
	_, err := b.Rebuild(ctx, Change{Paths: []string{rel}})
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || probs[0].File != "content/tin-tuc/b.md" {
		t.Fatalf("after the slug changed: %v, want one problem in content/tin-tuc/b.md", err)
	}
}

// themeFile reads a file of the default theme, for tests that override it.
func themeFile(t *testing.T, name string) string {
	t.Helper()
	b, err := layouts.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLayoutEditRendersItsPages: editing the layout of one type of page
// rewrites those pages and leaves the others alone; a layout with an
// error is reported and changes nothing.
func TestLayoutEditRendersItsPages(t *testing.T) {
	src, b := builtIncrementalSite(t, nil)
	ctx := context.Background()
	stamp := func(rel string) time.Time {
		t.Helper()
		info, err := os.Stat(filepath.Join(b.dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		return info.ModTime()
	}
	news, procedure := "tin-tuc/a/index.html", "thu-tuc/cap-lai/index.html"
	newsBefore, procBefore := stamp(news), stamp(procedure)
	before := map[string]string{}
	for rel, data := range readTree(t, b.dest) {
		before[rel] = string(data)
	}

	layout := "layouts/news/single.html"
	writeTestFile(t, src, layout, "{{ define \"main\" }}{{ .Page.Title ")
	if _, err := b.Rebuild(ctx, Change{Paths: []string{layout}}); err == nil || !strings.Contains(err.Error(), "news/single.html") {
		t.Fatalf("a broken layout: got %v, want an error naming it", err)
	}
	compareTrees(t, "broken layout", b.dest, writeTree(t, t.TempDir(), before))
	// Saving a page meanwhile does not hide the broken layout.
	writeTestFile(t, src, "content/tin-tuc/b.md", incrementalSite["content/tin-tuc/b.md"]+"Thêm.\n")
	if _, err := b.Rebuild(ctx, Change{Paths: []string{"content/tin-tuc/b.md"}}); err == nil || !strings.Contains(err.Error(), "news/single.html") {
		t.Fatalf("a page saved while a layout is broken: got %v, want the layout's error again", err)
	}

	writeTestFile(t, src, layout, strings.Replace(themeFile(t, "news/single.html"), "Tin tức", "Tin của Sở", 1))
	res, err := b.Rebuild(ctx, Change{Paths: []string{layout}})
	if err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(filepath.Join(b.dest, news)); !bytes.Contains(page, []byte("Tin của Sở")) {
		t.Error("the news page does not show the edited layout")
	}
	if stamp(news).Equal(newsBefore) {
		t.Error("the news page was not rewritten")
	}
	if !stamp(procedure).Equal(procBefore) {
		t.Error("a procedure page was rewritten for an edit of the news layout")
	}
	if len(res.Changed) != 0 {
		t.Errorf("a layout edit reported %d pages whose content changed, want none (the search index reads content)", len(res.Changed))
	}
}

// TestBrokenConfigNotForgotten: while site.toml does not parse, saving a
// page reports it again rather than building with the last good one.
func TestBrokenConfigNotForgotten(t *testing.T) {
	src, b := builtIncrementalSite(t, nil)
	ctx := context.Background()
	writeTestFile(t, src, "site.toml", incrementalSite["site.toml"]+"paginate = \n")
	for _, path := range []string{"site.toml", "content/tin-tuc/b.md"} {
		if path != "site.toml" {
			writeTestFile(t, src, path, incrementalSite[path]+"Thêm.\n")
		}
		if _, err := b.Rebuild(ctx, Change{Paths: []string{path}}); err == nil || !strings.Contains(err.Error(), "site.toml") {
			t.Fatalf("after saving %s with site.toml broken: got %v, want an error naming site.toml", path, err)
		}
	}
}
