package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/participation/sqlstore"
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

// TestBuildWithAnswers: `build --db` puts the agency's public answers
// into the pages (for a site served without the server) and into the
// search index, so a citizen who searches for a matter finds that it was
// answered; the citizen's own words and name go nowhere.
func TestBuildWithAnswers(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	db := "sqlite:" + filepath.Join(tmp, "y-kien.db")
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	code, err := participation.NewCode()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	sub := &participation.Submission{Code: code, Kind: participation.KindFeedback, Target: participation.FeedbackPath, Topic: "khai-thac-trai-phep",
		Text: "Tàu hút cát lậu ở bãi sông thôn Mỹ Khê của ông Sáu", Name: "Trần Thị Bé", Consent: true, Status: participation.StatusReceived, Received: at, Updated: at}
	if _, _, err := st.Add(ctx, sub, ""); err != nil {
		t.Fatal(err)
	}
	answer := "Đoàn liên ngành đã kiểm tra, tạm giữ hai tàu hút cát trái phép trên sông Trà Khúc."
	if _, err := st.Change(ctx, code, participation.Change{Answer: &answer}, "canbo@so.example.vn", at.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	public, index := filepath.Join(tmp, "public"), filepath.Join(tmp, "index")
	var out, errOut bytes.Buffer
	if c := run(ctx, []string{"build", "--source", ".", "--destination", public, "--index", index, "--now", "2026-12-04", "--db", db}, &out, &errOut); c != 0 {
		t.Fatalf("build --db: exit %d\n%s", c, errOut.String())
	}
	page, err := os.ReadFile(filepath.Join(public, "phan-anh-kien-nghi", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<!--minhbach:answers-->")) || !bytes.Contains(page, []byte(answer)) || !bytes.Contains(page, []byte("<!--/minhbach:answers-->")) {
		t.Errorf("the feedback page lacks the answer between its markers")
	}
	ix, err := search.Open(index)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	resp, err := ix.Search(ctx, search.Request{Query: "tau hut cat trai phep"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range resp.Hits {
		if h.URL == "/theo-doi/"+code+"/" && h.Type == model.TypeAnswer {
			found = true
		}
	}
	if !found {
		t.Errorf("searching the answer's words does not find it: %+v", resp.Hits)
	}
	for _, secret := range []string{"Trần Thị Bé", "ông Sáu", "Mỹ Khê"} {
		if bytes.Contains(page, []byte(secret)) {
			t.Errorf("the page shows %q", secret)
		}
		if r, _ := ix.Search(ctx, search.Request{Query: secret}); r != nil {
			for _, h := range r.Hits {
				if h.Type == model.TypeAnswer {
					t.Errorf("searching %q finds the answer: the citizen's words are in the index", secret)
				}
			}
		}
	}
}
