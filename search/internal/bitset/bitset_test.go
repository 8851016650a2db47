package bitset

import (
	"slices"
	"testing"
)

func of(n int, docs ...uint64) Set {
	b := New(n)
	for _, d := range docs {
		b.Add(d)
	}
	return b
}

func TestOrShifted(t *testing.T) {
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
			b := New(tt.n)
			b.OrShifted(of(128, tt.src...), tt.off)
			b.ClearFrom(uint64(tt.n))
			if got := b.AppendDocs(nil, -1); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextFrom(t *testing.T) {
	b := of(300, 3, 64, 65, 299)
	var got []uint64
	for d, ok := b.NextFrom(0); ok; d, ok = b.NextFrom(d + 1) {
		got = append(got, d)
	}
	if want := b.AppendDocs(nil, -1); !slices.Equal(got, want) {
		t.Errorf("NextFrom visits %v, want %v", got, want)
	}
	for _, tt := range []struct {
		from, want uint64
		ok         bool
	}{{3, 3, true}, {4, 64, true}, {66, 299, true}, {300, 0, false}, {1 << 20, 0, false}} {
		if d, ok := b.NextFrom(tt.from); d != tt.want || ok != tt.ok {
			t.Errorf("NextFrom(%d) = %d, %v; want %d, %v", tt.from, d, ok, tt.want, tt.ok)
		}
	}
}

func TestAtLeast(t *testing.T) {
	const n = 300
	sets := []Set{
		of(n, 1, 2, 3, 64, 299),
		of(n, 2, 3, 64, 128),
		of(n, 3, 64, 200),
		of(n, 3, 299),
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
		if got := AtLeast(sets, tt.k, n).AppendDocs(nil, -1); !slices.Equal(got, tt.want) {
			t.Errorf("AtLeast %d: got %v, want %v", tt.k, got, tt.want)
		}
	}
	// Levels over a base count only the base's documents.
	levels := CountLevels(of(n, 2, 3, 128), sets, 2)
	for j, want := range [][]uint64{{2, 3, 128}, {2, 3, 128}, {2, 3}} {
		if got := levels[j].AppendDocs(nil, -1); !slices.Equal(got, want) {
			t.Errorf("level %d: got %v, want %v", j, got, want)
		}
	}
}

func TestFixed(t *testing.T) {
	const n = 1000
	in := of(n, 3, 10, 11, 500, 999)
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
			s := NewFixed(tt.docs, n)
			if (s.dense != nil) != tt.dense {
				t.Errorf("dense = %v, want %v", s.dense != nil, tt.dense)
			}
			if got := s.CountIn(in); got != tt.count {
				t.Errorf("CountIn = %d, want %d", got, tt.count)
			}
			if got := s.AppendIn(in, nil, 2); !slices.Equal(got, tt.firstTwo) {
				t.Errorf("AppendIn limit 2 = %v, want %v", got, tt.firstTwo)
			}
			if tt.afterOrIn != nil {
				b := slices.Clone(in)
				s.OrInto(b)
				if got := b.AppendDocs(nil, -1); !slices.Equal(got, tt.afterOrIn) {
					t.Errorf("OrInto = %v, want %v", got, tt.afterOrIn)
				}
			}
		})
	}
}
