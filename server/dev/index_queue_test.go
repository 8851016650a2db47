package dev

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
)

// TestDevSearchFollowsEdits runs `minhbach dev` on a small site and
// checks that /api/search follows what staff do: edit a page, add one,
// delete one.
func TestDevSearchFollowsEdits(t *testing.T) {
	src := t.TempDir()
	// news is a page whose URL is /tin-tuc/SLUG/.
	news := func(slug, title, body string) string {
		return "+++\ntitle = \"" + title + "\"\nslug = \"" + slug + "\"\ndate = 2026-11-20\nfields = [\"Đất đai\"]\n+++\n\n" + body + "\n"
	}
	files := map[string]string{
		"site.toml":               "title = \"Sở\"\nbaseURL = \"https://so.example.gov.vn\"\nlanguageCode = \"vi\"\n",
		"content/tin-tuc/a.md":    news("a", "Hội nghị tuyên truyền Luật Đất đai", "Hơn 200 người dân đã dự hội nghị."),
		"content/tin-tuc/b.md":    news("b", "Lịch tiếp công dân tháng 12", "Lãnh đạo Sở tiếp công dân vào thứ năm."),
		"content/tin-tuc/keep.md": news("keep", "Thông báo đấu giá quyền sử dụng đất", "Thông báo về phiên đấu giá."),
	}
	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for rel, text := range files {
		write(rel, text)
	}

	ctx, cancel := context.WithCancel(context.Background())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, ln, Options{Source: src, BaseURL: base, Stdout: io.Discard, Stderr: io.Discard})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("dev: %v", err)
		}
	}()

	// found returns the URLs of the pages /api/search finds for q.
	found := func(q string) []string {
		t.Helper()
		resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct {
			Hits []struct{ URL string }
		}
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var urls []string
		for _, h := range r.Hits {
			urls = append(urls, h.URL)
		}
		return urls
	}
	const a, b, c = "/tin-tuc/a/", "/tin-tuc/b/", "/tin-tuc/c/"
	if got := found("hội nghị"); !slices.Equal(got, []string{a}) {
		t.Fatalf("before the edits: %v", got)
	}

	steps := []struct {
		name  string
		do    func()
		query string
		want  []string
	}{
		{"edit", func() {
			write("content/tin-tuc/a.md", news("a", "Hội nghị tuyên truyền Luật Đất đai", "Người dân hỏi về kiwiberry."))
		},
			"kiwiberry", []string{a}},
		{"create", func() {
			write("content/tin-tuc/c.md", news("c", "Tập huấn mangosteen", "Tập huấn cho cán bộ xã."))
		},
			"mangosteen", []string{c}},
		{"delete", func() {
			if err := os.Remove(filepath.Join(src, "content", "tin-tuc", "b.md")); err != nil {
				t.Fatal(err)
			}
		}, "tiếp công dân", nil},
	}
	for _, s := range steps {
		s.do()
		waitUntil(t, s.name, func() bool { return slices.Equal(found(s.query), s.want) })
	}
	if got := found("đấu giá"); !slices.Equal(got, []string{"/tin-tuc/keep/"}) {
		t.Errorf("an untouched page: %v", got)
	}
	if got := found("200 người dân"); len(got) != 0 {
		t.Errorf("the edited page's old text still found: %v", got)
	}
}

// waitUntil polls cond until it holds, failing after a generous deadline
// (a bound on a broken test, not a timing assertion).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for the search index to follow: %s", what)
		}
		<-tick.C
	}
}

// TestIndexQueue: the work of several rebuilds merges into one take; a
// full rebuild makes the newest site the work.
func TestIndexQueue(t *testing.T) {
	page := func(u string) *model.Page { return &model.Page{Kind: model.KindPage, URL: u} }
	s1, s2 := &generator.Site{Pages: []*model.Page{page("/s1/")}}, &generator.Site{Pages: []*model.Page{page("/s2/")}}
	tests := []struct {
		name        string
		results     []*generator.Result
		wantFull    string // the URL of the full site's one page
		wantChanged []string
		wantRemoved []string
	}{
		{"nothing", nil, "", nil, nil},
		{"one edit", []*generator.Result{{Incremental: true, Changed: []*model.Page{page("/a/")}}}, "", []string{"/a/"}, nil},
		{"edit then delete", []*generator.Result{
			{Incremental: true, Changed: []*model.Page{page("/a/"), page("/b/")}},
			{Incremental: true, Removed: []string{"/a/"}},
		}, "", []string{"/b/"}, []string{"/a/"}},
		{"delete then create again", []*generator.Result{
			{Incremental: true, Removed: []string{"/a/"}},
			{Incremental: true, Changed: []*model.Page{page("/a/")}},
		}, "", []string{"/a/"}, nil},
		{"full wins", []*generator.Result{
			{Incremental: true, Changed: []*model.Page{page("/a/")}},
			{Site: s1},
		}, "/s1/", nil, nil},
		{"newest site after a full", []*generator.Result{
			{Site: s1},
			{Site: s2, Incremental: true, Changed: []*model.Page{page("/a/")}},
		}, "/s2/", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q indexQueue
			for _, r := range tt.results {
				q.add(r)
			}
			select {
			case <-q.ready():
				if len(tt.results) == 0 {
					t.Error("ready without work")
				}
			default:
				if len(tt.results) > 0 {
					t.Error("not ready with work")
				}
			}
			w := q.take()
			var changed []string
			for _, p := range w.changed {
				changed = append(changed, p.URL)
			}
			slices.Sort(changed)
			slices.Sort(w.removed)
			full := ""
			if w.full != nil {
				full = w.full.pages[0].URL
			}
			if full != tt.wantFull || !slices.Equal(changed, tt.wantChanged) || !slices.Equal(w.removed, tt.wantRemoved) {
				t.Errorf("take = full %q, changed %v, removed %v; want %q, %v, %v", full, changed, w.removed, tt.wantFull, tt.wantChanged, tt.wantRemoved)
			}
			if !q.take().empty() {
				t.Error("second take not empty")
			}
		})
	}
}

// TestIndexQueueKeepsCopies: the builder updates its pages in place on
// the next body-only save; what the index loop was handed stays as it
// was queued.
func TestIndexQueueKeepsCopies(t *testing.T) {
	p := &model.Page{URL: "/a/", Text: "cũ"}
	var q indexQueue
	q.add(&generator.Result{Incremental: true, Changed: []*model.Page{p}})
	w := q.take()
	p.Text = "mới"
	if got := w.changed[0].Text; got != "cũ" {
		t.Errorf("queued page text = %q after the builder changed its own, want %q", got, "cũ")
	}
}
