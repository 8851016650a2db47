package dev

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/server"
)

// Options configure the dev server.
type Options struct {
	// Source is the site's source folder.
	Source string
	// BaseURL is the address the preview is opened at, such as
	// http://localhost:1313; pages link to it and the API allows it.
	BaseURL string
	// Watch configures how edits are noticed.
	Watch WatchOptions
	// Stdout gets the progress lines, Stderr the problems.
	Stdout, Stderr io.Writer
	// Participation, if set, takes test submissions in the preview as
	// the production server would.
	Participation *server.Participation
}

// Run is the staff's preview: build with drafts, serve with search,
// watch the sources, rebuild what an edit touched and tell the open tab.
// A mistake shows as an overlay over the last good page; it never stops
// the server. It answers on ln until ctx is done.
func Run(ctx context.Context, ln net.Listener, opts Options) error {
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return err
	}
	d := &Server{source: src, out: opts.Stdout, errOut: opts.Stderr,
		cache:   filepath.Join(src, ".cache", "dev"),
		baseURL: opts.BaseURL, part: opts.Participation,
		lr: NewLiveReload()}
	w := opts.Watch
	w.Errors = func(err error) {
		// A watcher that fails quietly leaves a stale preview: staff
		// must see it at once, in the terminal and over the page.
		fmt.Fprintf(d.errOut, "\n%v\n", err)
		d.lr.Fail(err)
	}
	return d.run(ctx, ln, w)
}

// Server is one running preview.
type Server struct {
	source, cache, baseURL string
	out, errOut            io.Writer
	lr                     *LiveReload
	part                   *server.Participation
	builder                *generator.Builder
	holder                 *search.Holder
	// index is the search index work waiting for indexLoop.
	index indexQueue
}

func (d *Server) indexDir() string { return filepath.Join(d.cache, "index") }

func (d *Server) run(ctx context.Context, ln net.Listener, wopts WatchOptions) error {
	d.builder = generator.NewBuilder(generator.Options{Source: d.source, Destination: filepath.Join(d.cache, "public"),
		Drafts: true, BaseURL: d.baseURL})
	defer d.builder.Close()
	// The first build may fail: the server still starts, shows the
	// problems, and builds again when a file is fixed.
	res, err := d.builder.Build(ctx)
	var pages []*model.Page
	if err != nil {
		d.report(err)
		if err := ensureDir(filepath.Join(d.cache, "public")); err != nil {
			return err
		}
	} else {
		d.printResult(res, 0)
		pages = res.Site.Pages
	}
	if err := d.reindex(ctx, res, pages); err != nil {
		return err
	}
	holder, err := search.OpenUpdatableHolder(d.indexDir())
	if err != nil {
		return err
	}
	defer holder.Close()
	d.holder = holder
	origins := []string{d.baseURL}
	if res != nil {
		origins = append(origins, res.Site.Config.Search.AllowOrigins...)
	}
	srv, err := server.New(server.Options{SiteDir: filepath.Join(d.cache, "public"), Holder: holder,
		AllowOrigins: origins, NoCache: true, TransformHTML: d.lr.Inject, Participation: d.part,
		Logger: log.New(d.errOut, "", log.LstdFlags)})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(Prefix, d.lr.Handler())
	mux.Handle("/", srv.Handler())
	// The loops stop with loopCtx and are joined before the deferred
	// closes above run: a rebuild or an index update in flight must not
	// find its builder or index closed under it.
	loopCtx, stopLoops := context.WithCancel(ctx)
	var loops sync.WaitGroup
	defer func() {
		stopLoops()
		loops.Wait()
	}()
	changes := make(chan generator.Change)
	watchErr := make(chan error, 1)
	loops.Go(func() { watchErr <- Watch(loopCtx, d.source, wopts, changes) })
	loops.Go(func() { d.indexLoop(loopCtx) })
	loops.Go(func() { d.rebuildLoop(loopCtx, changes) })
	fmt.Fprintf(d.out, "minhbach dev: xem tại / open %s/ (Ctrl+C để dừng / to stop)\n", d.baseURL)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	hs.RegisterOnShutdown(d.lr.Close) // open tabs' streams end at once
	shutdown := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), server.ShutdownTimeout)
		defer cancel()
		shutdown <- hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := <-shutdown; err != nil {
		return fmt.Errorf("dừng máy chủ / shutting down: %w", err)
	}
	stopLoops()
	if err := <-watchErr; err != nil {
		return fmt.Errorf("theo dõi tệp / watching files: %w", err)
	}
	return nil
}

