package generator

import (
	"strings"
	"testing"
)

// TestIsHomePage checks which links are a site's bare home page.
func TestIsHomePage(t *testing.T) {
	tests := []struct {
		url  string
		home bool
	}{
		{"https://vbpl.vn/", true},
		{"https://vbpl.vn", true},
		{"http://dichvucong.gov.vn/", true},
		{" https://dichvucong.gov.vn/ ", true},
		{"https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=32833", false},
		{"https://vanban.chinhphu.vn/?pageid=27160&docid=211189", false},
		{"https://dichvucong.gov.vn/#thu-tuc", false},
		{"https://thuvienphapluat.vn/van-ban/Bat-dong-san/Luat-dat-dai-2013-215836.aspx", false},
		{"", false},
		{"/van-ban/luat-dat-dai-2024/", false},
		{"mailto:so@example.gov.vn", false},
		{"vbpl.vn", false},
	}
	for _, tt := range tests {
		if got := isHomePage(tt.url); got != tt.home {
			t.Errorf("isHomePage(%q) = %v, want %v", tt.url, got, tt.home)
		}
	}
}

// TestHomePageLinkWarnings checks that a home page given as source_url,
// online_url or a ref's url is a warning on the line of its key, and a
// deep link or an empty key is not.
func TestHomePageLinkWarnings(t *testing.T) {
	dir := newSite(t, map[string]string{
		"van-ban/luat.md": `+++
title = "Luật"
number = "1/2024/QH15"
kind = "Luật"
issuer = "Quốc hội"
issued = 2024-01-18
source_url = "https://vbpl.vn/"
basis = [{ title = "Hiến pháp", url = "https://quochoi.vn" }]
+++
`,
		"thu-tuc/tt.md": `---
title: Thủ tục
level: [Cấp tỉnh]
agency: Sở
online_url: https://dichvucong.gov.vn/
source_url: https://thuvienphapluat.vn/van-ban/Bat-dong-san/Luat-dat-dai-2013-215836.aspx
---
`,
		"thu-tuc/trong.md": "+++\ntitle = \"Thủ tục chưa có đường dẫn\"\nlevel = [\"Cấp xã\"]\nagency = \"UBND xã\"\nonline_url = \"\"\n+++\n",
	})
	_, probs := loadSite(t, dir, "2026-12-04")
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("a home page link must not be an error: %v", errs)
	}
	want := []struct {
		file, key string
		line      int
		url       string
	}{
		{"content/thu-tuc/tt.md", "online_url", 5, "https://dichvucong.gov.vn/"},
		{"content/van-ban/luat.md", "source_url", 7, "https://vbpl.vn/"},
		{"content/van-ban/luat.md", "basis", 8, "https://quochoi.vn"},
	}
	got := probs.Warnings()
	if len(got) != len(want) {
		t.Fatalf("got warnings %v, want %d", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.File != w.file || g.Key != w.key || g.Line != w.line || !strings.Contains(g.VI, w.url) {
			t.Errorf("warning %d = %v, want %s:%d key %q about %s", i, g, w.file, w.line, w.key, w.url)
		}
		checkBilingual(t, g)
	}
}
