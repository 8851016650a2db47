package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/minhbach/minhbach/generator"
	"github.com/minhbach/minhbach/model"
)

// The relevance set is in two parts, so that the figures the suite gates
// on are not the ones the weights were fitted to:
//
//   - testdata/relevance-tune.tsv: the queries one looks at while tuning
//     the weights in rank.go; its misses are logged on every run.
//   - testdata/relevance-gate.tsv: held out, never tuned on; its misses
//     are logged only when it fails. New queries found in the wild go
//     there. Its origin column tells the queries that were in the set
//     the weights were first tuned on (origin "tuned": held out only
//     since the split) from those written for the gate ("split", "wild");
//     the figures are reported for each.
//
// Each part has its own thresholds, a little under what the ranking
// reaches, so that a content edit moving one query does not fail the
// suite but a change making search clearly worse for any style of query
// does. Neither part notices a lost mechanism: with every weight set to
// 1, or with the detection of intent switched off, both stay above their
// thresholds, and the gate even does a little better with flat weights
// (MRR@10 0.931 against 0.927). What fails then is TestRankingPromises;
// its doc comment records the measurements.

// relevanceLimits are the figures a part of the relevance set must reach:
// MRR@10 overall and for every style, and Success@3 overall.
type relevanceLimits struct {
	MRR, StyleMRR, Success3 float64
}

// relevancePart is one file of the relevance set.
type relevancePart struct {
	name, file string
	// origin: the file has a fourth column, where the query comes from.
	origin bool
	// minQueries keeps a part from shrinking unnoticed.
	minQueries int
	limits     relevanceLimits
}

// relevanceTune is the part one tunes on. The ranking reaches MRR@10
// 0.988 on its 126 queries, at least 0.95 in every style (questions the
// lowest), and Success@3 1.00.
var relevanceTune = relevancePart{
	name: "tune", file: "testdata/relevance-tune.tsv", minQueries: 120,
	limits: relevanceLimits{MRR: 0.95, StyleMRR: 0.85, Success3: 0.95},
}

// relevanceGate is the held-out part. The ranking reaches MRR@10 0.927
// on its 166 queries (0.975 on the 60 of origin "tuned", 0.900 on the 106
// of origin "split"), at least 0.85 in every style (typed in NFD and
// questions the lowest), and Success@3 0.970. Its styles have fewer
// queries than the tuning part's, so one query weighs more: the style
// floor is lower.
var relevanceGate = relevancePart{
	name: "gate", file: "testdata/relevance-gate.tsv", origin: true, minQueries: 150,
	limits: relevanceLimits{MRR: 0.90, StyleMRR: 0.75, Success3: 0.93},
}

// relevanceOrigins are the values of the gate's origin column.
var relevanceOrigins = []string{"tuned", "split", "wild"}

// relevanceCase is one line of a part of the relevance set.
type relevanceCase struct {
	file         string
	line         int
	style, query string
	right        []string
	origin       string // gate only: tuned, split or wild
}

// where is file:line, for messages.
func (c relevanceCase) where() string { return fmt.Sprintf("%s:%d", c.file, c.line) }

