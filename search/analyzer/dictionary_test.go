package analyzer

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParseDictionaryErrors(t *testing.T) {
	tests := []struct {
		in   string
		line int
		vi   string // the Vietnamese message contains it
		en   string // the English message contains it
	}{
		{"ubnd = ủy ban nhân dân\nsổ đỏ giấy chứng nhận\n", 2, "thiếu dấu '='", "missing '='"},
		{"# ghi chú\n\na = b = c\n", 3, "nhiều hơn một dấu '='", "more than one '='"},
		{"ubnd =   \n", 1, "cụm từ chuẩn", "canonical phrase after '=': empty"},
		{" = ủy ban\n", 1, "biến thể", "variant before '=': empty"},
		{"a, , b = c\n", 1, "biến thể", "variant before '=': empty"},
		{"&& = c\n", 1, "không có chữ hay số", `"&&" has no letters or digits`},
		{"ok = fine\r\n\xff = x\r\n", 2, "UTF-8", "not valid UTF-8"},
		{"a = b\nc = d\ne", 3, "thiếu dấu '='", "missing '='"}, // last line without newline
	}
	for _, tt := range tests {
		_, err := ParseDictionary(strings.NewReader(tt.in), "test.txt")
		var perr *ParseError
		if !errors.As(err, &perr) {
			t.Errorf("ParseDictionary(%+q) error = %v, want a *ParseError", tt.in, err)
			continue
		}
		if perr.Name != "test.txt" || perr.Line != tt.line ||
			!strings.Contains(perr.Vi, tt.vi) || !strings.Contains(perr.En, tt.en) {
			t.Errorf("ParseDictionary(%+q) error = %#v, want line %d, %q, %q", tt.in, perr, tt.line, tt.vi, tt.en)
		}
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := ParseDictionary(strings.NewReader("# a\n\nubnd ủy ban nhân dân\n"), "dictionary.txt")
	want := "dictionary.txt:3: thiếu dấu '=' / missing '='"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestParseDictionaryReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := ParseDictionary(iotest.ErrReader(boom), "x.txt")
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "x.txt:1: ") {
		t.Errorf("error = %v, want x.txt:1: wrapping boom", err)
	}
}

func TestParseDictionaryWindows(t *testing.T) {
	// What Notepad saves: a byte order mark and CRLF line ends.
	in := "\uFEFF# từ điển\r\nUBND = Ủy  ban nhân dân\r\n"
	d, err := ParseDictionary(strings.NewReader(in), "win.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Expand("ubnd"), []string{"Ủy ban nhân dân"}; !slices.Equal(got, want) {
		t.Errorf("Expand = %q, want %q", got, want)
	}
}

const testDictionary = `
# Thử nghiệm / test
ubnd = ủy ban nhân dân
sổ đỏ, sổ hồng, gcn, gcn qsdđ = giấy chứng nhận quyền sử dụng đất
qsdđ = quyền sử dụng đất
tn&mt, tnmt = tài nguyên và môi trường
sang tên = đăng ký biến động
sang tên = chuyển nhượng
kntc = khiếu nại, tố cáo
ubnd = ủy ban nhân dân
`

