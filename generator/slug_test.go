package generator

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/minhbach/minhbach/model"
	"golang.org/x/text/unicode/norm"
)

// slugInputs are the titles whose slugs testdata/slugs.golden records.
// Add a title here and run with -update to record its slug.
var slugInputs = []string{
	"Luật Đất đai",
	"Đất đai",
	"ĐẤT ĐAI",
	"đất ĐAI",
	"Ð", // U+00D0 LATIN CAPITAL LETTER ETH, which looks like Đ
	"ð", // U+00F0
	"Thủy",
	"Thuỷ", // old-style tone placement
	"Quyết định 737/QĐ-UBND",
	"Nghị định 43/2014/NĐ-CP",
	"Luật số 45/2013/QH13",
	"  Đất   đai  ",
	"Đất, đai; và... môi-trường!!",
	"--Tài nguyên -- nước--",
	"Thủ tục 1.004227",
	"Giấy chứng nhận quyền sử dụng đất (sổ đỏ)",
	"Cấp lại GCN QSDĐ",
	"Phường Nghĩa Lộ, TP. Quảng Ngãi",
	"Ưu tiên Ơn Ấn Ẩn Ẫn Ậ",
	"ngày 29/11/2013",
	"100% miễn phí",
	"Đường “ven biển” – giai đoạn 2",
	"",
	"   ",
	"!!!",
}

// TestSlugifyGolden checks every slug against testdata/slugs.golden,
// whose lines are a quoted title, a tab and the quoted slug.
func TestSlugifyGolden(t *testing.T) {
	var buf bytes.Buffer
	buf.WriteString("# Slugify golden table: \"title\"<TAB>\"slug\". Rewrite with go test ./generator/ -update.\n")
	for _, in := range slugInputs {
		fmt.Fprintf(&buf, "%s\t%s\n", strconv.Quote(in), strconv.Quote(Slugify(in)))
	}
	golden(t, "slugs.golden", buf.Bytes())

	// The golden file must also parse back into the same table, so that a
	// hand edit to it is checked rather than silently ignored.
	f, err := os.Open(filepath.Join("testdata", "slugs.golden"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		qin, qwant, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("slugs.golden: line %q has no tab", line)
		}
		in, err1 := strconv.Unquote(qin)
		want, err2 := strconv.Unquote(qwant)
		if err1 != nil || err2 != nil {
			t.Fatalf("slugs.golden: line %q is not two quoted strings", line)
		}
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, golden %q", in, got, want)
		}
		n++
	}
	if n != len(slugInputs) {
		t.Errorf("slugs.golden has %d rows, the test %d; run with -update", n, len(slugInputs))
	}
}

// TestSlugifyContract pins the slugs content.md promises, independently
// of the golden file, so that -update cannot bless a wrong slug.
func TestSlugifyContract(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Luật Đất đai", "luat-dat-dai"},
		{"Đất đai", "dat-dai"},
		{"ĐẤT ĐAI", "dat-dai"},
		{"\u00d0", "d"},
		{"Thủy", "thuy"},
		{"Thuỷ", "thuy"},
		{"Quyết định 737/QĐ-UBND", "quyet-dinh-737-qd-ubnd"},
		{"  Đất , ; đai  ", "dat-dai"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSlugifyNormalForms checks that text typed on macOS or pasted from
// Word (NFD) gives the same slug as NFC, so one title has one URL.
func TestSlugifyNormalForms(t *testing.T) {
	for _, in := range slugInputs {
		nfc, nfd := norm.NFC.String(in), norm.NFD.String(in)
		if nfc != in && nfd != in {
			t.Fatalf("input %q is neither NFC nor NFD", in)
		}
		if a, b := Slugify(nfc), Slugify(nfd); a != b {
			t.Errorf("Slugify NFC %q = %q but NFD = %q", in, a, b)
		}
	}
	// Guard the guard: the NFD form of a Vietnamese title really differs.
	if norm.NFD.String("Thủy") == "Thủy" {
		t.Fatal("NFD did not decompose; the test above proves nothing")
	}
}

// TestSlugifyOutputAlphabet checks that every slug is a clean URL
// segment: lower-case ASCII letters, digits and single inner hyphens.
func TestSlugifyOutputAlphabet(t *testing.T) {
	for _, in := range slugInputs {
		s := Slugify(in)
		if strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
			t.Errorf("Slugify(%q) = %q: stray hyphens", in, s)
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("Slugify(%q) = %q: character %q is not URL-safe", in, s, r)
			}
		}
	}
}

