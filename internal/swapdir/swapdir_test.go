package swapdir

import (
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// TestReplaceNeverLeavesAGap swaps a site folder in many times while a
// reader, as a server would, keeps opening its index.html: it must never
// find the file missing, and ends on the last folder swapped in.
func TestReplaceNeverLeavesAGap(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	write := func(folder, text string) {
		t.Helper()
		if err := os.MkdirAll(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(folder, "index.html"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(dir, "0")
	var stop atomic.Bool
	var missing, reads atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
				missing.Add(1)
			}
			reads.Add(1)
		}
	}()
	const swaps = 2000
	for i := 1; i <= swaps; i++ {
		tmp := filepath.Join(root, "public.new")
		write(tmp, string(rune('0'+i%10)))
		if err := Replace(tmp, dir); err != nil {
			stop.Store(true)
			wg.Wait()
			t.Fatalf("swap %d: %v", i, err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if n := missing.Load(); n > 0 {
		t.Errorf("the reader found the site missing %d times in %d reads over %d swaps", n, reads.Load(), swaps)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || string(b) != string(rune('0'+swaps%10)) {
		t.Errorf("after the swaps: %q, %v; want the last folder", b, err)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "public.new*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestReplaceCreates: the first build has no folder to replace.
func TestReplaceCreates(t *testing.T) {
	root := t.TempDir()
	tmp, dir := filepath.Join(root, "new"), filepath.Join(root, "public")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Replace(tmp, dir); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("dir after Replace: %v", err)
	}
}
