package sitegen

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/minhbach/minhbach/layouts"
)

const (
	siteTitle       = "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi"
	siteDescription = "Trang thử hiệu năng: công khai thông tin về đất đai, môi trường, tài nguyên nước và khoáng sản."
	baseURL         = "https://minhbach.example.gov.vn/"
)

// agencyTOML is the agency table, the same for both generators: minhbach
// reads it as [agency], Hugo as [params.agency].
func agencyTOML(table string) string {
	return fmt.Sprintf(`[%s]
name = %s
address = %s
phone = "0255 3822 xxx"
email = "snnmt@quangngai.gov.vn"
hours = %s
responsible = %s
`, table, tomlString(siteTitle), tomlString("163 Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi"),
		tomlString("Sáng 7 giờ – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu"),
		tomlString("Giám đốc Sở Nông nghiệp và Môi trường"))
}

// siteTOML is the minhbach configuration: pages of 20, one taxonomy (tags
// under /the/) and the sections as the main menu.
func siteTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %s\nbaseURL = %q\nlanguageCode = \"vi\"\ndescription = %s\npaginate = 20\n\n",
		tomlString(siteTitle), baseURL, tomlString(siteDescription))
	b.WriteString("[taxonomies]\ntags = \"the\"\n\n")
	b.WriteString(agencyTOML("agency"))
	for _, s := range sections {
		fmt.Fprintf(&b, "\n[[menu]]\nname = %s\nurl = \"/%s/\"\n", tomlString(s.title), s.dir)
	}
	return b.String()
}

// hugoTOML is the Hugo configuration that matches siteTOML and what
// minhbach writes: HTML for every page, feeds for the home page and the
// sections, a sitemap and robots.txt, pagination by 20 at ".../trang/N/",
// Markdown options as minhbach's (no typographer, raw HTML off).
func hugoTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %s\nbaseURL = %q\nlanguageCode = \"vi\"\ndefaultContentLanguage = \"vi\"\n",
		tomlString(siteTitle), baseURL)
	b.WriteString(`paginate = 20
paginatePath = "trang"
enableRobotsTXT = true
buildFuture = true
disableHugoGeneratorInject = true

[taxonomies]
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML"]

[markup.goldmark.extensions]
typographer = false
definitionList = false

[markup.goldmark.renderer]
unsafe = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3

[params]
`)
	fmt.Fprintf(&b, "description = %s\n\n", tomlString(siteDescription))
	b.WriteString(agencyTOML("params.agency"))
	for i, s := range sections {
		fmt.Fprintf(&b, "\n[[menu.main]]\nname = %s\nurl = \"/%s/\"\nweight = %d\n", tomlString(s.title), s.dir, i+1)
	}
	return b.String()
}

// hugoExtras are the files of the Hugo site besides content: the layouts
// from dir, and minhbach's own SCSS and static files from its default
// theme, so that both sites compile the same style sheet.
func hugoExtras(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	if err := readTree(os.DirFS(dir), ".", "layouts/", out); err != nil {
		return nil, fmt.Errorf("hugo layouts %s: %w", dir, err)
	}
	if err := readTree(layouts.FS, "assets", "assets/", out); err != nil {
		return nil, fmt.Errorf("minhbach theme assets: %w", err)
	}
	if err := readTree(layouts.FS, "static", "static/", out); err != nil {
		return nil, fmt.Errorf("minhbach theme static: %w", err)
	}
	return out, nil
}

// hugoCSS compiles minhbach's SCSS into assets/css/main.css of the Hugo
// site. The Hugo that Debian ships (0.111) has only LibSass, which does
// not know the module system (@use) of minhbach's SCSS, and its Dart
// Sass support predates the protocol of Dart Sass 1.105. So Hugo gets
// the compiled CSS (and only fingerprints it), while minhbach compiles
// the SCSS during its build: a small advantage to Hugo in the figures.
func hugoCSS(dir, sass string) error {
	if sass == "" {
		return errors.New("sitegen: Dart Sass is needed to write the Hugo site's CSS")
	}
	out, err := exec.Command(sass, "--no-source-map",
		filepath.Join(dir, "assets", "scss", "main.scss"),
		filepath.Join(dir, "assets", "css", "main.css")).CombinedOutput()
	if err != nil {
		return fmt.Errorf("dart sass: %v: %s", err, out)
	}
	return nil
}
