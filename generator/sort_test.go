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

// TestSortPagesOrder: lists are ordered by weight when set, newest first,
// then by title in Vietnamese order (Đ after D, not after Z), and pages
// equal in all three keep their order.
func TestSortPagesOrder(t *testing.T) {
	titles := []string{"Đất đai", "Dân chủ", "Zà", "Ưu tiên", "Ao hồ", "ao hồ", "Ấn định", "Bảo vệ", "Đất đai"}
	r := rand.New(rand.NewPCG(3, 4))
	var ps []*model.Page
	for i := range 400 {
		p := &model.Page{URL: fmt.Sprint(i), Title: titles[r.IntN(len(titles))], Weight: []int{0, 0, 0, 1, 2}[r.IntN(5)]}
		if r.IntN(4) > 0 {
			p.Date = time.Date(2024, 1, 1+r.IntN(3), 0, 0, 0, 0, time.UTC)
		}
		ps = append(ps, p)
	}
	// The order spelled out pair by pair, as a stable sort of the input.
	less := vnOrder()
	want := slices.Clone(ps)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.Weight != b.Weight {
			if a.Weight == 0 || b.Weight == 0 {
				return b.Weight == 0
			}
			return a.Weight < b.Weight
		}
		if !a.DisplayDate().Equal(b.DisplayDate()) {
			return a.DisplayDate().After(b.DisplayDate())
		}
		return less(a.Title, b.Title)
	})
	got := slices.Clone(ps)
	sortPages(got)
	if !slices.Equal(got, want) {
		t.Error("sortPages differs from the order weight, date, Vietnamese title, input")
	}
	if !less("Dân chủ", "Đất đai") || !less("Đất đai", "Zà") {
		t.Error("Vietnamese order: want Dân chủ < Đất đai < Zà")
	}
}
