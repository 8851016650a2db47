package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
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

// TestIncrementalMatchesFullBuild edits a site step by step, rebuilding
// incrementally after each edit, and checks the output is byte for byte
// what a full build of the final sources writes.
func TestIncrementalMatchesFullBuild(t *testing.T) {
	src := t.TempDir()
	for rel, text := range incrementalSite {
		writeTestFile(t, src, rel, text)
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	inc := NewBuilder(Options{Source: src, Destination: filepath.Join(t.TempDir(), "inc"), Now: now})
	defer inc.Close()
	if _, err := inc.Build(ctx); err != nil {
		t.Fatal(err)
	}
	edit := func(rel, text string) {
		t.Helper()
		// A later edit within the file system's timestamp resolution
		// must still be seen: the size changes too, or mtime is bumped.
		writeTestFile(t, src, rel, text)
		p := filepath.Join(src, rel)
		later := time.Now().Add(time.Duration(len(text)) * time.Millisecond)
		_ = os.Chtimes(p, later, later)
	}
	steps := []struct {
		name  string
		apply func()
		paths []string
	}{
		{"edit body", func() {
			edit("content/tin-tuc/a.md", "+++\ntitle = \"Tin A\"\nslug = \"a\"\ndate = 2024-01-01\ntags = [\"rác\"]\n+++\nA đã sửa, dài hơn.\n")
		}, []string{"content/tin-tuc/a.md"}},
		{"rename title shown in relations", func() {
			edit("content/van-ban/moi.md", strings.Replace(incrementalSite["content/van-ban/moi.md"], "Luật Đất đai 2024", "Luật Đất đai số 31", 1))
		}, []string{"content/van-ban/moi.md"}},
		{"new page changes pagination", func() {
			edit("content/tin-tuc/c.md", "+++\ntitle = \"Tin C\"\nslug = \"c\"\ndate = 2024-03-01\nfields = [\"Môi trường\"]\n+++\nC.\n")
		}, []string{"content/tin-tuc/c.md"}},
		{"effective date moves status", func() {
			edit("content/van-ban/moi.md", strings.Replace(strings.Replace(incrementalSite["content/van-ban/moi.md"], "Luật Đất đai 2024", "Luật Đất đai số 31", 1), "2024-08-01", "2027-01-01", 1))
		}, []string{"content/van-ban/moi.md"}},
		{"delete a page", func() {
			if err := os.Remove(filepath.Join(src, "content/tin-tuc/b.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/tin-tuc/b.md"}},
		{"section title in breadcrumbs", func() {
			edit("content/van-ban/_index.md", "+++\ntitle = \"Văn bản pháp luật\"\n+++\n")
		}, []string{"content/van-ban/_index.md"}},
		{"taxonomy term removed", func() {
			edit("content/tin-tuc/a.md", "+++\ntitle = \"Tin A\"\nslug = \"a\"\ndate = 2024-01-01\n+++\nA.\n")
		}, []string{"content/tin-tuc/a.md"}},
	}
	for _, s := range steps {
		s.apply()
		_, err := inc.Rebuild(ctx, Change{Paths: s.paths})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
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
