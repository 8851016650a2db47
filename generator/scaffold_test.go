package generator

import (
	"strings"
	"testing"
	"time"
)

// TestScaffoldPassesCheckOnceFilled writes each kind's scaffold, checks
// that the empty required keys are reported, fills them as staff would,
// and checks that the file then loads without errors.
func TestScaffoldPassesCheckOnceFilled(t *testing.T) {
	fills := map[string][][2]string{
		"page":       {{`title = ""`, `title = "Giới thiệu"`}},
		"news":       {{`title = ""`, `title = "Tin mới"`}},
		"disclosure": {{`title = ""`, `title = "Niêm yết phương án"`}},
		"document": {{`title = ""`, `title = "Luật Đất đai"`}, {`number = ""`, `number = "31/2024/QH15"`},
			{`kind = ""`, `kind = "Luật"`}, {`issuer = []`, `issuer = ["Quốc hội"]`}},
		"procedure": {{`title = ""`, `title = "Cấp lại giấy chứng nhận"`}, {`level = []`, `level = ["Cấp tỉnh"]`},
			{`agency = ""`, `agency = "Văn phòng Đăng ký đất đai"`}, {`{ name = "", amount = 0`, `{ name = "Lệ phí", amount = 0`},
			{`{ name = "", original = 1`, `{ name = "Đơn đề nghị", original = 1`}},
	}
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for kind, repl := range fills {
		t.Run(kind, func(t *testing.T) {
			text, err := Scaffold(kind, today)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writeTestFile(t, dir, "site.toml", "title = \"T\"\nbaseURL = \"https://x.test/\"\nlanguageCode = \"vi\"\n")
			writeTestFile(t, dir, "content/moi/"+kind+".md", text)
			_, probs, err := Load(Options{Source: dir, Now: today})
			if err != nil {
				t.Fatal(err)
			}
			if len(probs.Errors()) != len(repl) {
				t.Fatalf("empty scaffold: want %d errors (one per required key), got:\n%v", len(repl), probs.Errors())
			}
			for _, r := range repl {
				if !strings.Contains(text, r[0]) {
					t.Fatalf("scaffold lacks %q", r[0])
				}
				text = strings.Replace(text, r[0], r[1], 1)
			}
			writeTestFile(t, dir, "content/moi/"+kind+".md", text)
			_, probs, err = Load(Options{Source: dir, Now: today})
			if err != nil {
				t.Fatal(err)
			}
			if errs := probs.Errors(); len(errs) > 0 {
				t.Fatalf("filled scaffold still has errors:\n%v", errs)
			}
		})
	}
	if _, err := Scaffold("law", today); err == nil {
		t.Error("unknown kind: want an error")
	}
}

// writeTestFile writes one file of a test site.
func writeTestFile(t *testing.T, dir, rel, text string) {
	t.Helper()
	writeTree(t, dir, map[string]string{rel: text})
}
