package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckReportsEveryKind runs `minhbach check` on a site with one of
// each kind of mistake and checks every one is reported with its file,
// line and key, warnings apart, the exit code is 1 and nothing is written.
func TestCheckReportsEveryKind(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"site.toml":            "title = \"T\"\nbaseURL = \"https://x.test/\"\nlanguageCode = \"vi\"\n",
		"content/van-ban/a.md": "+++\ntitle = \"Luật A\"\nnumber = \"1/2013/QH13\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2013-11-29\nexpired = 2020-01-01\n+++\n",
		// duplicate number
		"content/van-ban/b.md": "+++\ntitle = \"Luật B\"\nnumber = \"1/2013/QH13\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2014-01-01\n+++\n",
		// a date that does not exist, and a typo
		"content/van-ban/c.md": "+++\ntitle = \"Luật C\"\nnumber = \"3/2014/QH13\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = \"31/02/2021\"\nsinger = \"X\"\n+++\n",
		// missing required key, wrong type, ref to nothing, broken link,
		// and a basis no longer in force (a warning)
		"content/thu-tuc/d.md": "+++\ntitle = \"Thủ tục D\"\nlevel = [\"Cấp tỉnh\"]\nprocessing_days = \"mười\"\nbasis = [\"1/2013/QH13\", \"99/9999/QH99\"]\n+++\nXem [trang không có](/khong-co/).\n",
		// a dossier form that is not in the bundle
		"content/thu-tuc/e/index.md": "+++\ntitle = \"Thủ tục E\"\nlevel = [\"Cấp xã\"]\nagency = \"UBND xã\"\ndossier = [{ name = \"Đơn\", original = 1, form = \"mau-don.docx\" }]\n+++\n",
		// a disclosure past its period (a warning)
		"content/cong-khai/f.md": "+++\ntitle = \"Niêm yết F\"\nposted = 2026-01-01\nuntil = 2026-02-01\n+++\n",
	}
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"check", "--source", dir, "--now", "2026-11-26"}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit code %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String() + stderr.String()
	for _, want := range []string{
		`content/van-ban/b.md:3: khóa "number"`,          // duplicate number
		`content/van-ban/c.md:6: khóa "issued"`,          // date that does not exist
		`content/van-ban/c.md:7: khóa "singer"`,          // unknown key...
		`did you mean "signer"`,                          // ...with the closest known key
		`content/thu-tuc/d.md:1: khóa "agency"`,          // missing required key
		`content/thu-tuc/d.md:4: khóa "processing_days"`, // wrong type
		`content/thu-tuc/d.md:5: khóa "basis"`,           // ref to nothing
		`99/9999/QH99`,                                   //
		`content/thu-tuc/d.md:7: liên kết /khong-co/`,    // broken internal link
		`content/thu-tuc/e/index.md:5: khóa "dossier"`,   // missing form file
		`cảnh báo / warning: khóa "basis"`,               // basis expired (warning)
		`content/cong-khai/f.md:4: cảnh báo / warning`,   // disclosure past (warning)
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("check wrote an output folder")
	}
}
