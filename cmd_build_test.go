package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/minhbach/minhbach/search"
)

// TestBuildRanksAsOfNow: --now is the build's today for the index too,
// not only for the pages. On 1 June 2021 the 2013 land law was the one in
// force and a citizen searching "luật đất đai" must get it first; on
// 1 December 2026 it is the 2024 law. Before the fix the index judged
// every build by the wall clock.
func TestBuildRanksAsOfNow(t *testing.T) {
	for _, c := range []struct{ now, first string }{
		{"2021-06-01", "/van-ban/luat-dat-dai-2013/"},
		{"2026-12-01", "/van-ban/luat-dat-dai-2024/"},
	} {
		t.Run(c.now, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "index")
			var out, errOut bytes.Buffer
			args := []string{"build", "--source", ".", "--destination", filepath.Join(tmp, "public"), "--index", dir, "--now", c.now}
			if code := run(context.Background(), args, &out, &errOut); code != 0 {
				t.Fatalf("build --now %s: exit %d\n%s", c.now, code, errOut.String())
			}
			ix, err := search.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			resp, err := ix.Search(context.Background(), search.Request{Query: "luật đất đai", Filters: map[string][]string{"type": {"document"}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Hits) == 0 {
				t.Fatal("no hits")
			}
			if got := resp.Hits[0].URL; got != c.first {
				var urls []string
				for _, h := range resp.Hits[:min(5, len(resp.Hits))] {
					urls = append(urls, h.URL)
				}
				t.Errorf("first document as of %s: %s, want %s (top: %v)", c.now, got, c.first, urls)
			}
		})
	}
}
