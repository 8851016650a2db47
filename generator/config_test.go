package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadConfigMinimal(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{"site.toml": minimalConfig})
	c, err := LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Cổng thử nghiệm" || c.BaseURL != "https://example.gov.vn" || c.LanguageCode != "vi" {
		t.Errorf("config = %+v", c)
	}
	if c.Paginate <= 0 {
		t.Errorf("Paginate = %d, want a positive default", c.Paginate)
	}
	// interfaces.md fixes the default sections.
	for sec, typ := range map[string]string{"van-ban": "document", "thu-tuc": "procedure", "cong-khai": "disclosure", "tin-tuc": "news"} {
		if c.Sections[sec] != typ {
			t.Errorf("section %s has type %q, want %q", sec, c.Sections[sec], typ)
		}
	}
	for key, folder := range map[string]string{"fields": "linh-vuc", "tags": "the", "kind": "loai-van-ban",
		"issuer": "co-quan-ban-hanh", "level": "cap-thuc-hien", "agency": "co-quan-thuc-hien"} {
		if c.Taxonomies[key] != folder {
			t.Errorf("taxonomy %s in /%s/, want /%s/", key, c.Taxonomies[key], folder)
		}
	}
	if c.Agency.Name != c.Title {
		t.Errorf("agency name %q, want the title", c.Agency.Name)
	}
}

func TestLoadConfigSectionsMerge(t *testing.T) {
	dir := writeTree(t, t.TempDir(), map[string]string{"site.toml": minimalConfig + `
[sections]
thong-bao = "news"
tin-tuc = "page"
`})
	c, err := LoadConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"van-ban": "document", "thu-tuc": "procedure", "cong-khai": "disclosure", "tin-tuc": "page", "thong-bao": "news"}
	for k, v := range want {
		if c.Sections[k] != v {
			t.Errorf("section %s = %q, want %q", k, c.Sections[k], v)
		}
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name  string
		toml  *string // nil: no site.toml at all
		wants []string
	}{
		{"unknown key", ptr(minimalConfig + "paginte = 10\n"), []string{"paginte", "khóa không xác định", "unknown key"}},
		{"unknown key in a table", ptr(minimalConfig + "[agency]\nadress = \"163 Hùng Vương\"\n"), []string{"agency.adress"}},
		{"syntax error", ptr("title = \"A\"\nbaseURL = \"https://a/\"\nlanguageCode = vi\n"), []string{"site.toml:3", "TOML"}},
		{"wrong type", ptr(minimalConfig + "paginate = \"mười\"\n"), []string{"site.toml", "paginate"}},
		{"missing title", ptr("baseURL = \"https://a/\"\n"), []string{"title", "thiếu", "missing"}},
		{"no site.toml", nil, []string{"site.toml", "không tìm thấy", "not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.toml != nil {
				writeTree(t, dir, map[string]string{"site.toml": *tt.toml})
			}
			_, err := LoadConfig(dir)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func ptr(s string) *string { return &s }

// TestBuildRejectsBadConfig checks that a typo in site.toml stops the
// build before anything is written.
func TestBuildRejectsBadConfig(t *testing.T) {
	src := writeTree(t, t.TempDir(), map[string]string{
		"site.toml":         minimalConfig + "titel = \"x\"\n",
		"content/_index.md": "+++\ntitle = \"Trang chủ\"\n+++\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	_, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: date("2024-01-01")})
	if err == nil || !strings.Contains(err.Error(), "titel") {
		t.Fatalf("Build error = %v, want one naming titel", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("destination exists after a failed first build: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestTypeFromSection checks the default mapping of sections to types and
// that type in front matter wins.
func TestTypeFromSection(t *testing.T) {
	dir := newSite(t, map[string]string{
		"van-ban/gioi-thieu.md": "+++\ntitle = \"Giới thiệu về văn bản\"\ntype = \"page\"\n+++\n",
		"tin-tuc/tin.md":        "+++\ntitle = \"Tin\"\n+++\n",
		"khac/trang.md":         "+++\ntitle = \"Trang khác\"\n+++\n",
		"trang-rieng.md":        "+++\ntitle = \"Trang riêng\"\n+++\n",
		"thu-tuc/_index.md":     "+++\ntitle = \"Thủ tục\"\n+++\n",
	})
	site, probs := loadSite(t, dir, "2024-01-01")
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	for src, want := range map[string]string{
		"van-ban/gioi-thieu.md": "page",
		"tin-tuc/tin.md":        "news",
		"khac/trang.md":         "page",
		"trang-rieng.md":        "page",
		"thu-tuc/_index.md":     "procedure",
	} {
		p := site.bySource[strings.TrimSuffix(src, ".md")]
		if p == nil {
			t.Errorf("no page for %s", src)
			continue
		}
		if p.Type != want {
			t.Errorf("%s has type %q, want %q", src, p.Type, want)
		}
	}
}
