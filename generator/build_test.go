package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

const (
	testBase = "https://thu-nghiem.example.gov.vn"
	testNow  = "2026-11-26"
)

// buildTestSite builds testdata/site once into a fresh folder.
func buildTestSite(t *testing.T) (string, *Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: filepath.Join("testdata", "site"), Destination: out, Now: date(testNow)})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return out, res
}

// readOut reads a site path from the output: "/a/" reads a/index.html.
func readOut(t *testing.T, out, sitePath string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(outputPath(sitePath))))
	if err != nil {
		t.Fatalf("%s not written: %v", sitePath, err)
	}
	return string(b)
}

func exists(out, sitePath string) bool {
	_, err := os.Stat(filepath.Join(out, filepath.FromSlash(outputPath(sitePath))))
	return err == nil
}

func mustContain(t *testing.T, where, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %s", where, sub)
		}
	}
}

func mustNotContain(t *testing.T, where, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			t.Errorf("%s contains %s", where, sub)
		}
	}
}

// mainElement cuts the <main> element out of a page, the part a layout
// change elsewhere (header, footer) does not touch.
func mainElement(t *testing.T, page string) string {
	t.Helper()
	i, j := strings.Index(page, "<main"), strings.Index(page, "</main>")
	if i < 0 || j < i {
		t.Fatal("page has no <main> element")
	}
	return page[i:j+len("</main>")] + "\n"
}