// readRelevance reads the queries of part, failing on a malformed line
// or a part smaller than its minQueries.
func readRelevance(t *testing.T, part relevancePart) []relevanceCase {
	t.Helper()
	f, err := os.Open(part.file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := 3
	if part.origin {
		want = 4
	}
	var cases []relevanceCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := relevanceCase{file: filepath.Base(part.file), line: n}
		cols := strings.Split(line, "\t")
		if len(cols) != want {
			t.Fatalf("%s: want %d tab-separated columns, got %d", c.where(), want, len(cols))
		}
		c.style, c.query, c.right = cols[0], cols[1], strings.Fields(cols[2])
		if part.origin {
			c.origin = cols[3]
			if !slices.Contains(relevanceOrigins, c.origin) {
				t.Fatalf("%s: origin %q, want one of %v", c.where(), c.origin, relevanceOrigins)
			}
		}
		if c.style == "nfd" {
			c.query = norm.NFD.String(c.query)
		}
		if c.query == "" || len(c.right) == 0 {
			t.Fatalf("%s: empty query or no right answer", c.where())
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) < part.minQueries {
		t.Fatalf("%s has %d queries, want at least %d", part.file, len(cases), part.minQueries)
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

// TestRelevanceSplit checks that no query of the gate is also, folded, a
// query of the tuning part or of rankingPromises: "luat to cao" ranks as
// "luật tố cáo" does but for the exact-form weights, so a gate query that
// is a tuned one without its diacritics or in old-style tones is tuned on
// too, and so is one a guard is built on. Within a part such variants
// are the point of the styles.
func TestRelevanceSplit(t *testing.T) {
	key := func(q string) string {
		return strings.Join(strings.Fields(foldKey(norm.NFC.String(q))), " ")
	}
	seen := map[string]string{}
	for _, c := range readRelevance(t, relevanceTune) {
		seen[key(c.query)] = fmt.Sprintf("%q of %s", c.query, c.where())
	}
	for _, c := range rankingPromises {
		seen[key(c.query)] = fmt.Sprintf("%q of rankingPromises", c.query)
	}
	for _, c := range readRelevance(t, relevanceGate) {
		if prev, ok := seen[key(c.query)]; ok {
			t.Errorf("%s: %q is %s, folded", c.where(), c.query, prev)
		}
	}
}

// TestRelevance runs both parts of the relevance set over the site's own
// content and fails if either falls below its thresholds.
func TestRelevance(t *testing.T) {
	ix, pages := siteIndex(t)
	urls := make(map[string]bool)
	for _, p := range pages {
		if indexable(p, false) {
			urls[p.URL] = true
		}
	}
	for _, part := range []relevancePart{relevanceTune, relevanceGate} {
		t.Run(part.name, func(t *testing.T) {
			cases := readRelevance(t, part)
			for _, c := range cases {
				for _, u := range c.right {
					if !urls[u] {
						t.Errorf("%s: %s is not a page of the site", c.where(), u)
					}
				}
			}
			fig := measureRelevance(t, ix, cases)
			t.Log(fig.table())
			failed := checkRelevance(t, part, fig)
			// The gate's misses are for finding out why it failed, not
			// for choosing weights: they are shown only then.
			if len(fig.misses) > 0 && (failed || part.name != relevanceGate.name) {
				t.Logf("queries whose first hit is not right (rank 0 = not in the top 10):\n%s", strings.Join(fig.misses, "\n"))
			}
		})
	}
}

// checkRelevance reports the figures of part that fall below its limits,
// and whether there were any.
func checkRelevance(t *testing.T, part relevancePart, fig *relevanceFigures) bool {
	t.Helper()
	lim := part.limits
	failed := false
	fail := func(format string, args ...any) {
		t.Errorf(part.name+": "+format, args...)
		failed = true
	}
	if mrr := fig.total.mrr(); mrr < lim.MRR {
		fail("MRR@10 = %.3f, want >= %.2f", mrr, lim.MRR)
	}
	if s3 := fig.total.success3(); s3 < lim.Success3 {
		fail("Success@3 = %.3f, want >= %.2f", s3, lim.Success3)
	}
	for _, st := range fig.order {
		if mrr := fig.styles[st].mrr(); mrr < lim.StyleMRR {
			fail("style %s: MRR@10 = %.3f, want >= %.2f", st, mrr, lim.StyleMRR)
		}
	}
	return failed
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
	styles  map[string]*relevanceTally
	order   []string // the styles, in the order of the set
	origins map[string]*relevanceTally
	total   relevanceTally
	misses  []string // the queries whose first hit is not right
}

// measureRelevance runs cases against ix and sums the figures by style
// and by origin.
func measureRelevance(t testing.TB, ix *Index, cases []relevanceCase) *relevanceFigures {
	t.Helper()
	fig := &relevanceFigures{styles: map[string]*relevanceTally{}, origins: map[string]*relevanceTally{}}
	for _, c := range cases {
		resp, err := ix.Search(context.Background(), Request{Query: c.query, Size: 10})
		if err != nil {
			t.Errorf("%s: %q: %v", c.where(), c.query, err)
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
		tallies := []*relevanceTally{s, &fig.total}
		if c.origin != "" {
			o := fig.origins[c.origin]
			if o == nil {
				o = &relevanceTally{}
				fig.origins[c.origin] = o
			}
			tallies = append(tallies, o)
		}
		for _, tl := range tallies {
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
	for _, o := range relevanceOrigins {
		if tl := fig.origins[o]; tl != nil {
			row("origin "+o, tl)
		}
	}
	return b.String()
}

// rankingPromises are what the weights and the detection of intent in
// rank.go and query_plan.go promise, one pair of pages at a time: a query,
// a page that must come above another, both found, and why. MRR over a
// whole set moves little when one of them breaks, so they are what fails
// when the ranking loses a mechanism (see TestRankingPromises).
//
// breaks names the sabotages, measured as TestRankingPromises tells, that
// make the pair fail: flat (every weight 1), intent (intentWords marks
// nothing), task (isTask always false), ident (no document number or
// procedure code detected). None of their queries is in the gate
// (TestRelevanceSplit checks): a guard is looked at, so it is not held
// out.
var rankingPromises = []struct {
	why, query   string
	above, below string
	breaks       string
}{
	{"in force above the expired law it replaced, both matching alike",
		"chế độ sở hữu đất đai", "/van-ban/luat-dat-dai-2024/", "/van-ban/luat-dat-dai-2013/", ""},
	{"in force above the expired law it replaced, both matching alike",
		"phòng chống tác hại do nước gây ra", "/van-ban/luat-tai-nguyen-nuoc-2023/", "/van-ban/luat-tai-nguyen-nuoc-2012/", ""},
	{"the expired law when the query names it: the in-force boost is small",
		"luật đất đai 2013", "/van-ban/luat-dat-dai-2013/", "/van-ban/luat-dat-dai-2024/", "flat"},
	{"the expired decree when the query names its number: the in-force boost is small",
		"nghị định 47 về bồi thường", "/van-ban/nghi-dinh-47-2014-nd-cp/", "/van-ban/nghi-dinh-88-2024-nd-cp/", "flat"},
	{"a title match above a match in the description",
		"giải quyết tố cáo", "/thu-tuc/giai-quyet-to-cao/", "/van-ban/luat-to-cao-2018/", "flat"},
	{"a procedure when the query reads like a task",
		"thủ tục tố cáo", "/thu-tuc/giai-quyet-to-cao/", "/van-ban/luat-to-cao-2018/", "task"},
	{"a procedure when the query reads like a task, typo and all",
		"thu tuc tach thuaa", "/thu-tuc/tach-thua-hop-thua-dat/", "/hoi-dap/tach-thua-can-dieu-kien-gi/", "task"},
	{"the procedure above a question page whose title only shares the words of intent (\"... thì làm sao?\")",
		"làm sao để khiếu nại", "/thu-tuc/giai-quyet-khieu-nai-lan-dau/", "/hoi-dap/khieu-nai-quyet-dinh-thu-hoi-dat/", "flat intent task"},
	{"the procedure above a question page whose title only shares the words of intent (\"... thế nào?\")",
		"tố cáo cán bộ vi phạm thế nào", "/thu-tuc/giai-quyet-to-cao/", "/hoi-dap/khieu-nai-va-to-cao-khac-nhau-the-nao/", "flat intent task"},
	{"where to complain is the procedure; \"ở đâu\" alone must not decide which pages are found",
		"khiếu nại ở đâu", "/thu-tuc/giai-quyet-khieu-nai-lan-dau/", "/hoi-dap/khieu-nai-quyet-dinh-thu-hoi-dat/", "intent task"},
	{"the document whose number the query gives, above a page matching only its other words",
		"31/2024/QH15 thế chấp", "/van-ban/luat-dat-dai-2024/", "/thu-tuc/dang-ky-the-chap-quyen-su-dung-dat/", "ident"},
	{"the document whose number the query gives, above a page matching only its other words, expired or not",
		"17/2012/QH13 xả nước thải", "/van-ban/luat-tai-nguyen-nuoc-2012/", "/thu-tuc/cap-giay-phep-xa-nuoc-thai-vao-nguon-nuoc/", "ident"},
	{"the document whose number the query gives, above a page matching only its other words",
		"72/2020/QH14 phân loại rác", "/van-ban/luat-bao-ve-moi-truong-2020/", "/hoi-dap/phan-loai-rac-tai-nguon-la-gi/", "ident"},
	{"the document whose number the query gives, above a procedure under it",
		"60/2010/QH12 khai thác tận thu", "/van-ban/luat-khoang-san-2010/", "/thu-tuc/cap-giay-phep-khai-thac-tan-thu-khoang-san/", "flat ident"},
}

// TestRankingPromises checks rankingPromises on the site's own content.
//
// How the pairs were checked to guard what they claim to: in a copy of
// the repository (not the work tree), each sabotage below was applied to
// the ranking code alone, `go test -run 'TestRelevance|TestRankingPromises'
// ./search` was run, and the copy thrown away:
//
//	flat    every field of weights in rank.go set to 1
//	intent  intentWords returns a slice of false: no word is an intent word
//	task    isTask returns false: no procedure boost
//	ident   queryIdents and queryIdentPrefixes return nil: no document
//	        number or procedure code is detected
//	all     intent, task and ident together
//
// Before the split, with the one relevance.tsv of 186 queries and the
// five pairs that TestRankingPromises had then, the suite failed in flat
// (two pairs: "luật đất đai 2013", "giải quyết tố cáo") and in task and
// all (one pair: "thủ tục tố cáo"), and passed in intent and ident.
// TestRelevance passed in every state: MRR@10 0.984 normally, 0.966 flat,
// 0.973 intent, 0.970 task, 0.978 ident, 0.962 all, against a threshold
// of 0.95.
//
// With the two parts and the pairs of rankingPromises (MRR@10 and
// Success@3 of each part, and the pairs failing, of 14):
//
//	state   tune          gate          gate, split only  pairs failing
//	normal  0.988 1.000   0.927 0.970   0.900 0.953       0
//	flat    0.965 0.992   0.931 0.976   0.910 0.962       6
//	intent  0.980 0.992   0.926 0.970   0.908 0.962       3
//	task    0.974 0.992   0.920 0.970   0.896 0.962       5
//	ident   0.980 0.992   0.927 0.970   0.900 0.953       4
//	all     0.964 0.984   0.919 0.970   0.897 0.962       9
//
// Both parts stay above their thresholds in every state, and the pairs
// failing in each state are exactly those whose breaks names it: flat
// breaks "luật đất đai 2013", "nghị định 47 về bồi thường", "giải quyết
// tố cáo", "làm sao để khiếu nại", "tố cáo cán bộ vi phạm thế nào" and
// "60/2010/QH12 khai thác tận thu"; all breaks the nine marked intent,
// task or ident. The first two pairs, in-force over expired laws with the
// same words, fail in none of these states; with weights.Current set to
// 0 instead, "chế độ sở hữu đất đai" fails (the other still passes, and
// both parts stay above their thresholds: MRR@10 0.976 and 0.921). To
// check again after changing rank.go, apply the same sabotages to a copy
// and compare the pairs failing with breaks.
func TestRankingPromises(t *testing.T) {
	ix, _ := siteIndex(t)
	for _, c := range rankingPromises {
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

// TestRankingPromisesGuard checks that every sabotage TestRankingPromises
// was measured against is still caught by at least two pairs, so that
// trimming the table does not quietly drop a guard.
func TestRankingPromisesGuard(t *testing.T) {
	count := map[string]int{}
	for _, c := range rankingPromises {
		for _, s := range strings.Fields(c.breaks) {
			count[s]++
		}
	}
	for _, s := range []string{"flat", "intent", "task", "ident"} {
		if count[s] < 2 {
			t.Errorf("sabotage %s breaks %d of rankingPromises, want at least 2", s, count[s])
		}
	}
}