func TestExpand(t *testing.T) {
	d, err := ParseDictionary(strings.NewReader(testDictionary), "test")
	if err != nil {
		t.Fatal(err)
	}
	gcn := []string{"giấy chứng nhận quyền sử dụng đất", "sổ hồng", "gcn", "gcn qsdđ"}
	tests := []struct {
		query string
		want  []string
	}{
		{"cap lai so do bi mat", gcn},
		{"Cấp lại SỔ ĐỎ bị mất", gcn},
		{"UBND tỉnh", []string{"ủy ban nhân dân"}},
		{"ubnd UBND", []string{"ủy ban nhân dân"}},
		{"Ủy ban nhân dân tỉnh", []string{"ubnd"}},
		{"Uỷ ban nhân dân", []string{"ubnd"}}, // old-style tone
		{"uy ban nhan dan", []string{"ubnd"}},
		// The longest phrase wins: "gcn qsdđ", not "gcn" and "qsdđ".
		{"GCN QSDĐ", []string{"giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "sổ hồng", "gcn"}},
		{"gcn qsdd", []string{"giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "sổ hồng", "gcn"}},
		{"qsdđ", []string{"quyền sử dụng đất"}},
		// '&' is ignored in matching but searched as written.
		{"Sở TN&MT", []string{"tài nguyên và môi trường", "tnmt"}},
		{"so tnmt", []string{"tài nguyên và môi trường", "tn&mt"}},
		{"tài nguyên và môi trường", []string{"tn&mt", "tnmt"}},
		// A phrase on several lines expands to all of them.
		{"sang tên sổ đỏ", append([]string{"đăng ký biến động", "chuyển nhượng"}, gcn...)},
		{"chuyển nhượng", []string{"sang tên"}},
		{"khiếu nại tố cáo", []string{"kntc"}},
		// Whole words only.
		{"ubndtinh", nil},
		{"subnd", nil},
		{"sổ", nil},
		{"", nil},
		{"&", nil},
	}
	for _, tt := range tests {
		if got := d.Expand(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("Expand(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
	var nilDict *Dictionary
	if got := nilDict.Expand("ubnd"); got != nil {
		t.Errorf("nil Dictionary: Expand = %q", got)
	}
}

func TestDefaultDictionary(t *testing.T) {
	d := DefaultDictionary()
	tests := []struct {
		query, want string // want is among the expansions
	}{
		{"UBND", "ủy ban nhân dân"},
		{"HĐND", "hội đồng nhân dân"},
		{"hdnd", "hội đồng nhân dân"},
		{"GCN", "giấy chứng nhận quyền sử dụng đất"},
		{"QSDĐ", "quyền sử dụng đất"},
		{"GCN QSDĐ", "giấy chứng nhận quyền sử dụng đất"},
		{"sổ đỏ", "giấy chứng nhận quyền sử dụng đất"},
		{"so hong", "giấy chứng nhận quyền sử dụng đất"},
		{"cap lai so do bi mat", "giấy chứng nhận quyền sử dụng đất"},
		{"TSGLVĐ", "tài sản gắn liền với đất"},
		{"VPĐKĐĐ", "văn phòng đăng ký đất đai"},
		{"ĐTM", "đánh giá tác động môi trường"},
		{"ĐMC", "đánh giá môi trường chiến lược"},
		{"GPMT", "giấy phép môi trường"},
		{"TN&MT", "tài nguyên và môi trường"},
		{"TNMT", "tài nguyên và môi trường"},
		{"TNMT", "tn&mt"},
		{"STNMT", "sở tài nguyên và môi trường"},
		{"Sở TN&MT", "sở tài nguyên và môi trường"},
		{"NN&MT", "nông nghiệp và môi trường"},
		{"QHSDĐ", "quy hoạch sử dụng đất"},
		{"KHSDĐ", "kế hoạch sử dụng đất"},
		{"BTHT&TĐC", "bồi thường, hỗ trợ và tái định cư"},
		{"GPMB", "giải phóng mặt bằng"},
		{"TTHC", "thủ tục hành chính"},
		{"kiểm soát TTHC", "thủ tục hành chính"},
		{"DVCTT", "dịch vụ công trực tuyến"},
		{"KNTC", "khiếu nại, tố cáo"},
		{"đền bù", "bồi thường"},
		{"den bu giai toa", "bồi thường"},
		{"bồi thường", "đền bù"},
		{"sang tên", "đăng ký biến động"},
		{"sang tên", "chuyển nhượng"},
		{"BVMT", "bảo vệ môi trường"},
		{"TNN", "tài nguyên nước"},
		{"UBND tỉnh", "ủy ban nhân dân"},
	}
	for _, tt := range tests {
		if got := d.Expand(tt.query); !slices.Contains(got, tt.want) {
			t.Errorf("Expand(%q) = %q, want it to contain %q", tt.query, got, tt.want)
		}
	}
	// The canonical phrase comes first.
	if got := d.Expand("cap lai so do bi mat"); len(got) == 0 || got[0] != "giấy chứng nhận quyền sử dụng đất" {
		t.Errorf("Expand(cap lai so do bi mat) = %q, want the canonical phrase first", got)
	}
	// "thủ tục" alone names any procedure, not administrative procedures
	// as a subject.
	if got := d.Expand("thủ tục tách thửa"); got != nil {
		t.Errorf("Expand(thủ tục tách thửa) = %q, want nil", got)
	}
	// "KS" is ambiguous (khoáng sản, kỹ sư, khách sạn) and left out.
	if got := d.Expand("KS"); got != nil {
		t.Errorf("Expand(KS) = %q, want nil", got)
	}
	if DefaultDictionary() != d {
		t.Error("DefaultDictionary parses more than once")
	}
}

// TestDictionaryMarshalText checks that a dictionary written out and parsed
// back expands every query the same way.
func TestDictionaryMarshalText(t *testing.T) {
	d := DefaultDictionary()
	text, err := d.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseDictionary(strings.NewReader(string(text)), "marshalled")
	if err != nil {
		t.Fatalf("parsing MarshalText output: %v\n%s", err, text)
	}
	for _, q := range []string{"UBND tỉnh", "sổ đỏ bị mất", "GCN QSDĐ", "TN&MT", "KNTC", "sang tên", "bồi thường", "đền bù", "BTHT&TĐC", "không có gì"} {
		if got, want := back.Expand(q), d.Expand(q); !slices.Equal(got, want) {
			t.Errorf("Expand(%q) after MarshalText = %q, want %q", q, got, want)
		}
	}
	var nilDict *Dictionary
	if text, err := nilDict.MarshalText(); err != nil || len(text) != 0 {
		t.Errorf("nil Dictionary: MarshalText = %q, %v", text, err)
	}
}

func TestExpandEach(t *testing.T) {
	d := DefaultDictionary()
	got := d.ExpandEach("UBND cấp GCN bị mất")
	if len(got) != 2 {
		t.Fatalf("ExpandEach = %q, want two groups", got)
	}
	if !slices.Contains(got[0], "ủy ban nhân dân") || !slices.Contains(got[1], "giấy chứng nhận quyền sử dụng đất") {
		t.Errorf("ExpandEach = %q, want UBND's expansions then GCN's", got)
	}
	var flat []string
	for _, g := range got {
		flat = append(flat, g...)
	}
	if want := d.Expand("UBND cấp GCN bị mất"); !slices.Equal(flat, want) {
		t.Errorf("ExpandEach flattened = %q, Expand = %q", flat, want)
	}
	if got := d.ExpandEach("không có gì"); got != nil {
		t.Errorf("ExpandEach(no phrase) = %q, want nil", got)
	}
}
