// Package browsertest drives a real headless Chromium for tests of the
// built site: pages served over HTTP on the loopback, console errors and
// uncaught exceptions collected, axe-core accessibility checks, PDF
// printing and the text of each printed page.
//
// One browser serves a whole test binary; each test opens its own tab:
//
//	var browser = browsertest.New()
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		browser.Close()
//		os.Exit(code)
//	}
//
//	func TestHome(t *testing.T) {
//		p := browser.NewPage(t)
//		p.Navigate(base + "/")
//		p.AssertNoConsoleErrors()
//		p.AssertAccessible()
//	}
//
// When Chromium is not installed a test fails with the command that
// installs it (make test does): a suite that passes without running its
// browser tests would say nothing about the pages citizens see.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// chromiumNames are the commands a Chromium goes by, most likely first.
var chromiumNames = []string{
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell", "chrome",
}

// errNotInstalled is a browser that is not there, as opposed to one that
// fails to start; the message then says how to install it.
var errNotInstalled = errors.New("không tìm thấy Chromium / Chromium is not installed")

// FindChromium returns the path of the Chromium binary: $CHROMIUM_BIN when
// set, else the first of the usual names found on PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("CHROMIUM_BIN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM_BIN=%s: %w", p, errNotInstalled)
		}
		return p, nil
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (tried %v on PATH; install the Debian package chromium or set CHROMIUM_BIN)", errNotInstalled, chromiumNames)
}

// Browser is one headless Chromium shared by the tests of a package. It
// starts on the first NewPage, so tests that need no browser pay nothing.
type Browser struct {
	once    sync.Once
	err     error
	dataDir string
	ctx     context.Context // the browser's chromedp context
	cancel  func()
}

// New returns a browser that starts when a test first asks for a page.
func New() *Browser { return &Browser{} }

// start launches Chromium with a fresh profile and no background traffic:
// a test must see only the requests the page itself makes.
func (b *Browser) start() error {
	path, err := FindChromium()
	if err != nil {
		return err
	}
	b.dataDir, err = os.MkdirTemp("", "minhbach-chromium-")
	if err != nil {
		return fmt.Errorf("profile folder for Chromium: %w", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(b.dataDir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b.ctx = ctx
	b.cancel = func() { cancelCtx(); cancelAlloc() }
	// The first Do binds the browser's life to ctx, which has no deadline:
	// a test's timeout must close its tab, never the shared browser.
	if err := chromedp.Do(ctx); err != nil {
		b.cancel()
		return fmt.Errorf("starting Chromium (%s): %w", path, err)
	}
	return nil
}

// require starts the browser once and fails t when it cannot. A missing
// browser is a failure, never a skip: a suite that passes without running
// its browser tests would say the pages work when nobody looked.
func (b *Browser) require(t testing.TB) {
	t.Helper()
	b.once.Do(func() { b.err = b.start() })
	if b.err == nil {
		return
	}
	if errors.Is(b.err, errNotInstalled) {
		t.Fatalf("trình duyệt / browser: %v; `make test` cài Chromium / `make test` installs it (apt-get install chromium)", b.err)
	}
	t.Fatalf("trình duyệt / browser: %v", b.err)
}

// Close stops Chromium and removes its profile. Safe to call when the
// browser never started.
func (b *Browser) Close() {
	if b.cancel != nil {
		b.cancel()
	}
	if b.dataDir != "" {
		_ = os.RemoveAll(b.dataDir)
	}
}
