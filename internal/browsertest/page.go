package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// defaultTimeout bounds a page's work when the test has no deadline of
// its own; it is a safety net against a hung browser, not a wait.
const defaultTimeout = 2 * time.Minute

// Page is one browser tab for one test. It records what went wrong in
// the page (console errors, uncaught exceptions, failed loads) and every
// URL the page requested, from the moment it opens.
type Page struct {
	t   testing.TB
	ctx context.Context
	*tabState
}

// tabState is what a tab has seen, shared by the Page values of one tab
// (see In).
type tabState struct {
	mu       sync.Mutex
	problems []string
	requests []string
	axe      bool // axe-core is injected into every new document
}

// NewPage opens a tab, closed when the test ends. It skips or fails the
// test when there is no browser (see the package doc).
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	b.require(t)
	tabCtx, cancelTab := chromedp.NewContext(b.ctx)
	deadline, ok := t.(interface{ Deadline() (time.Time, bool) })
	timeout := defaultTimeout
	if ok {
		if d, has := deadline.Deadline(); has {
			// Leave the test time to report what it found.
			timeout = min(timeout, time.Until(d)*9/10)
		}
	}
	ctx, cancel := context.WithTimeout(tabCtx, timeout)
	t.Cleanup(func() { cancel(); cancelTab() })
	p := &Page{t: t, ctx: ctx, tabState: &tabState{}}
	// Listen's callback runs before the next protocol message is read,
	// so an error logged before a command's reply is recorded by the time
	// the command returns: checks after Navigate see every load error.
	if err := chromedp.Listen(ctx, p.record); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return p
}

// In returns the same tab bound to another test, so that subtests can
// share one tab (one per viewport, say) and still fail on their own.
func (p *Page) In(t testing.TB) *Page {
	return &Page{t: t, ctx: p.ctx, tabState: p.tabState}
}

// ResetProblems forgets the problems seen so far, before the next page
// of a shared tab.
func (p *Page) ResetProblems() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = nil
}

func (p *Page) record(ev any) {
	var problem, req string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				var str string
				if json.Unmarshal(a.Value, &str) == nil {
					parts = append(parts, str)
				} else if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			problem = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		problem = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			problem = fmt.Sprintf("%s error: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		req = e.Request.URL
	}
	if problem == "" && req == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if problem != "" {
		p.problems = append(p.problems, problem)
	}
	if req != "" {
		p.requests = append(p.requests, req)
	}
}

// Context is the tab's context, for chromedp actions the helpers lack.
func (p *Page) Context() context.Context { return p.ctx }

// Do runs chromedp actions in the tab and fails the test on error.
func (p *Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// Navigate loads a URL and waits for its load event and a ready body.
func (p *Page) Navigate(u string) {
	p.t.Helper()
	p.Do("opening "+u, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body")))
}

// Viewport sets the window's size in CSS pixels. A phone (mobile true)
// also gets a touch screen and honours the page's viewport meta tag, as
// a real phone browser does.
func (p *Page) Viewport(width, height int64, mobile bool) {
	p.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	p.Do(fmt.Sprintf("setting the viewport to %dx%d", width, height), chromedp.EmulateViewport(width, height, opts...))
}

// DisableJavaScript turns scripts off in the tab, to check that a page
// works without them. Call it before Navigate.
func (p *Page) DisableJavaScript() {
	p.t.Helper()
	_, err := chromedp.Call(p.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	if err != nil {
		p.t.Fatalf("disabling JavaScript: %v", err)
	}
}

// EmulatePrint renders the page with print styles (media "print").
func (p *Page) EmulatePrint() {
	p.t.Helper()
	_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	if err != nil {
		p.t.Fatalf("emulating print media: %v", err)
	}
}

// Eval evaluates a JavaScript expression and decodes its value into T,
// awaiting it when it is a promise. Evaluation goes through the DevTools
// protocol, so it works with JavaScript disabled in the page too.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, func(e *runtime.EvaluateParams) {
		yes := true
		e.AwaitPromise = &yes
	}))
	if err != nil {
		p.t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// WaitFor waits until a JavaScript expression is truthy, polling on
// animation frames until the page's context ends. No fixed sleeps.
//
// A page that reloads or navigates while it waits (live reload, a
// followed link) is waited on again in its new document.
func (p *Page) WaitFor(expr string) {
	p.t.Helper()
	for {
		_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0)))
		if err == nil {
			return
		}
		if p.ctx.Err() == nil && navigatedAway(err) {
			continue
		}
		p.t.Fatalf("waiting for %q: %v", expr, err)
	}
}

// navigatedAway reports errors that mean the document being evaluated
// went away, not that the condition failed.
func navigatedAway(err error) bool {
	msg := err.Error()
	for _, s := range []string{"navigated or closed", "Execution context was destroyed", "Cannot find context", "context with specified id"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// PrintPDF prints the page as Chromium's print dialog would, on A4 with
// the page's own @page margins, and returns the PDF.
func (p *Page) PrintPDF() []byte {
	p.t.Helper()
	pdf, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
	))
	if err != nil {
		p.t.Fatalf("printing to PDF: %v", err)
	}
	return pdf
}

// Problems returns the console errors, uncaught exceptions and failed
// loads seen so far.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Requests returns every URL the tab requested so far.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// AssertNoConsoleErrors fails the test if the page logged an error,
// threw an uncaught exception or failed to load a resource.
func (p *Page) AssertNoConsoleErrors() {
	p.t.Helper()
	if probs := p.Problems(); len(probs) > 0 {
		p.t.Errorf("the page reported %d problem(s):\n  %s", len(probs), strings.Join(probs, "\n  "))
	}
}

// ForeignRequests returns the URLs the tab requested from any other
// host than base's; data: URLs count as local.
func (p *Page) ForeignRequests(base string) []string {
	p.t.Helper()
	bu, err := url.Parse(base)
	if err != nil {
		p.t.Fatalf("bad base URL %q: %v", base, err)
	}
	var foreign []string
	for _, r := range p.Requests() {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Host != bu.Host) {
			foreign = append(foreign, r)
		}
	}
	return foreign
}

// AssertOnlyHost fails the test if the page requested anything from
// another host than base's: the portal must make no external requests
// (no web fonts, analytics or CDNs).
func (p *Page) AssertOnlyHost(base string) {
	p.t.Helper()
	if foreign := p.ForeignRequests(base); len(foreign) > 0 {
		p.t.Errorf("the page made %d request(s) outside %s:\n  %s", len(foreign), base, strings.Join(foreign, "\n  "))
	}
}
