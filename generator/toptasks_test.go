package generator

import (
	"strings"
	"testing"
)

// TestTopTasks checks the home page's top tasks: those site.toml names,
// in its order; the first procedures when it names none; and a clear
// problem, with the line of the entry, for one that leads nowhere.
func TestTopTasks(t *testing.T) {
	content := map[string]string{
		"thu-tuc/b.md":      "+++\ntitle = \"Bê\"\nslug = \"b\"\n+++\n",
		"thu-tuc/a.md":      "+++\ntitle = \"A\"\nweight = 1\n+++\n",
		"hoi-dap/mat-so.md": "+++\ntitle = \"Mất sổ thì làm gì?\"\nslug = \"mat-so\"\n+++\n",
	}
	cases := []struct {
		name, tasks string
		want        []string // title → url of each task
		problem     string   // part of the one problem expected, "" for none
		line        int
	}{
		{"default: procedures in list order", "", []string{"A → /thu-tuc/a/", "Bê → /thu-tuc/b/"}, "", 0},
		{"as configured", "[[top_tasks]]\ntitle = \"Mất sổ đỏ\"\nurl = \"/hoi-dap/mat-so/\"\n[[top_tasks]]\ntitle = \"Phản ánh\"\nurl = \"/phan-anh-kien-nghi/\"\n",
			[]string{"Mất sổ đỏ → /hoi-dap/mat-so/", "Phản ánh → /phan-anh-kien-nghi/"}, "", 0},
		{"a page that does not exist", "[[top_tasks]]\ntitle = \"A\"\nurl = \"/thu-tuc/a/\"\n\n[[top_tasks]]\ntitle = \"Sang tên\"\nurl = \"/thu-tuc/sang-ten/\"\n",
			nil, "không trỏ tới trang nào", 9},
		{"not a path of the site", "[[top_tasks]]\ntitle = \"Ngoài\"\nurl = \"https://dichvucong.gov.vn/\"\n",
			nil, "phải là đường dẫn trong cổng", 5},
		{"no title", "[[top_tasks]]\nurl = \"/thu-tuc/a/\"\n", nil, "chưa có tên", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := newSite(t, content)
			writeTree(t, dir, map[string]string{"site.toml": minimalConfig + "\n" + c.tasks})
			site, probs := loadSite(t, dir, "2026-12-04")
			var got []Problem
			for _, p := range probs {
				if strings.HasPrefix(p.Key, "top_tasks") {
					got = append(got, p)
				}
			}
			if c.problem == "" {
				if len(got) > 0 {
					t.Fatalf("unexpected problems: %v", got)
				}
				var tasks []string
				for _, task := range site.TopTasks() {
					tasks = append(tasks, task.Title+" → "+task.URL)
				}
				if strings.Join(tasks, "; ") != strings.Join(c.want, "; ") {
					t.Errorf("top tasks %q, want %q", tasks, c.want)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0].Error(), c.problem) || got[0].File != "site.toml" || got[0].Line != c.line {
				t.Fatalf("want one problem at site.toml:%d containing %q, got %v", c.line, c.problem, got)
			}
			if !strings.Contains(got[0].Error(), " / ") {
				t.Errorf("the problem is not said in both languages: %s", got[0])
			}
		})
	}
}
