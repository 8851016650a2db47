package e2e

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDevServerLiveReload drives `minhbach dev` as staff use it: a page
// is open in the browser; an edit shows up without a manual reload; a
// broken front matter brings up the error overlay over the last good
// page; fixing the file clears it.
func TestDevServerLiveReload(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the minhbach binary")
	}
	useRepoDartSass(t)
	src := t.TempDir()
	copyTree(t, filepath.Join("testdata", "site"), src)
	bin := filepath.Join(t.TempDir(), "minhbach")
	build := exec.Command("go", "build", "-o", bin, "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "dev", "--source", src, "--port", "0", "--db", "sqlite:"+filepath.Join(t.TempDir(), "y-kien.db"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	base := waitForURL(t, stdout, &stderr)

	page := browser.NewPage(t)
	const news = "content/tin-tuc/hoi-nghi-tuyen-truyen-luat-dat-dai.md"
	orig, err := os.ReadFile(filepath.Join(src, news))
	if err != nil {
		t.Fatal(err)
	}
	page.Navigate(base + "/tin-tuc/")
	page.WaitFor(`document.querySelector('a[href*="hoi-nghi"]') !== null`)
	page.Navigate(base + "/tin-tuc/hoi-nghi-tuyen-truyen-luat-dat-dai-2024-tai-xa-binh-son/")
	page.WaitFor(`document.body.innerText.includes("Hơn 200 người dân")`)
	// The live reload stream must be open before the edit, as it is for a
	// person who opened the page a moment ago.
	page.WaitFor(`document.documentElement.hasAttribute("data-minhbach-live")`)

	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, news), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(strings.Replace(string(orig), "Hơn 200 người dân", "Nội dung vừa sửa lúc xem trước", 1))
	page.WaitFor(`document.body.innerText.includes("Nội dung vừa sửa lúc xem trước")`)

	write(strings.Replace(string(orig), "date = 2026-11-20", "date = 31/02/2026", 1))
	page.WaitFor(`(document.getElementById("minhbach-overlay") || {}).innerText?.includes("hoi-nghi-tuyen-truyen-luat-dat-dai.md")`)
	// The last good page stays underneath.
	page.WaitFor(`document.body.innerText.includes("Nội dung vừa sửa lúc xem trước")`)

	write(string(orig))
	page.WaitFor(`document.getElementById("minhbach-overlay") === null && document.body.innerText.includes("Hơn 200 người dân")`)
	page.AssertNoConsoleErrors()
}

var devURL = regexp.MustCompile(`(http://localhost:\d+)/`)

// waitForURL reads the dev server's output until it says where it
// listens.
func waitForURL(t *testing.T, r io.Reader, stderr *strings.Builder) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := devURL.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(2 * time.Minute):
		t.Fatalf("minhbach dev did not start; stderr:\n%s", stderr.String())
	}
	return ""
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
