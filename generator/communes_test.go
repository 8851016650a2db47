package generator

import (
	"strings"
	"testing"
)

// TestLoadCommunes: a mistake in the list of communes is a problem that
// names the file, the line or the key, in both languages; a good list is
// offered in the order a citizen looks for a name.
func TestLoadCommunes(t *testing.T) {
	for _, c := range []struct {
		name, file, want string
		line             int
	}{
		{"syntax", "as_of = 2025-07-01\n[[unit]]\nkind = xã\n", "sai cú pháp TOML", 3},
		{"twice", "[[unit]]\nname = \"Xã Tịnh Khê\"\nkind = \"xã\"\n[[unit]]\nname = \"Xã Tịnh Khê\"\nkind = \"xã\"\n", `khóa "unit[1].name"`, 0},
		{"kind", "[[unit]]\nname = \"Huyện Bình Sơn\"\nkind = \"huyện\"\n", `khóa "unit[0].kind"`, 0},
		{"NFD", "[[unit]]\nname = \"Xa\u0303 A\"\nkind = \"xã\"\n", "NFC", 0},
		{"unknown key", "[[unit]]\nname = \"Xã A\"\nkind = \"xã\"\ndistrict = \"Bình Sơn\"\n", "unit.district", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, t.TempDir(), map[string]string{CommunesFile: c.file})
			_, probs := loadCommunes(dir)
			if len(probs) == 0 {
				t.Fatal("no problem reported")
			}
			p := probs[0]
			if p.File != CommunesFile || p.Line != c.line || !strings.Contains(p.Error(), c.want) || p.EN == "" {
				t.Errorf("problem %+v (%s), want %s at line %d", p, p.Error(), c.want, c.line)
			}
		})
	}
	dir := writeTree(t, t.TempDir(), map[string]string{CommunesFile: "[[unit]]\nname = \"Xã Tịnh Khê\"\nkind = \"xã\"\n[[unit]]\nname = \"Phường Cẩm Thành\"\nkind = \"phường\"\n[[unit]]\nname = \"Đặc khu Lý Sơn\"\nkind = \"đặc khu\"\n"})
	c, probs := loadCommunes(dir)
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if got := strings.Join(c.Names(), "|"); got != "Phường Cẩm Thành|Đặc khu Lý Sơn|Xã Tịnh Khê" {
		t.Errorf("order %s, want by the name after its type word", got)
	}
	if c, probs := loadCommunes(t.TempDir()); c != nil || probs != nil {
		t.Errorf("a site without the file: %v %v", c, probs)
	}
}