// TestBuildSite builds the test site and checks what a citizen would see.
func TestBuildSite(t *testing.T) {
	out, res := buildTestSite(t)

	t.Run("types from sections", func(t *testing.T) {
		got := map[string]string{}
		for _, p := range res.Site.ContentPages("") {
			got[p.Source] = p.Type
		}
		want := map[string]string{
			"van-ban/luat-dat-dai-2024/index.md": "document",
			"van-ban/luat-dat-dai-2013.md":       "document",
			"thu-tuc/dang-ky-bien-dong.md":       "procedure",
			"cong-khai/phuong-an-boi-thuong.md":  "disclosure",
			"tin-tuc/hoi-nghi-moi-truong.md":     "news",
			"tin-tuc/tai-nguyen-nuoc.md":         "news",
		}
		if len(got) != len(want) {
			t.Errorf("content pages %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: type %q, want %q", k, got[k], v)
			}
		}
		if res.Summary.PagesByType["document"] != 2 || res.Summary.PagesByType["news"] != 2 {
			t.Errorf("summary %v", res.Summary)
		}
	})

	t.Run("titles", func(t *testing.T) {
		mustContain(t, "home", readOut(t, out, "/"), "<title>Cổng thử nghiệm minh bạch</title>", `<html lang="vi" data-built="`)
		mustContain(t, "document", readOut(t, out, "/van-ban/luat-dat-dai-2024/"),
			"<title>Luật Đất đai 2024 — Cổng thử nghiệm minh bạch</title>", "<h1>Luật Đất đai 2024</h1>",
			`<meta name="description" content="Luật Đất đai số 31/2024/QH15.">`,
			`<link rel="canonical" href="`+testBase+`/van-ban/luat-dat-dai-2024/">`)
		mustContain(t, "section", readOut(t, out, "/van-ban/"), "<title>Văn bản pháp luật — Cổng thử nghiệm minh bạch</title>")
		// A section without _index.md gets its default Vietnamese name.
		mustContain(t, "generated section", readOut(t, out, "/thu-tuc/"), "<h1>Thủ tục hành chính</h1>")
	})

	t.Run("urls: bundle, slug, url, title", func(t *testing.T) {
		for _, u := range []string{
			"/van-ban/luat-dat-dai-2024/",           // bundle: folder name
			"/van-ban/luat-dat-dai-2013/",           // slug from the title
			"/thu-tuc/dang-ky-bien-dong-dat-dai/",   // slug in front matter
			"/tin-tuc/2026/hoi-nghi/",               // url in front matter
			"/tin-tuc/thuy-loi-va-tai-nguyen-nuoc/", // NFD title
			"/cong-khai/lay-y-kien-phuong-an-boi-thuong-du-an-duong-ven-bien/",
		} {
			if !exists(out, u) {
				t.Errorf("%s not written", u)
			}
		}
		if exists(out, "/thu-tuc/dang-ky-bien-dong-dat-dai-2/") || exists(out, "/thu-tuc/dang-ky-bien-dong/") {
			t.Error("procedure written at a second URL")
		}
	})

	t.Run("links between pages", func(t *testing.T) {
		sec := readOut(t, out, "/van-ban/")
		mustContain(t, "/van-ban/", sec, `href="/van-ban/luat-dat-dai-2024/"`, `href="/van-ban/luat-dat-dai-2013/"`)
		doc := readOut(t, out, "/van-ban/luat-dat-dai-2024/")
		mustContain(t, "document", doc, `href="/van-ban/luat-dat-dai-2013/"`, `href="/thu-tuc/dang-ky-bien-dong-dat-dai/"`,
			`href="/van-ban/"`) // breadcrumb
		home := readOut(t, out, "/")
		mustContain(t, "home", home, `href="/van-ban/luat-dat-dai-2024/"`, `href="/thu-tuc/dang-ky-bien-dong-dat-dai/"`)
		mustContain(t, "/tin-tuc/", readOut(t, out, "/tin-tuc/"), `href="/tin-tuc/2026/hoi-nghi/"`, `href="/tin-tuc/thuy-loi-va-tai-nguyen-nuoc/"`)
	})

	t.Run("element IDs unique on every page", func(t *testing.T) {
		// The body has headings "Nội dung" and "Thành phần hồ sơ", whose
		// IDs the layouts also use (skip link, procedure sections).
		checkUniqueIDs(t, out)
		mustContain(t, "procedure", readOut(t, out, "/thu-tuc/dang-ky-bien-dong-dat-dai/"), ">Thành phần hồ sơ</h2>")
	})

	t.Run("no broken internal links", func(t *testing.T) {
		checkInternalLinks(t, out)
	})

	t.Run("status and dates in lists", func(t *testing.T) {
		sec := readOut(t, out, "/van-ban/")
		// 2013 law: replaced by the 2024 law, in force since 2024-08-01.
		mustContain(t, "/van-ban/", sec,
			`<span class="status status-expired" data-timeline="[[&#34;&#34;,&#34;not-yet&#34;,&#34;chưa có hiệu lực&#34;],[&#34;2014-07-01&#34;,&#34;in-force&#34;,&#34;còn hiệu lực&#34;],[&#34;2024-08-01&#34;,&#34;expired&#34;,&#34;hết hiệu lực toàn bộ&#34;]]">hết hiệu lực toàn bộ</span>`,
			`">còn hiệu lực</span>`,
			`<time datetime="2013-11-29">29/11/2013</time>`, // YAML "29/11/2013"
			`<time datetime="2024-01-18">18/01/2024</time>`, // TOML date
		)
		mustContain(t, "/tin-tuc/", readOut(t, out, "/tin-tuc/"), `<time datetime="2026-10-15">15/10/2026</time>`)
		// Newest first.
		if strings.Index(sec, "/van-ban/luat-dat-dai-2024/") > strings.Index(sec, "/van-ban/luat-dat-dai-2013/") {
			t.Error("/van-ban/ lists the older law first")
		}
	})

	t.Run("markdown", func(t *testing.T) {
		doc := readOut(t, out, "/van-ban/luat-dat-dai-2024/")
		mustContain(t, "document", doc,
			`<h2 id="dat-dai">Đất đai</h2>`, `<h2 id="dat-dai-1">Đất đai</h2>`,
			`<table tabindex="0">`, "<th>Điều</th>", "<td>Phạm vi điều chỉnh</td>",
			`<input checked="" disabled="" type="checkbox"`, `<input disabled="" type="checkbox"`,
			`class="footnotes"`, `href="#fn:1"`, "Thông qua ngày 18 tháng 01 năm 2024.",
			`&lt;script&gt;alert(`)
		mustNotContain(t, "document", doc, `<script>alert(`)
	})

	t.Run("NFD content is NFC in output", func(t *testing.T) {
		p := readOut(t, out, "/tin-tuc/thuy-loi-va-tai-nguyen-nuoc/")
		mustContain(t, "NFD page", p, "<h1>Thủy lợi và tài nguyên nước</h1>", "Nước sạch cho người dân vùng hạn hán.")
		walkOut(t, out, func(rel string, b []byte) {
			if (strings.HasSuffix(rel, ".html") || strings.HasSuffix(rel, ".xml") || strings.HasSuffix(rel, ".json")) && !norm.NFC.IsNormal(b) {
				t.Errorf("%s is not NFC", rel)
			}
		})
		mustContain(t, "/linh-vuc/", readOut(t, out, "/linh-vuc/"), `href="/linh-vuc/tai-nguyen-nuoc/">Tài nguyên nước`)
	})

	t.Run("draft not published", func(t *testing.T) {
		walkOut(t, out, func(rel string, b []byte) {
			if strings.Contains(string(b), "Bản nháp") || strings.Contains(rel, "ban-nhap") {
				t.Errorf("draft shows in %s", rel)
			}
		})
	})

	t.Run("attachment copied beside the page", func(t *testing.T) {
		want, err := os.ReadFile(filepath.Join("testdata", "site", "content", "van-ban", "luat-dat-dai-2024", "van-ban-goc.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, "van-ban", "luat-dat-dai-2024", "van-ban-goc.pdf"))
		if err != nil || string(got) != string(want) {
			t.Errorf("attachment not copied intact: %v", err)
		}
		p := pageBySource(t, res.Site, "van-ban/luat-dat-dai-2024/index.md")
		if len(p.Attachments) != 1 || p.Attachments[0].URL != "/van-ban/luat-dat-dai-2024/van-ban-goc.pdf" || p.Attachments[0].Format != "PDF" {
			t.Errorf("attachments = %+v", p.Attachments)
		}
		// The bundle's index.md is the page, not a file to download.
		if exists(out, "/van-ban/luat-dat-dai-2024/index.md") {
			t.Error("index.md copied into the output")
		}
	})

	t.Run("alias redirects", func(t *testing.T) {
		a := readOut(t, out, "/luat-dat-dai-cu/")
		target := testBase + "/van-ban/luat-dat-dai-2013/"
		mustContain(t, "alias", a, `<meta http-equiv="refresh" content="0; url=`+target+`">`,
			`<link rel="canonical" href="`+target+`">`, `<meta name="robots" content="noindex">`)
	})

	t.Run("taxonomies", func(t *testing.T) {
		term := readOut(t, out, "/linh-vuc/dat-dai/")
		mustContain(t, "/linh-vuc/dat-dai/", term, "<h1>Đất đai</h1>",
			`href="/van-ban/luat-dat-dai-2024/"`, `href="/van-ban/luat-dat-dai-2013/"`,
			`href="/thu-tuc/dang-ky-bien-dong-dat-dai/"`,
			`href="/cong-khai/lay-y-kien-phuong-an-boi-thuong-du-an-duong-ven-bien/"`)
		mustNotContain(t, "/linh-vuc/dat-dai/", mainElement(t, term), `href="/tin-tuc/`)
		mustContain(t, "/linh-vuc/moi-truong/", readOut(t, out, "/linh-vuc/moi-truong/"), `href="/tin-tuc/2026/hoi-nghi/"`)
		mustContain(t, "/linh-vuc/", readOut(t, out, "/linh-vuc/"), `href="/linh-vuc/dat-dai/"`, `href="/linh-vuc/moi-truong/"`)
		for _, u := range []string{"/loai-van-ban/luat/", "/co-quan-ban-hanh/quoc-hoi/", "/cap-thuc-hien/cap-tinh/",
			"/co-quan-thuc-hien/van-phong-dang-ky-dat-dai/", "/the/luat/"} {
			if !exists(out, u) {
				t.Errorf("%s not written", u)
			}
		}
	})

	t.Run("terms in Vietnamese dictionary order", func(t *testing.T) {
		// Byte order would put Đ after T.
		page := mainElement(t, readOut(t, out, "/linh-vuc/"))
		d, m, n := strings.Index(page, "/linh-vuc/dat-dai/"), strings.Index(page, "/linh-vuc/moi-truong/"), strings.Index(page, "/linh-vuc/tai-nguyen-nuoc/")
		if d < 0 || m < 0 || n < 0 || !(d < m && m < n) {
			t.Errorf("/linh-vuc/ order: Đất đai at %d, Môi trường at %d, Tài nguyên nước at %d", d, m, n)
		}
	})

	t.Run("relations shown on both pages", func(t *testing.T) {
		links := []struct{ from, to string }{
			{"/van-ban/luat-dat-dai-2013/", "/van-ban/luat-dat-dai-2024/"},         // replaced_by
			{"/van-ban/luat-dat-dai-2024/", "/van-ban/luat-dat-dai-2013/"},         // replaces, computed
			{"/thu-tuc/dang-ky-bien-dong-dat-dai/", "/van-ban/luat-dat-dai-2024/"}, // basis
			{"/van-ban/luat-dat-dai-2024/", "/thu-tuc/dang-ky-bien-dong-dat-dai/"}, // cited by, computed
		}
		for _, l := range links {
			body := readOut(t, out, l.from)
			// The 2024 law also links to both in its Markdown body; look
			// past the body, at what the generator computed.
			if i := strings.Index(body, `<div class="content">`); i >= 0 {
				if j := strings.Index(body[i:], "</div>\n"); j >= 0 {
					body = body[:i] + body[i+j:]
				}
			}
			mustContain(t, l.from, mainElement(t, body), `href="`+l.to+`"`)
		}
	})

	t.Run("sitemap", func(t *testing.T) {
		var sm struct {
			XMLName xml.Name
			URLs    []struct {
				Loc     string `xml:"loc"`
				Lastmod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(readOut(t, out, "/sitemap.xml")), &sm); err != nil {
			t.Fatal(err)
		}
		if sm.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || sm.XMLName.Local != "urlset" {
			t.Errorf("root element %v", sm.XMLName)
		}
		locs := map[string]bool{}
		for _, u := range sm.URLs {
			locs[u.Loc] = true
			path, ok := strings.CutPrefix(u.Loc, testBase+"/")
			if !ok {
				t.Errorf("sitemap URL %s is not under %s/", u.Loc, testBase)
				continue
			}
			if !exists(out, "/"+path) {
				t.Errorf("sitemap lists %s, which was not written", u.Loc)
			}
		}
		for _, u := range []string{"/", "/van-ban/", "/van-ban/luat-dat-dai-2024/", "/van-ban/luat-dat-dai-2013/",
			"/thu-tuc/dang-ky-bien-dong-dat-dai/", "/tin-tuc/2026/hoi-nghi/", "/linh-vuc/dat-dai/"} {
			if !locs[testBase+u] {
				t.Errorf("sitemap lacks %s", u)
			}
		}
		for l := range locs {
			if strings.Contains(l, "ban-nhap") || strings.Contains(l, "luat-dat-dai-cu") {
				t.Errorf("sitemap lists %s", l)
			}
		}
	})

	t.Run("feeds", func(t *testing.T) {
		tests := []struct {
			path string
			want []string
		}{
			{"/index.xml", []string{"/van-ban/luat-dat-dai-2024/", "/van-ban/luat-dat-dai-2013/", "/thu-tuc/dang-ky-bien-dong-dat-dai/",
				"/cong-khai/lay-y-kien-phuong-an-boi-thuong-du-an-duong-ven-bien/", "/tin-tuc/2026/hoi-nghi/", "/tin-tuc/thuy-loi-va-tai-nguyen-nuoc/"}},
			{"/van-ban/index.xml", []string{"/van-ban/luat-dat-dai-2024/", "/van-ban/luat-dat-dai-2013/"}},
			{"/tin-tuc/index.xml", []string{"/tin-tuc/2026/hoi-nghi/", "/tin-tuc/thuy-loi-va-tai-nguyen-nuoc/"}},
			{"/thu-tuc/index.xml", []string{"/thu-tuc/dang-ky-bien-dong-dat-dai/"}},
		}
		for _, tt := range tests {
			var feed struct {
				XMLName xml.Name
				Title   string `xml:"title"`
				Entries []struct {
					Title string `xml:"title"`
					Link  struct {
						Href string `xml:"href,attr"`
					} `xml:"link"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal([]byte(readOut(t, out, tt.path)), &feed); err != nil {
				t.Errorf("%s: %v", tt.path, err)
				continue
			}
			if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.Title == "" {
				t.Errorf("%s: root %v, title %q", tt.path, feed.XMLName, feed.Title)
			}
			var got []string
			for _, e := range feed.Entries {
				got = append(got, strings.TrimPrefix(e.Link.Href, testBase))
			}
			sort.Strings(got)
			sort.Strings(tt.want)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%s entries:\n got %v\nwant %v", tt.path, got, tt.want)
			}
		}
	})

	t.Run("css compiled and fingerprinted", func(t *testing.T) {
		matches, _ := filepath.Glob(filepath.Join(out, "css", "main.*.css"))
		if len(matches) != 1 {
			t.Fatalf("css files: %v", matches)
		}
		css, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(css) < 100 || strings.Contains(string(css), "$") || strings.Contains(string(css), "@use") || strings.Contains(string(css), "@import") {
			t.Errorf("CSS does not look compiled: %.200s", css)
		}
		sum := sha256.Sum256(css)
		if want := "main." + hex.EncodeToString(sum[:4]) + ".css"; filepath.Base(matches[0]) != want {
			t.Errorf("CSS named %s, its content hashes to %s", filepath.Base(matches[0]), want)
		}
		href := `href="/css/` + filepath.Base(matches[0]) + `"`
		mustContain(t, "home", readOut(t, out, "/"), href)
		mustContain(t, "404", readOut(t, out, "/404.html"), href)
	})

	t.Run("404 and robots", func(t *testing.T) {
		mustContain(t, "404.html", readOut(t, out, "/404.html"), "Không tìm thấy trang", `href="/"`)
		mustContain(t, "robots.txt", readOut(t, out, "/robots.txt"), "User-agent: *", "Sitemap: "+testBase+"/sitemap.xml")
	})

	t.Run("open data", func(t *testing.T) {
		var docs []OpenDocument
		if err := json.Unmarshal([]byte(readOut(t, out, "/du-lieu/van-ban.json")), &docs); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, d := range docs {
			got[d.Number] = d.Status + " " + d.StatusAsOf
		}
		want := map[string]string{"31/2024/QH15": "còn hiệu lực " + testNow, "45/2013/QH13": "hết hiệu lực toàn bộ " + testNow}
		if len(got) != len(want) || got["31/2024/QH15"] != want["31/2024/QH15"] || got["45/2013/QH13"] != want["45/2013/QH13"] {
			t.Errorf("open data statuses %v, want %v", got, want)
		}
	})

	t.Run("golden document main", func(t *testing.T) {
		golden(t, "golden/document-main.html", []byte(mainElement(t, readOut(t, out, "/van-ban/luat-dat-dai-2024/"))))
	})
}

// walkOut calls f with every output file.
func walkOut(t *testing.T, out string, f func(rel string, b []byte)) {
	t.Helper()
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		f(filepath.ToSlash(rel), b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var localLink = regexp.MustCompile(`(?:href|src|action)="(/[^"/][^"]*|/)"`)

// checkInternalLinks follows every site-relative link in every page and
// reports those that lead to no file: a citizen would get the 404 page.
func checkInternalLinks(t *testing.T, out string) {
	t.Helper()
	// Pages the search server fills in at run time, not the generator.
	// Paths the search server answers, not files the generator writes.
	dynamic := map[string]bool{"/tim-kiem/": true, "/embed/": true, "/api/search": true, "/embed.js": true, "/api/feedback": true, "/api/useful": true, "/bao-cao-y-kien/": true, "/du-lieu/hai-long.json": true, "/du-lieu/hai-long.csv": true}
	walkOut(t, out, func(rel string, b []byte) {
		if !strings.HasSuffix(rel, ".html") || strings.HasPrefix(rel, ".minhbach/") {
			return // the server's templates are not pages
		}
		for _, m := range localLink.FindAllStringSubmatch(string(b), -1) {
			u := m[1]
			if i := strings.IndexAny(u, "?#"); i >= 0 {
				u = u[:i]
			}
			if dynamic[u] {
				continue
			}
			if !exists(out, u) {
				t.Errorf("%s links to %s, which is not in the output", rel, m[1])
			}
		}
	})
}

var idAttr = regexp.MustCompile(`\sid="([^"]+)"`)

// checkUniqueIDs reports an element ID used twice in one page: links to
// it, the table of contents and the skip link jump to the wrong place.
func checkUniqueIDs(t *testing.T, out string) {
	t.Helper()
	walkOut(t, out, func(rel string, b []byte) {
		if !strings.HasSuffix(rel, ".html") {
			return
		}
		seen := map[string]bool{}
		for _, m := range idAttr.FindAllStringSubmatch(string(b), -1) {
			if seen[m[1]] {
				t.Errorf("%s: id %q used twice", rel, m[1])
			}
			seen[m[1]] = true
		}
	})
}

// TestBuildPagination checks lists longer than paginate: page k at
// URL/trang/k/, linked both ways, each showing the right pages.
func TestBuildPagination(t *testing.T) {
	content := map[string]string{}
	days := []string{"01", "02", "03", "04", "05"}
	for i, d := range days {
		content["tin-tuc/tin-"+d+".md"] = "+++\ntitle = \"Tin ngày " + d + "\"\ndate = 2024-03-" + d + "\nfields = [\"Đất đai\"]\n+++\n"
		_ = i
	}
	src := newSite(t, content)
	writeTree(t, src, map[string]string{"site.toml": minimalConfig + "paginate = 2\n"})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: out, Now: date("2024-04-01")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path       string
		items      []string // newest first
		prev, next string
	}{
		{"/tin-tuc/", []string{"tin-ngay-05", "tin-ngay-04"}, "", "/tin-tuc/trang/2/"},
		{"/tin-tuc/trang/2/", []string{"tin-ngay-03", "tin-ngay-02"}, "/tin-tuc/", "/tin-tuc/trang/3/"},
		{"/tin-tuc/trang/3/", []string{"tin-ngay-01"}, "/tin-tuc/trang/2/", ""},
		{"/linh-vuc/dat-dai/trang/3/", []string{"tin-ngay-01"}, "/linh-vuc/dat-dai/trang/2/", ""},
	}
	for _, tt := range tests {
		page := mainElement(t, readOut(t, out, tt.path))
		got := regexp.MustCompile(`href="/tin-tuc/(tin-ngay-\d+)/"`).FindAllStringSubmatch(page, -1)
		var names []string
		for _, g := range got {
			names = append(names, g[1])
		}
		if strings.Join(names, " ") != strings.Join(tt.items, " ") {
			t.Errorf("%s lists %v, want %v", tt.path, names, tt.items)
		}
		if tt.prev != "" {
			mustContain(t, tt.path, page, `href="`+tt.prev+`" rel="prev"`)
		} else {
			mustNotContain(t, tt.path, page, `rel="prev"`)
		}
		if tt.next != "" {
			mustContain(t, tt.path, page, `href="`+tt.next+`" rel="next"`)
		} else {
			mustNotContain(t, tt.path, page, `rel="next"`)
		}
	}
	for _, u := range []string{"/tin-tuc/trang/1/", "/tin-tuc/trang/4/"} {
		if exists(out, u) {
			t.Errorf("%s written", u)
		}
	}
	checkInternalLinks(t, out)
}

// hashTree returns the SHA-256 of every file under dir, by relative path.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	walkOut(t, dir, func(rel string, b []byte) {
		s := sha256.Sum256(b)
		sums[rel] = hex.EncodeToString(s[:])
	})
	return sums
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildAtomic checks that a failed build, whether content or a
// layout is at fault, leaves the last good site byte for byte, lists
// every problem, and leaves no temporary folder behind.
func TestBuildAtomic(t *testing.T) {
	src := t.TempDir()
	copyTree(t, filepath.Join("testdata", "site"), src)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build := func() error {
		_, err := Build(context.Background(), Options{Source: src, Destination: out, Now: date(testNow)})
		return err
	}
	if err := build(); err != nil {
		t.Fatalf("first build: %v", err)
	}
	before := hashTree(t, out)
	if len(before) < 20 {
		t.Fatalf("first build wrote only %d files", len(before))
	}
	onlyOutputLeft := func() {
		t.Helper()
		entries, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) != 1 || names[0] != "public" {
			t.Errorf("beside the output: %v, want only public", names)
		}
	}
	unchanged := func() {
		t.Helper()
		after := hashTree(t, out)
		if len(after) != len(before) {
			t.Errorf("output has %d files, had %d", len(after), len(before))
		}
		for rel, sum := range before {
			if after[rel] != sum {
				t.Errorf("%s changed or vanished", rel)
			}
		}
	}
	edit := func(rel, old, new string) (restore func()) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(rel))
		orig, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(orig), old) {
			t.Fatalf("%s lacks %q", rel, old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(orig), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return func() {
			if err := os.WriteFile(p, orig, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	t.Run("content problems", func(t *testing.T) {
		r1 := edit("content/tin-tuc/hoi-nghi-moi-truong.md", `date = 2026-10-20`, `date = 2026-10-20 xx`)
		r2 := edit("content/thu-tuc/dang-ky-bien-dong.md", `processing_days = 10`, "processing_days = 10\nprocesing_time = \"10 ngày\"")
		defer r1()
		defer r2()
		err := build()
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("Build error %v (%T), want Problems", err, err)
		}
		lines := strings.Split(err.Error(), "\n")
		want := []string{"content/thu-tuc/dang-ky-bien-dong.md:10: ", "content/tin-tuc/hoi-nghi-moi-truong.md:3: "}
		if len(lines) != len(want) {
			t.Fatalf("error lists %d problems, want %d:\n%v", len(lines), len(want), err)
		}
		for i, w := range want {
			if !strings.HasPrefix(lines[i], w) {
				t.Errorf("problem %d = %q, want prefix %q", i+1, lines[i], w)
			}
		}
		unchanged()
		onlyOutputLeft()
	})

	t.Run("layout fails while rendering", func(t *testing.T) {
		// The template parses but fails on execution, after the
		// temporary folder has been filled in part.
		writeTree(t, src, map[string]string{"layouts/_default/baseof.html": `<!DOCTYPE html><title>{{ .Page.Title }}</title>{{ block "main" . }}{{ end }}{{ if eq .Page.Type "news" }}{{ .Page.NoSuchField }}{{ end }}`})
		defer os.RemoveAll(filepath.Join(src, "layouts"))
		err := build()
		if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
			t.Fatalf("Build error = %v, want the template error", err)
		}
		unchanged()
		onlyOutputLeft()
	})

	t.Run("a good build replaces the output whole", func(t *testing.T) {
		if err := os.Remove(filepath.Join(src, "content", "tin-tuc", "hoi-nghi-moi-truong.md")); err != nil {
			t.Fatal(err)
		}
		restore := edit("content/van-ban/luat-dat-dai-2013.md", "title: Luật Đất đai 2013", "title: Luật Đất đai 2013 (hết hiệu lực)\nslug: luat-dat-dai-2013")
		defer restore()
		if err := build(); err != nil {
			t.Fatal(err)
		}
		if exists(out, "/tin-tuc/2026/hoi-nghi/") {
			t.Error("a deleted page is still in the output")
		}
		mustContain(t, "edited page", readOut(t, out, "/van-ban/luat-dat-dai-2013/"), "<h1>Luật Đất đai 2013 (hết hiệu lực)</h1>")
		onlyOutputLeft()
	})
}