func (d *Server) rebuildLoop(ctx context.Context, changes <-chan generator.Change) {
	for ch := range changes {
		start := time.Now()
		oldCSS := ""
		if s := d.builder.Site(); s != nil {
			oldCSS = s.CSS
		}
		var res *generator.Result
		var err error
		if ch.Rescan {
			res, err = d.builder.Build(ctx)
		} else {
			res, err = d.builder.Rebuild(ctx, ch)
		}
		if err != nil {
			d.report(err)
			continue
		}
		d.queueIndex(res)
		d.printResult(res, time.Since(start))
		switch {
		case onlyStyles(ch) && res.Site.CSS != oldCSS:
			d.lr.CSS(res.Site.CSS)
		case len(res.Changed) == 1:
			d.lr.Reload(res.Changed[0].URL)
		default:
			d.lr.Reload("")
		}
	}
}

// queueIndex asks for the search index to follow a rebuild. It only
// records the work, so that the browser is told to reload at once.
func (d *Server) queueIndex(res *generator.Result) {
	d.index.add(res)
}

// indexLoop keeps the dev server's search index current, beside the
// rebuilds. An incremental rebuild's pages are indexed in place at once:
// one small batch and a new snapshot take milliseconds, so a search right
// after a save finds the edit. Edits saved while an update runs go into
// the next one together. A full rebuild (a layout or site.toml changed)
// redoes the whole index, which takes seconds of both cores on a large
// site; it waits for a quiet second after the last save, so that a burst
// of saves costs one pass and the rebuilds need not share the cores.
func (d *Server) indexLoop(ctx context.Context) {
	const quiet = time.Second
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.index.ready():
		}
		if d.index.needsFull() {
			t := time.NewTimer(quiet)
		wait:
			for {
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-d.index.ready():
					t.Reset(quiet)
				case <-t.C:
					break wait
				}
			}
		}
		if err := d.applyIndex(ctx, d.index.take()); err != nil && ctx.Err() == nil {
			d.report(fmt.Errorf("chỉ mục tìm kiếm / search index: %w", err))
		}
	}
}

// reindex builds the dev index from scratch, at start.
func (d *Server) reindex(ctx context.Context, res *generator.Result, pages []*model.Page) error {
	var cfg *generator.Config
	if res != nil {
		cfg = res.Site.Config
	} else {
		cfg = &generator.Config{}
	}
	dict, err := dictionary(d.source, cfg)
	if err != nil {
		return err
	}
	_, err = search.Build(ctx, pages, d.indexDir(), search.BuildOptions{Dictionary: dict, BuiltAt: time.Now(), Drafts: true})
	return err
}

func ensureDir(dir string) error { return os.MkdirAll(dir, 0o755) }

func onlyStyles(ch generator.Change) bool {
	for _, p := range ch.Paths {
		if !strings.HasSuffix(p, ".scss") {
			return false
		}
	}
	return len(ch.Paths) > 0
}

func (d *Server) report(err error) {
	fmt.Fprintf(d.errOut, "\n%v\n(trang cũ vẫn được phục vụ; sửa tệp và lưu lại / the last good site is still served; fix the file and save)\n", err)
	d.lr.Fail(err)
}

func (d *Server) printResult(res *generator.Result, took time.Duration) {
	for _, w := range res.Warnings {
		fmt.Fprintln(d.errOut, w.Error())
	}
	if took > 0 {
		fmt.Fprintf(d.out, "dựng lại / rebuilt: %d tệp / files, %d ms\n", res.Summary.Files, took.Milliseconds())
		return
	}
	fmt.Fprintln(d.out, res.Summary)
}
