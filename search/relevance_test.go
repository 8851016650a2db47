package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
)

// relevanceThresholds are the figures the relevance set must reach: MRR@10
// overall and for every style, and Success@3 overall. The ranking reaches
// MRR@10 0.98 overall, at least 0.91 in every style, and Success@3 1.00;
// the thresholds leave a little room for content edits, so that a change
// that makes search clearly worse for any style of query fails.
var relevanceThresholds = struct {
	MRR, StyleMRR, Success3 float64
}{MRR: 0.95, StyleMRR: 0.85, Success3: 0.95}

// relevanceCase is one line of testdata/relevance.tsv.
type relevanceCase struct {
	line         int
	style, query string
	right        []string
}

func readRelevance(t *testing.T) []relevanceCase {
	t.Helper()
	f, err := os.Open("testdata/relevance.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []relevanceCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("relevance.tsv:%d: want 3 tab-separated columns, got %d", n, len(cols))
		}
		c := relevanceCase{line: n, style: cols[0], query: cols[1], right: strings.Fields(cols[2])}
		if c.style == "nfd" {
			c.query = norm.NFD.String(c.query)
		}
		if c.query == "" || len(c.right) == 0 {
			t.Fatalf("relevance.tsv:%d: empty query or no right answer", n)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// siteIndex builds the index of the project's own site (the repository
// root) into a temporary folder and opens it.
func siteIndex(t testing.TB) (*Index, []*model.Page) {
	t.Helper()
	site, _, err := generator.Load(generator.Options{Source: "..", Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() + "/index"
	if _, err := Build(context.Background(), site.Pages, dir, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix, site.Pages
}

// TestRelevance runs the relevance set over the site's own content and
// fails if MRR@10 or Success@3 fall below relevanceThresholds.
func TestRelevance(t *testing.T) {
	cases := readRelevance(t)
	if len(cases) < 100 {
		t.Fatalf("relevance set has %d queries, want at least 100", len(cases))
	}
	ix, pages := siteIndex(t)
	urls := make(map[string]bool)
	for _, p := range pages {
		if indexable(p, false) {
			urls[p.URL] = true
		}
	}
	for _, c := range cases {
		for _, u := range c.right {
			if !urls[u] {
				t.Errorf("relevance.tsv:%d: %s is not a page of the site", c.line, u)
			}
		}
	}
	fig := measureRelevance(t, ix, cases)
	t.Log(fig.table())
	if len(fig.misses) > 0 {
		t.Logf("queries whose first hit is not right (rank 0 = not in the top 10):\n%s", strings.Join(fig.misses, "\n"))
	}

	if mrr := fig.total.mrr(); mrr < relevanceThresholds.MRR {
		t.Errorf("MRR@10 = %.3f, want >= %.2f", mrr, relevanceThresholds.MRR)
	}
	if s3 := fig.total.success3(); s3 < relevanceThresholds.Success3 {
		t.Errorf("Success@3 = %.3f, want >= %.2f", s3, relevanceThresholds.Success3)
	}
	for _, st := range fig.order {
		if mrr := fig.styles[st].mrr(); mrr < relevanceThresholds.StyleMRR {
			t.Errorf("style %s: MRR@10 = %.3f, want >= %.2f", st, mrr, relevanceThresholds.StyleMRR)
		}
	}
}

// relevanceTally sums the reciprocal ranks and the successes at 3 of
// some queries.
type relevanceTally struct {
	n         int
	rr, succ3 float64
}

func (tl *relevanceTally) mrr() float64      { return tl.rr / float64(tl.n) }
func (tl *relevanceTally) success3() float64 { return tl.succ3 / float64(tl.n) }

// relevanceFigures are the figures of a run of the relevance set.
type relevanceFigures struct {
	styles map[string]*relevanceTally
	order  []string // the styles, in the order of the set
	total  relevanceTally
	misses []string // the queries whose first hit is not right
}

// measureRelevance runs cases against ix.
func measureRelevance(t testing.TB, ix *Index, cases []relevanceCase) *relevanceFigures {
	t.Helper()
	fig := &relevanceFigures{styles: map[string]*relevanceTally{}}
	for _, c := range cases {
		resp, err := ix.Search(context.Background(), Request{Query: c.query, Size: 10})
		if err != nil {
			t.Errorf("relevance.tsv:%d: %q: %v", c.line, c.query, err)
			continue
		}
		rank := 0
		for i, h := range resp.Hits {
			if slices.Contains(c.right, h.URL) {
				rank = i + 1
				break
			}
		}
		rr := 0.0
		if rank > 0 {
			rr = 1 / float64(rank)
		}
		s := fig.styles[c.style]
		if s == nil {
			s = &relevanceTally{}
			fig.styles[c.style] = s
			fig.order = append(fig.order, c.style)
		}
		for _, tl := range []*relevanceTally{s, &fig.total} {
			tl.n++
			tl.rr += rr
			if rank >= 1 && rank <= 3 {
				tl.succ3++
			}
		}
		if rank != 1 {
			var top []string
			for i, h := range resp.Hits {
				if i == 3 {
					break
				}
				top = append(top, h.URL)
			}
			fig.misses = append(fig.misses, fmt.Sprintf("  %-12s rank %-2d %q -> %s", c.style, rank, c.query, strings.Join(top, " ")))
		}
	}
	return fig
}

// table shows the figures by style.
func (fig *relevanceFigures) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-14s %7s %8s %10s\n", "style", "queries", "MRR@10", "Success@3")
	row := func(name string, tl *relevanceTally) {
		fmt.Fprintf(&b, "%-14s %7d %8.3f %10.3f\n", name, tl.n, tl.mrr(), tl.success3())
	}
	for _, st := range fig.order {
		row(st, fig.styles[st])
	}
	row("all", &fig.total)
	return b.String()
}

// TestRankingPromises checks, on the site's own content, what the
// weights in rank.go promise, one pair of pages at a time: MRR over the
// whole set moves little when one of them breaks.
func TestRankingPromises(t *testing.T) {
	ix, _ := siteIndex(t)
	cases := []struct {
		why, query   string
		above, below string
	}{
		{"in force above the expired law it replaced, both matching alike",
			"chế độ sở hữu đất đai", "/van-ban/luat-dat-dai-2024/", "/van-ban/luat-dat-dai-2013/"},
		{"in force above the expired law it replaced, both matching alike",
			"phòng chống tác hại do nước gây ra", "/van-ban/luat-tai-nguyen-nuoc-2023/", "/van-ban/luat-tai-nguyen-nuoc-2012/"},
		{"the expired law when the query names it",
			"luật đất đai 2013", "/van-ban/luat-dat-dai-2013/", "/van-ban/luat-dat-dai-2024/"},
		{"a title match above a match in the description",
			"giải quyết tố cáo", "/thu-tuc/giai-quyet-to-cao/", "/van-ban/luat-to-cao-2018/"},
		{"a procedure when the query reads like a task",
			"thủ tục tố cáo", "/thu-tuc/giai-quyet-to-cao/", "/van-ban/luat-to-cao-2018/"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			resp, err := ix.Search(context.Background(), Request{Query: c.query, Size: 50})
			if err != nil {
				t.Fatal(err)
			}
			rank := map[string]int{}
			for i, h := range resp.Hits {
				rank[h.URL] = i + 1
			}
			a, b := rank[c.above], rank[c.below]
			if a == 0 || b == 0 || a > b {
				t.Errorf("%s: %s at rank %d, %s at rank %d (0: not found); want the first above",
					c.why, c.above, a, c.below, b)
			}
		})
	}
}
