package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search"
)

// serveTestIndex builds a small real index and returns its folder.
func serveTestIndex(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	pages := []*model.Page{
		{Kind: model.KindPage, Type: model.TypeProcedure, Title: "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
			URL: "/thu-tuc/cap-gcn/", Text: "Người sử dụng đất nộp hồ sơ cấp Giấy chứng nhận.",
			Procedure: &model.Procedure{Code: "1.004227"}},
		{Kind: model.KindPage, Type: model.TypeDocument, Title: "Luật Đất đai", URL: "/van-ban/luat-dat-dai/",
			Text:     "Luật này quy định về chế độ sở hữu đất đai.",
			Document: &model.Document{Number: "31/2024/QH15", Status: model.StatusInForce}},
	}
	if _, err := search.Build(context.Background(), pages, dir, search.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSearchSettings(t *testing.T) {
	src := t.TempDir()
	conf := "title = \"T\"\nbaseURL = \"http://x/\"\nlanguageCode = \"vi\"\n[search]\nindex = \"idx\"\nallow_origins = [\"https://a.example\"]\n"
	if err := os.WriteFile(filepath.Join(src, "site.toml"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := searchSettings(src, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.index != filepath.Join(src, "idx") || len(c.origins) != 1 || c.origins[0] != "https://a.example" {
		t.Errorf("%+v", c)
	}
	if c, _ := searchSettings(src, "/elsewhere"); c.index != "/elsewhere" {
		t.Errorf("--index lost: %+v", c)
	}
	none := t.TempDir()
	if c, err := searchSettings(none, ""); err != nil || c.index != filepath.Join(none, ".cache", "index") {
		t.Errorf("without site.toml: %+v %v", c, err)
	}
}

// TestCmdServe starts the production server on a free port, asks it for
// a page and a search, and stops it as SIGTERM would.
func TestCmdServe(t *testing.T) {
	index := serveTestIndex(t)
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte("<!DOCTYPE html><title>Trang chủ</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lineWriter{lines: make(chan string, 10)}
	done := make(chan error, 1)
	go func() {
		done <- cmdServe(ctx, []string{"--site", site, "--index", index, "--source", t.TempDir(), "--addr", "127.0.0.1:0", "--db", "sqlite:" + filepath.Join(t.TempDir(), "y-kien.db")}, out, io.Discard)
	}()
	var addr string
	created := false // a new store is said aloud, before the start line
	for addr == "" {
		select {
		case line := <-out.lines:
			if strings.Contains(line, "creating") && strings.Contains(line, "y-kien.db") {
				created = true
				continue
			}
			m := regexp.MustCompile(`serving http://(\S+)`).FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("start line without an address: %q", line)
			}
			addr = m[1]
			if !strings.Contains(line, "2 tài liệu") {
				t.Errorf("start line %q lacks the document count", line)
			}
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not start")
		}
	}
	if !created {
		t.Error("serve did not say it created a new submissions store")
	}
	for path, want := range map[string]string{"/": "Trang chủ", "/api/search?q=dat": `"total":`, "/api/health": `"documents":2`} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, b)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
}

// lineWriter passes each line written to a channel.
type lineWriter struct {
	mu    sync.Mutex
	buf   string
	lines chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf += string(p)
	for {
		i := strings.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		select {
		case w.lines <- w.buf[:i]:
		default:
		}
		w.buf = w.buf[i+1:]
	}
}
