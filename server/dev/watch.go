package dev

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/minhbach/minhbach/generator"
)

// WatchOptions configure Watch.
type WatchOptions struct {
	// Poll checks modification times every Interval instead of using file
	// events, for network drives and virtual machines where events do not
	// arrive.
	Poll     bool
	Interval time.Duration
	// Quiet is how long no event must arrive before a batch is sent: an
	// editor's save is often several events (write a temporary file,
	// rename it over the old one, change its mode).
	Quiet time.Duration
	// Ready, if set, is closed once the sources are being watched: edits
	// made after that are seen.
	Ready chan<- struct{}
	// Errors, if set, is told of every error the watcher reports, as it
	// happens; watching goes on. Without it errors are dropped.
	Errors func(error)
}

func (o WatchOptions) report(err error) {
	if o.Errors != nil {
		o.Errors(err)
	}
}

func (o WatchOptions) ready() {
	if o.Ready != nil {
		close(o.Ready)
	}
}

// watchedRoots are what a site's build reads.
var watchedRoots = []string{"content", "layouts", "static", "site.toml"}

// ignored reports files editors and tools leave behind that are not
// content: swap files, backups, and our own output.
func ignored(name string) bool {
	base := filepath.Base(name)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasPrefix(base, "#")
}

// Watch sends a Change on out for every batch of edits under the source
// folder's content/, layouts/, static/ and site.toml, until ctx ends. It
// watches folders created later too. It closes out when it returns.
//
// When the system drops events (inotify's queue overflows, say after an
// unzip of thousands of files), it sends a Change with Rescan set, so the
// preview is rebuilt from the disk instead of going stale; any other
// error of the watcher goes to opts.Errors and watching goes on.
func Watch(ctx context.Context, source string, opts WatchOptions, out chan<- generator.Change) error {
	defer close(out)
	if opts.Quiet <= 0 {
		opts.Quiet = 20 * time.Millisecond
	}
	if opts.Interval <= 0 {
		opts.Interval = 300 * time.Millisecond
	}
	if opts.Poll {
		return poll(ctx, source, opts, out)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	// The source folder itself is watched for site.toml and for content/
	// or layouts/ created after the server started.
	if err := w.Add(source); err != nil {
		return err
	}
	for _, r := range watchedRoots {
		addTree(w, filepath.Join(source, r))
	}
	opts.ready()
	pending := map[string]bool{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-w.Errors:
			switch {
			case errors.Is(err, fsnotify.ErrEventOverflow):
				// Folders created meanwhile were missed too.
				for _, r := range watchedRoots {
					addTree(w, filepath.Join(source, r))
				}
				opts.report(fmt.Errorf("theo dõi tệp: hệ thống bỏ sót thay đổi, dựng lại toàn bộ / watching files: the system dropped events, rebuilding everything: %w", err))
				if !send(ctx, out, generator.Change{Rescan: true}) {
					return nil
				}
				pending = map[string]bool{}
			case err != nil:
				opts.report(fmt.Errorf("theo dõi tệp / watching files: %w", err))
			}
		case ev := <-w.Events:
			rel, ok := relevant(source, ev.Name)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// Files may already be in a folder created by a
					// move or an unzip: watch it, and count them.
					addTree(w, ev.Name)
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() {
							if r, ok := relevant(source, p); ok {
								pending[r] = true
							}
						}
						return nil
					})
				}
			}
			pending[rel] = true
			timer.Reset(opts.Quiet)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			if !send(ctx, out, generator.Change{Paths: sortedKeys(pending)}) {
				return nil
			}
			pending = map[string]bool{}
		}
	}
}

// send hands ch to the rebuilds; false once ctx is done.
func send(ctx context.Context, out chan<- generator.Change, ch generator.Change) bool {
	select {
	case out <- ch:
		return true
	case <-ctx.Done():
		return false
	}
}

// relevant maps an event path to a source-relative path if the build
// reads it.
func relevant(source, name string) (string, bool) {
	rel, err := filepath.Rel(source, name)
	if err != nil || ignored(name) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	for _, r := range watchedRoots {
		if rel == r || strings.HasPrefix(rel, r+"/") {
			return rel, true
		}
	}
	return "", false
}

func addTree(w *fsnotify.Watcher, root string) {
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != root && ignored(p) {
				return filepath.SkipDir
			}
			_ = w.Add(p)
		}
		return nil
	})
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// snapshot records each watched file's size and modification time.
func snapshot(source string) map[string]string {
	snap := map[string]string{}
	for _, r := range watchedRoots {
		_ = filepath.WalkDir(filepath.Join(source, r), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if ignored(p) && filepath.Base(p) != r {
					return filepath.SkipDir
				}
				return nil
			}
			if rel, ok := relevant(source, p); ok {
				if info, err := d.Info(); err == nil {
					snap[rel] = fmt.Sprintf("%d/%d", info.ModTime().UnixNano(), info.Size())
				}
			}
			return nil
		})
	}
	return snap
}

// poll compares snapshots every interval and sends what differs.
func poll(ctx context.Context, source string, opts WatchOptions, out chan<- generator.Change) error {
	prev := snapshot(source)
	opts.ready()
	t := time.NewTicker(opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		cur := snapshot(source)
		changed := map[string]bool{}
		for k, v := range cur {
			if prev[k] != v {
				changed[k] = true
			}
		}
		for k := range prev {
			if _, ok := cur[k]; !ok {
				changed[k] = true
			}
		}
		prev = cur
		if len(changed) == 0 {
			continue
		}
		select {
		case out <- generator.Change{Paths: sortedKeys(changed)}:
		case <-ctx.Done():
			return nil
		}
	}
}
