package browsertest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axePath is where npm installs axe-core, relative to the repository root.
const axePath = "node_modules/axe-core/axe.min.js"

// WCAG21AA are the axe-core tags of WCAG 2.1 levels A and AA, the level
// Vietnamese rules on portals (Thông tư 26/2020/TT-BTTTT) aim for.
var WCAG21AA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// FindAxe walks up from the working folder (a test runs in its package's
// folder) to the first node_modules/axe-core/axe.min.js, so tests find
// the copy `npm ci` installed at the repository root.
func FindAxe() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, filepath.FromSlash(axePath))
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found in any parent folder; run `npm ci` at the repository root", axePath)
		}
		dir = parent
	}
}

func loadAxe() (string, error) {
	axeOnce.Do(func() {
		var p string
		if p, axeErr = FindAxe(); axeErr != nil {
			return
		}
		var b []byte
		if b, axeErr = os.ReadFile(p); axeErr == nil {
			axeSrc = string(b)
		}
	})
	return axeSrc, axeErr
}

// Violation is one axe-core rule a page breaks, with the elements that
// break it.
type Violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []Node `json:"nodes"`
}

// Node is one element that breaks a rule: its CSS path (Target), its
// opening HTML and axe's explanation.
type Node struct {
	Target         []string `json:"target"`
	HTML           string   `json:"html"`
	FailureSummary string   `json:"failureSummary"`
}

// axeRun runs axe on the whole document with only the given tags and
// returns plain data (selectors as strings) that decodes into Violation.
const axeRun = `(async (tags) => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)),
      html: n.html, failureSummary: n.failureSummary || ""
    }))
  }));
})(%s)`

// Axe injects axe-core into the page and runs the rules of the given
// tags (WCAG21AA when none are given).
func (p *Page) Axe(tags ...string) []Violation {
	p.t.Helper()
	src, err := loadAxe()
	if err != nil {
		p.t.Fatalf("axe-core: %v", err)
	}
	if len(tags) == 0 {
		tags = WCAG21AA
	}
	// Sending axe's half a megabyte over the protocol for every page is
	// most of a check's time: register it once per tab, and Chromium runs
	// it in each new document itself.
	p.mu.Lock()
	registered := p.axe
	p.axe = true
	p.mu.Unlock()
	if !registered {
		_, err := chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		if err != nil {
			p.t.Fatalf("registering axe-core: %v", err)
		}
	}
	if !Eval[bool](p, `typeof axe === "object"`) {
		if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			p.t.Fatalf("injecting axe-core: %v", err)
		}
	}
	quoted := make([]string, len(tags))
	for i, t := range tags {
		quoted[i] = fmt.Sprintf("%q", t)
	}
	vs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]Violation](
		fmt.Sprintf(axeRun, "["+strings.Join(quoted, ",")+"]"),
		func(e *runtime.EvaluateParams) {
			yes := true
			e.AwaitPromise = &yes
		}))
	if err != nil {
		p.t.Fatalf("running axe-core: %v", err)
	}
	return vs
}

// AssertAccessible fails the test with every WCAG 2.1 A/AA violation axe
// finds, each with its elements, so the message alone says what to fix.
func (p *Page) AssertAccessible() {
	p.t.Helper()
	if vs := p.Axe(); len(vs) > 0 {
		p.t.Errorf("%s", FormatViolations(vs))
	}
}

// FormatViolations writes violations for a person reading a test log.
func FormatViolations(vs []Violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core found %d WCAG 2.1 A/AA violation(s):", len(vs))
	for _, v := range vs {
		fmt.Fprintf(&b, "\n- %s (%s): %s\n  %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    at %s\n       %s", strings.Join(n.Target, " "), n.HTML)
			if n.FailureSummary != "" {
				fmt.Fprintf(&b, "\n       %s", strings.ReplaceAll(n.FailureSummary, "\n", "\n       "))
			}
		}
	}
	return b.String()
}
