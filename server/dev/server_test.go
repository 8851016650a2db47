package dev

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestShutdownWithOpenTabs: staff press Ctrl+C with preview tabs open.
// Each tab holds an event stream that never ends by itself; shutdown must
// end those streams at once and return cleanly, not wait out its timeout
// and report it.
func TestShutdownWithOpenTabs(t *testing.T) {
	src := t.TempDir()
	writeTestFile(t, src, "site.toml", "title = \"Sở\"\nbaseURL = \"https://so.example.gov.vn\"\nlanguageCode = \"vi\"\n")
	writeTestFile(t, src, "content/tin-tuc/a.md", "+++\ntitle = \"Lịch tiếp công dân\"\ndate = 2026-11-20\n+++\n\nThứ năm hằng tuần.\n")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, ln, Options{Source: src, BaseURL: base, Stdout: io.Discard, Stderr: io.Discard})
	}()
	var streams []*http.Response
	for range 2 {
		resp, err := http.Get(base + liveReloadEvents)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		// The stream is open once its first event has arrived.
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("event stream: %v", err)
			}
			if strings.HasPrefix(line, "event: ok") {
				break
			}
		}
		resp.Body = io.NopCloser(r)
		streams = append(streams, resp)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("dev after Ctrl+C with %d tabs open: %v", len(streams), err)
	}
	for i, resp := range streams {
		if _, err := io.ReadAll(resp.Body); err != nil {
			t.Errorf("tab %d: its stream did not end cleanly: %v", i+1, err)
		}
	}
}
