package generator

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/minhbach/minhbach/model"
)

// TestNewest: a feed's entries are the pages changed last, newest first,
// pages of the same date in site order, as a stable sort of every page
// would give.
func TestNewest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ pages, n, days int }{{0, 50, 1}, {10, 50, 3}, {500, 50, 20}, {500, 50, 400}, {3000, 1, 5}} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			var pages []*model.Page
			for i := range tc.pages {
				pages = append(pages, &model.Page{URL: fmt.Sprint(i), Lastmod: time.Date(2024, 1, 1+r.IntN(tc.days), 0, 0, 0, 0, time.UTC)})
			}
			want := slices.Clone(pages)
			sort.SliceStable(want, func(i, j int) bool { return want[i].Lastmod.After(want[j].Lastmod) })
			want = want[:min(len(want), tc.n)]
			if got := newest(pages, tc.n); !slices.Equal(got, want) {
				t.Errorf("newest of %d pages: %d pages, not the stable order", tc.pages, len(got))
			}
		})
	}
}
