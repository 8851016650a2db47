package main

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
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search"
)

// cmdDev is the staff's preview: build with drafts, serve with search,
// watch the sources, rebuild what an edit touched and tell the open tab.
// A mistake shows as an overlay over the last good page; it never stops
// the server.
func cmdDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("dev", stderr)
	source := fs.String("source", ".", "thư mục nguồn / source folder")
	port := fs.Int("port", 1313, "cổng / port")
	host := fs.String("host", "127.0.0.1", "địa chỉ lắng nghe / listen host")
	poll := fs.Bool("poll", false, "dò thay đổi theo chu kỳ (ổ mạng, máy ảo) / poll for changes (network drives, VMs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	src, err := filepath.Abs(*source)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		return fmt.Errorf("lắng nghe / listening on port %d: %w", *port, err)
	}
	d := &devServer{source: src, out: stdout, errOut: stderr,
		cache:   filepath.Join(src, ".cache", "dev"),
		baseURL: "http://" + hostForURL(*host) + ":" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port),
		lr:      generator.NewLiveReload()}
	return d.run(ctx, ln, generator.WatchOptions{Poll: *poll})
}

func hostForURL(h string) string {
	if h == "127.0.0.1" || h == "" || h == "0.0.0.0" {
		return "localhost"
	}
	return h
}

type devServer struct {
	source, cache, baseURL string
	out, errOut            io.Writer
	lr                     *generator.LiveReload
	builder                *generator.Builder
	holder                 *search.Holder
	// index is the search index work waiting for indexLoop.
	index indexQueue
}

func (d *devServer) indexDir() string { return filepath.Join(d.cache, "index") }

func (d *devServer) run(ctx context.Context, ln net.Listener, wopts generator.WatchOptions) error {
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
	srv, err := search.NewServer(search.ServerOptions{SiteDir: filepath.Join(d.cache, "public"), Holder: holder,
		AllowOrigins: origins, NoCache: true, TransformHTML: d.lr.Inject,
		Logger: log.New(d.errOut, "", log.LstdFlags)})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(generator.Prefix, d.lr.Handler())
	mux.Handle("/", srv.Handler())
	changes := make(chan generator.Change)
	watchErr := make(chan error, 1)
	go func() { watchErr <- generator.Watch(ctx, d.source, wopts, changes) }()
	go d.indexLoop(ctx)
	go d.rebuildLoop(ctx, changes)
	fmt.Fprintf(d.out, "minhbach dev: xem tại / open %s/ (Ctrl+C để dừng / to stop)\n", d.baseURL)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := <-watchErr; err != nil {
		return fmt.Errorf("theo dõi tệp / watching files: %w", err)
	}
	return nil
}

func (d *devServer) rebuildLoop(ctx context.Context, changes <-chan generator.Change) {
	for ch := range changes {
		start := time.Now()
		oldCSS := ""
		if s := d.builder.Site(); s != nil {
			oldCSS = s.CSS
		}
		res, err := d.builder.Rebuild(ctx, ch)
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
func (d *devServer) queueIndex(res *generator.Result) {
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
func (d *devServer) indexLoop(ctx context.Context) {
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
func (d *devServer) reindex(ctx context.Context, res *generator.Result, pages []*model.Page) error {
	var cfg *generator.Config
	if res != nil {
		cfg = res.Site.Config
	} else {
		cfg = &generator.Config{}
	}
	_, err := buildIndex(ctx, d.source, cfg, pages, d.indexDir(), true)
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

func (d *devServer) report(err error) {
	fmt.Fprintf(d.errOut, "\n%v\n(trang cũ vẫn được phục vụ; sửa tệp và lưu lại / the last good site is still served; fix the file and save)\n", err)
	d.lr.Fail(err)
}

func (d *devServer) printResult(res *generator.Result, took time.Duration) {
	for _, w := range res.Warnings {
		fmt.Fprintln(d.errOut, w.Error())
	}
	if took > 0 {
		fmt.Fprintf(d.out, "dựng lại / rebuilt: %d tệp / files, %d ms\n", res.Summary.Files, took.Milliseconds())
		return
	}
	fmt.Fprintln(d.out, res.Summary)
}
