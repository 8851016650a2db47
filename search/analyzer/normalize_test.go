package analyzer

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNFC(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{norm.NFD.String("Đường đất"), "Đường đất"},
		{"Đường đất", "Đường đất"},
		{"e\u0302\u0301", "ế"},
		{"", ""},
		{"a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		if got := NFC(tt.in); got != tt.want {
			t.Errorf("NFC(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Đường đất", "Duong dat"},
		{"đ", "d"},
		{"Đ", "D"},
		{"\u00D0", "D"}, // Ð, Latin-1 eth, looks like Đ
		{"\u00F0", "d"}, // ð
		{"ĐẤT ĐAI", "DAT DAI"},
		{norm.NFD.String("Nguyễn Quốc Tân"), "Nguyen Quoc Tan"},
		{norm.NFD.String("Đường"), "Duong"},
		{"Thuỷ", "Thuy"},
		{"Thủy", "Thuy"},
		{"THUỶ", "THUY"},
		{"hoà hòa", "hoa hoa"},
		{"ơ ư ă â ê ô", "o u a a e o"},
		{"Ưu đãi", "Uu dai"},
		{"Quảng Ngãi", "Quang Ngai"},
		{"45/2013/QH13", "45/2013/QH13"},
		{"café", "cafe"},
		{"", ""},
		{"\xff", "\uFFFD"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Hoà", "hòa"},
		{"hòa", "hòa"},
		{"THUỶ", "thủy"},
		{"Thủy", "thủy"},
		{norm.NFD.String("Thuỷ"), "thủy"},
		{norm.NFD.String("ĐẤT ĐAI"), "đất đai"},
		{"UỶ BAN NHÂN DÂN", "ủy ban nhân dân"},
		{"Hoàng", "hoàng"},
		{"Quý", "quý"},
		{"QH13", "qh13"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}

func TestIdentifier(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"45/2013/QH13", "45/2013/qh13"},
		{"11-KH/BDVTU-STNMT", "11-kh/bdvtu-stnmt"},
		{"737/QĐ-UBND", "737/qd-ubnd"},
		{norm.NFD.String("737/QĐ-UBND"), "737/qd-ubnd"},
		{"42/2022/NĐ-CP", "42/2022/nd-cp"},
		{"09/CT\u2013UBND", "09/ct-ubnd"}, // en dash from a word processor
		{"1.012753", "1.012753"},
		{"1.001612.000.00.00.H48", "1.001612.000.00.00.h48"},
		{"  45 / 2013 / QH13 ", "45/2013/qh13"},
		{"45/2013/QH13,", "45/2013/qh13"},
		{"Kế hoạch   số 11", "ke hoach so 11"},
		{"(26/2020/TT-BTTTT)", "26/2020/tt-btttt"},
		{"", ""},
		{" \t ", ""},
	}
	for _, tt := range tests {
		if got := Identifier(tt.in); got != tt.want {
			t.Errorf("Identifier(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
	}
}

func TestAppendKey(t *testing.T) {
	for _, s := range []string{"", "Đường", "ĐẤT đai", norm.NFD.String("Thuỷ LỢI"), "TN&MT", "abc", "Σίσυφος", "hoà\xff", "İstanbul"} {
		want := strings.ToLower(Fold(strings.ToLower(s)))
		if got := string(AppendKey([]byte("x"), s)); got != "x"+want {
			t.Errorf("AppendKey(%+q) = %+q, want %+q", s, got, "x"+want)
		}
	}
}

func TestAppendNormalize(t *testing.T) {
	for _, s := range []string{"", "Đường", "ĐẤT đai", norm.NFD.String("Thuỷ LỢI"), "HOÀ", "Σίσυφος", "hoà\xff", "İstanbul", "abc"} {
		if got, want := string(AppendNormalize([]byte("x"), s)), "x"+Normalize(s); got != want {
			t.Errorf("AppendNormalize(%+q) = %+q, want %+q", s, got, want)
		}
	}
}
