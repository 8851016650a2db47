package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/minhbach/minhbach/model"
)

// TopTask is one of the few things citizens most often come to do (a
// lost certificate, a transfer, splitting a plot), linked first on the
// home page, in the words they use rather than a procedure's formal
// title. Set in site.toml as [[top_tasks]].
type TopTask struct {
	Title string `toml:"title"`
	// URL is a path of the site: a procedure, a Q&A, a form.
	URL string `toml:"url"`
	// Hint is an optional line under the title.
	Hint string `toml:"hint"`
}

// defaultTopTasks is how many procedures the home page offers when
// site.toml names no top tasks.
const defaultTopTasks = 6

// TopTasks are the site's [[top_tasks]], or, when it names none, its
// first procedures in list order (weight, then title): a portal that has
// not chosen yet still leads with what can be done, not with news.
func (s *Site) TopTasks() []TopTask {
	if len(s.Config.TopTasks) > 0 {
		return s.Config.TopTasks
	}
	var out []TopTask
	for _, p := range s.ContentPages(model.TypeProcedure) {
		if len(out) == defaultTopTasks {
			break
		}
		out = append(out, TopTask{Title: p.Title, URL: p.URL})
	}
	return out
}

// checkTopTasks reports a top task without a title or whose address
// leads nowhere on the site: the home page's first links must work.
func checkTopTasks(s *Site, source string) Problems {
	var probs Problems
	var text string
	if b, err := os.ReadFile(filepath.Join(source, "site.toml")); err == nil {
		text = string(b)
	}
	for i, t := range s.Config.TopTasks {
		at := Problem{File: "site.toml", Line: tomlLineOf(text, "top_tasks", i), Key: "top_tasks.url"}
		switch {
		case strings.TrimSpace(t.Title) == "":
			at.Key = "top_tasks.title"
			at.VI = fmt.Sprintf("việc thứ %d trong [[top_tasks]] chưa có tên (title)", i+1)
			at.EN = fmt.Sprintf("top task %d has no title", i+1)
		case !strings.HasPrefix(t.URL, "/") || strings.HasPrefix(t.URL, "//"):
			at.VI = fmt.Sprintf("địa chỉ %q của việc %q phải là đường dẫn trong cổng, bắt đầu bằng /", t.URL, t.Title)
			at.EN = fmt.Sprintf("the url %q of top task %q must be a path of the site, starting with /", t.URL, t.Title)
		default:
			target := linkPath(t.URL)
			if s.linkTargets[target] || s.linkTargets[target+"/"] || staticExists(source, target) {
				continue
			}
			at.VI = fmt.Sprintf("địa chỉ %s của việc %q không trỏ tới trang nào của cổng", t.URL, t.Title)
			at.EN = fmt.Sprintf("the url %s of top task %q points at no page of the site", t.URL, t.Title)
		}
		probs = append(probs, at)
	}
	return probs
}

// tomlLineOf is the line of the n-th (0-based) [[table]] header in a
// TOML text, 0 when it is not found: enough to send staff to the entry.
func tomlLineOf(text, table string, n int) int {
	header := "[[" + table + "]]"
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == header {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return 0
}
