package server

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/minhbach/minhbach/participation/sqlstore"
	"github.com/minhbach/minhbach/search"
)

// TestSearchMisses: a search that finds nothing is counted by its words
// (folded), for staff to see; one that found something, or that looks
// like a phone or ID number or an e-mail, is not.
func TestSearchMisses(t *testing.T) {
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "y-kien.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	misses := search.NewMisses(st, nil)
	ts := newTestServer(t, func(o *Options) { o.Misses = misses })
	for _, q := range []string{"xyzzyqwv plorkt", "XYZZYQWV  plorkt", "giấy chứng nhận", "0905 123 456", "ai@example.vn", "051203001234"} {
		resp, _ := ts.get(t, "/api/search?q="+url.QueryEscape(q))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", q, resp.StatusCode)
		}
	}
	ts.get(t, "/tim-kiem/?q="+url.QueryEscape("xyzzyqwv plorkt"))
	top, err := misses.Top(context.Background(), 4, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 1 || top[0].Query != "xyzzyqwv plorkt" || top[0].Count != 3 {
		t.Errorf("misses %+v, want only «xyzzyqwv plorkt» three times", top)
	}
}