// TestHeadingIDs renders Markdown as the build does and checks the
// anchors readers link to: folded like slugs, unique within a page.
func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantHTML []string
		headings []model.Heading
	}{
		{
			name:     "Vietnamese heading",
			src:      "## Đất đai\n",
			wantHTML: []string{`<h2 id="dat-dai">Đất đai</h2>`},
			headings: []model.Heading{{Level: 2, ID: "dat-dai", Text: "Đất đai"}},
		},
		{
			name: "duplicates numbered",
			src:  "## Đất đai\n\ntext\n\n## Đất đai\n\n### ĐẤT ĐAI\n",
			wantHTML: []string{`<h2 id="dat-dai">Đất đai</h2>`, `<h2 id="dat-dai-1">Đất đai</h2>`,
				`<h3 id="dat-dai-2">ĐẤT ĐAI</h3>`},
			headings: []model.Heading{{Level: 2, ID: "dat-dai", Text: "Đất đai"}, {Level: 2, ID: "dat-dai-1", Text: "Đất đai"}, {Level: 3, ID: "dat-dai-2", Text: "ĐẤT ĐAI"}},
		},
		{
			name:     "inline markup and document number",
			src:      "# Quyết định **737/QĐ-UBND**\n\n## Điều 1. `Phạm vi`\n",
			wantHTML: []string{`<h1 id="quyet-dinh-737-qd-ubnd">`, `<h2 id="dieu-1-pham-vi">`},
			headings: []model.Heading{{Level: 1, ID: "quyet-dinh-737-qd-ubnd", Text: "Quyết định 737/QĐ-UBND"}, {Level: 2, ID: "dieu-1-pham-vi", Text: "Điều 1. Phạm vi"}},
		},
		{
			name:     "setext heading",
			src:      "Trình tự thực hiện\n---\n",
			wantHTML: []string{`<h2 id="trinh-tu-thuc-hien">`},
			headings: []model.Heading{{Level: 2, ID: "trinh-tu-thuc-hien", Text: "Trình tự thực hiện"}},
		},
		{
			name:     "no letters",
			src:      "## ???\n\n## !!!\n",
			wantHTML: []string{`<h2 id="muc">`, `<h2 id="muc-1">`},
			headings: []model.Heading{{Level: 2, ID: "muc", Text: "???"}, {Level: 2, ID: "muc-1", Text: "!!!"}},
		},
	}
	md := newMarkdown(&Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, _, heads, err := md.render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.wantHTML {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %s\n%s", w, html)
				}
			}
			if fmt.Sprint(heads) != fmt.Sprint(tt.headings) {
				t.Errorf("headings = %+v\nwant %+v", heads, tt.headings)
			}
		})
	}
}

// TestHeadingIDsPerPage checks that IDs restart on every page: the
// numbering of one page must not leak into the next one rendered.
func TestHeadingIDsPerPage(t *testing.T) {
	md := newMarkdown(&Config{})
	for i := 0; i < 3; i++ {
		html, _, _, err := md.render("## Đất đai\n")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html, `id="dat-dai"`) {
			t.Fatalf("render %d: %s", i+1, html)
		}
	}
}

// TestHeadingAvoidsLayoutIDs checks that a body heading never takes an
// ID a layout uses for its own part: "## Nội dung" must not steal the
// skip link's target "noi-dung".
func TestHeadingAvoidsLayoutIDs(t *testing.T) {
	ids := themeIDs(newTheme(t.TempDir()))
	if !slices.Contains(ids, "noi-dung") {
		t.Fatalf("the default layouts' IDs were not found: %v", ids)
	}
	md := newMarkdown(&Config{})
	md.reserved = ids
	html, _, _, err := md.render("## Nội dung\n\nA\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, `id="noi-dung-1"`) {
		t.Fatalf("heading took a layout's ID: %s", html)
	}
}
