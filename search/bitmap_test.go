package search

import (
	"slices"
	"testing"
)

func bitmapOf(n int, docs ...uint64) bitmap {
	b := newBitmap(n)
	for _, d := range docs {
		b.set(d)
	}
	return b
}

func TestBitmapOrShifted(t *testing.T) {
	tests := []struct {
		name string
		n    int
		src  []uint64
		off  uint64
		want []uint64
	}{
		{"aligned", 200, []uint64{0, 5, 63, 64}, 128, []uint64{128, 133, 191, 192}},
		{"across words", 200, []uint64{0, 60, 63, 64, 100}, 7, []uint64{7, 67, 70, 71, 107}},
		{"past the end dropped", 130, []uint64{1, 70, 120}, 60, []uint64{61}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBitmap(tt.n)
			b.orShifted(bitmapOf(128, tt.src...), tt.off)
			b.clearFrom(uint64(tt.n))
			if got := b.appendDocs(nil, -1); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAtLeast(t *testing.T) {
	const n = 300
	sets := []bitmap{
		bitmapOf(n, 1, 2, 3, 64, 299),
		bitmapOf(n, 2, 3, 64, 128),
		bitmapOf(n, 3, 64, 200),
		bitmapOf(n, 3, 299),
	}
	tests := []struct {
		k    int
		want []uint64
	}{
		{0, []uint64{1, 2, 3, 64, 128, 200, 299}}, // as 1
		{1, []uint64{1, 2, 3, 64, 128, 200, 299}},
		{2, []uint64{2, 3, 64, 299}},
		{3, []uint64{3, 64}},
		{4, []uint64{3}},
		{5, nil},
	}
	for _, tt := range tests {
		if got := atLeast(sets, tt.k, n).appendDocs(nil, -1); !slices.Equal(got, tt.want) {
			t.Errorf("atLeast %d: got %v, want %v", tt.k, got, tt.want)
		}
	}
	// Levels over a base count only the base's documents.
	levels := countLevels(bitmapOf(n, 2, 3, 128), sets, 2)
	for j, want := range [][]uint64{{2, 3, 128}, {2, 3, 128}, {2, 3}} {
		if got := levels[j].appendDocs(nil, -1); !slices.Equal(got, want) {
			t.Errorf("level %d: got %v, want %v", j, got, want)
		}
	}
}

func TestDocSet(t *testing.T) {
	const n = 1000
	in := bitmapOf(n, 3, 10, 11, 500, 999)
	tests := []struct {
		name      string
		docs      []uint32
		dense     bool
		count     int
		firstTwo  []uint64
		afterOrIn []uint64
	}{
		{"sparse", []uint32{10, 500, 700}, false, 2, []uint64{10, 500}, []uint64{3, 10, 11, 500, 700, 999}},
		{"dense", func() []uint32 {
			var d []uint32
			for i := uint32(0); i < n; i += 3 {
				d = append(d, i)
			}
			return d
		}(), true, 2, []uint64{3, 999}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newDocSet(tt.docs, n)
			if (s.dense != nil) != tt.dense {
				t.Errorf("dense = %v, want %v", s.dense != nil, tt.dense)
			}
			if got := s.countIn(in); got != tt.count {
				t.Errorf("countIn = %d, want %d", got, tt.count)
			}
			if got := s.appendIn(in, nil, 2); !slices.Equal(got, tt.firstTwo) {
				t.Errorf("appendIn limit 2 = %v, want %v", got, tt.firstTwo)
			}
			if tt.afterOrIn != nil {
				b := slices.Clone(in)
				s.orInto(b)
				if got := b.appendDocs(nil, -1); !slices.Equal(got, tt.afterOrIn) {
					t.Errorf("orInto = %v, want %v", got, tt.afterOrIn)
				}
			}
		})
	}
}
