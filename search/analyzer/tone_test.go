package analyzer

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeTone(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Old style to new style in open oa, oe, uy syllables.
		{"hoà", "hòa"},
		{"hoá", "hóa"},
		{"hoả", "hỏa"},
		{"hoã", "hõa"},
		{"hoạ", "họa"},
		{"khoẻ", "khỏe"},
		{"loè", "lòe"},
		{"xoè", "xòe"},
		{"thuỷ", "thủy"},
		{"uỷ", "ủy"},
		{"tuỳ", "tùy"},
		{"huỷ", "hủy"},
		{"luỹ", "lũy"},
		{"nguỵ", "ngụy"},
		{"oà", "òa"},
		// Case is preserved.
		{"Thuỵ", "Thụy"},
		{"Hoà", "Hòa"},
		{"THUỶ", "THỦY"},
		{"HOÀ", "HÒA"},
		{"UỶ", "ỦY"},
		// Decomposed input; the changed syllable comes back composed.
		{norm.NFD.String("thuỷ"), "thủy"},
		{norm.NFD.String("Khoẻ"), "Khỏe"},
		// Syllables in running text.
		{"Hoà Phát Dung Quất", "Hòa Phát Dung Quất"},
		{"Uỷ ban nhân dân; thuỷ lợi, hoà giải.", "Ủy ban nhân dân; thủy lợi, hòa giải."},
		{"(hoà)", "(hòa)"},
		{"hoà2", "hòa2"},
		{"hoà-bình", "hòa-bình"},
		// Already new style: unchanged.
		{"hòa", "hòa"},
		{"thủy", "thủy"},
		{"Ủy ban", "Ủy ban"},
		{"khỏe", "khỏe"},
		// A final consonant follows: the tone stays on the second vowel.
		{"hoàng", "hoàng"},
		{"khoảng", "khoảng"},
		{"thuyết", "thuyết"},
		{"quyền", "quyền"},
		{"Hoàng", "Hoàng"},
		// "qu": the u belongs to the consonant.
		{"quý", "quý"},
		{"quỳ", "quỳ"},
		{"Quỷ", "Quỷ"},
		{"quả", "quả"},
		{"QUÝ", "QUÝ"},
		// Other vowel clusters and plain words.
		{"khuỷu", "khuỷu"},
		{"ngoài", "ngoài"},
		{"khoái", "khoái"},
		{"hoặc", "hoặc"},
		{"tuần", "tuần"},
		{"thuở", "thuở"},
		{"giá", "giá"},
		{"gì", "gì"},
		{"gioà", "gioà"}, // not a Vietnamese syllable: left alone
		{"hoa", "hoa"},
		{"hoà hoa", "hòa hoa"},
		{"", ""},
		{"45/2013/QH13", "45/2013/QH13"},
		{"café", "café"},
		// Invalid UTF-8 becomes U+FFFD.
		{"hoà\xff", "hòa\uFFFD"},
	}
	for _, tt := range tests {
		if got := NormalizeTone(tt.in); got != tt.want {
			t.Errorf("NormalizeTone(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}
