package dev

import (
	"context"
	"errors"
	"github.com/fsnotify/fsnotify"
	"github.com/minhbach/minhbach/generator"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestWatch makes real edits in a temporary site, the ways editors and
// file managers make them, and checks each is reported with its path.
func TestWatch(t *testing.T) {
	for _, mode := range []struct {
		name string
		poll bool
	}{{"events", false}, {"poll", true}} {
		t.Run(mode.name, func(t *testing.T) {
			src := t.TempDir()
			writeTestFile(t, src, "site.toml", "title = \"T\"\n")
			writeTestFile(t, src, "content/a.md", "+++\ntitle = \"A\"\n+++\n")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := make(chan generator.Change)
			ready := make(chan struct{})
			done := make(chan error, 1)
			go func() {
				done <- Watch(ctx, src, WatchOptions{Poll: mode.poll, Interval: 20 * time.Millisecond, Ready: ready}, out)
			}()
			<-ready
			p := func(rel string) string { return filepath.Join(src, filepath.FromSlash(rel)) }
			steps := []struct {
				name string
				do   func() error
				want []string // paths that must be in the change
			}{
				{"create", func() error { return os.WriteFile(p("content/b.md"), []byte("+++\ntitle = \"B\"\n+++\n"), 0o644) }, []string{"content/b.md"}},
				{"edit", func() error {
					return os.WriteFile(p("content/a.md"), []byte("+++\ntitle = \"A2\"\n+++\nmore\n"), 0o644)
				}, []string{"content/a.md"}},
				{"atomic save", func() error {
					tmp := p("content/.a.md.tmp")
					if err := os.WriteFile(tmp, []byte("+++\ntitle = \"A3\"\n+++\nsaved by rename\n"), 0o644); err != nil {
						return err
					}
					return os.Rename(tmp, p("content/a.md"))
				}, []string{"content/a.md"}},
				{"rename", func() error { return os.Rename(p("content/b.md"), p("content/c.md")) }, []string{"content/c.md"}},
				{"delete", func() error { return os.Remove(p("content/c.md")) }, []string{"content/c.md"}},
				{"new folder", func() error {
					if err := os.MkdirAll(p("content/moi/sau"), 0o755); err != nil {
						return err
					}
					return os.WriteFile(p("content/moi/sau/d.md"), []byte("+++\ntitle = \"D\"\n+++\n"), 0o644)
				}, []string{"content/moi/sau/d.md"}},
				{"edit in new folder", func() error {
					return os.WriteFile(p("content/moi/sau/d.md"), []byte("+++\ntitle = \"D2\"\n+++\nchanged\n"), 0o644)
				}, []string{"content/moi/sau/d.md"}},
				{"site.toml", func() error { return os.WriteFile(p("site.toml"), []byte("title = \"T2\"\n"), 0o644) }, []string{"site.toml"}},
			}
			for _, s := range steps {
				if err := s.do(); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
				seen := map[string]bool{}
				deadline := time.After(5 * time.Second)
				for !containsAll(seen, s.want) {
					select {
					case ch := <-out:
						for _, path := range ch.Paths {
							seen[path] = true
						}
					case <-deadline:
						t.Fatalf("%s: want a change with %v, saw %v", s.name, s.want, seen)
					}
				}
				if seen["content/.a.md.tmp"] {
					t.Errorf("%s: the editor's temporary file was reported", s.name)
				}
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}

func containsAll(seen map[string]bool, want []string) bool {
	return !slices.ContainsFunc(want, func(w string) bool { return !seen[w] })
}

// writeTestFile writes one file of a test site, making its folders.
func writeTestFile(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWatchOverflowRescans: when more edits arrive than the system can
// queue (an unzip of a whole archive of documents while a rebuild runs),
// inotify drops events. Watching must not stop and leave the preview
// stale: the watcher reports the overflow and asks for a rebuild of
// everything, then goes on seeing edits.
func TestWatchOverflowRescans(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: writes 20,000 files")
	}
	src := t.TempDir()
	writeTestFile(t, src, "site.toml", "title = \"T\"\n")
	writeTestFile(t, src, "content/a.md", "+++\ntitle = \"A\"\n+++\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	errs := make(chan error, 10)
	out := make(chan generator.Change)
	done := make(chan error, 1)
	go func() {
		// A quiet time of a nanosecond: the first edit becomes a batch
		// at once, and the watcher then waits on out.
		done <- Watch(ctx, src, WatchOptions{Ready: ready, Quiet: time.Nanosecond, Errors: func(err error) {
			select {
			case errs <- err:
			default:
			}
		}}, out)
	}()
	<-ready
	// Nobody reads out yet, as when a rebuild is running: the watcher
	// holds its first batch and the kernel's queue fills behind it.
	dir := filepath.Join(src, "content", "van-ban")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 20000 {
		if err := os.WriteFile(filepath.Join(dir, "d"+strconv.Itoa(i)+".md"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rescan := false
	for !rescan {
		select {
		case ch, ok := <-out:
			if !ok {
				t.Fatalf("watching stopped after the overflow: %v", <-done)
			}
			rescan = ch.Rescan
		case err := <-done:
			t.Fatalf("watching stopped: %v", err)
		}
	}
	select {
	case err := <-errs:
		if !errors.Is(err, fsnotify.ErrEventOverflow) {
			t.Errorf("reported %v, want the overflow", err)
		}
	default:
		t.Error("the overflow was not reported")
	}
	// Still watching: a later edit is seen.
	writeTestFile(t, src, "content/sau.md", "+++\ntitle = \"Sau\"\n+++\n")
	for seen := false; !seen; {
		ch, ok := <-out
		if !ok {
			t.Fatalf("watching stopped: %v", <-done)
		}
		seen = slices.Contains(ch.Paths, "content/sau.md")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Watch: %v", err)
	}
}
