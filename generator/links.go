package generator

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/minhbach/minhbach/model"
)

// linkPath is the page a link leads to: its path without query or
// fragment, unescaped.
func linkPath(target string) string {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	if t, err := url.PathUnescape(target); err == nil {
		target = t
	}
	return target
}

// siteLinks returns the site-relative targets of href and src
// attributes in rendered HTML, in order, as paths (see linkPath). A plain scan: this runs on every
// page of every build.
func siteLinks(h string) []string {
	var out []string
	for _, attr := range []string{` href="/`, ` src="/`} {
		rest := h
		for {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr)-1:]
			end := strings.IndexByte(rest, '"')
			if end < 0 {
				break
			}
			out = append(out, linkPath(html.UnescapeString(rest[:end])))
			rest = rest[end:]
		}
	}
	return out
}

// linkTargets is every path of the site a link may point at, but static
// files, which are looked up on disk.
func linkTargets(s *Site, extra []string) map[string]bool {
	valid := map[string]bool{}
	for _, p := range s.Pages {
		valid[p.URL] = true
		for _, a := range p.Attachments {
			valid[a.URL] = true
		}
		for _, a := range p.Aliases {
			valid[pageURL(&model.Page{URL: a})] = true
		}
	}
	for _, sp := range systemPages {
		valid[sp.url] = true
	}
	for _, u := range extra {
		valid[u] = true
	}
	valid["/index.xml"], valid["/sitemap.xml"], valid["/robots.txt"] = true, true, true
	for _, sec := range s.Sections {
		valid[sec.URL+"index.xml"] = true
	}
	return valid
}

// checkPageLinks reports the links in p's body that point at a path of
// this site where nothing will be (valid, from linkTargets): a citizen
// following them would land on the 404 page. Links to other sites are not
// fetched (the build may run with no network).
func checkPageLinks(p *model.Page, valid map[string]bool, source string) Problems {
	if p.HTML == "" || p.Source == "" {
		return nil
	}
	var probs Problems
	for _, target := range p.Links {
		raw := target
		if target == "" {
			continue
		}
		if valid[target] || valid[target+"/"] || isPaginated(target, valid) || staticExists(source, target) {
			continue
		}
		probs = append(probs, Problem{File: contentPath(p), Line: bodyLineOf(p, raw),
			VI: fmt.Sprintf("liên kết %s không trỏ tới trang nào của cổng; kiểm tra lại địa chỉ", raw),
			EN: fmt.Sprintf("link %s points at no page of the site; check the address", raw)})
	}
	return probs
}

// isPaginated accepts ".../trang/N/" when the list exists.
func isPaginated(target string, valid map[string]bool) bool {
	i := strings.Index(target, "trang/")
	return i > 0 && valid[target[:i]]
}

func staticExists(source, target string) bool {
	rel := filepath.FromSlash(strings.TrimPrefix(target, "/"))
	if _, err := os.Stat(filepath.Join(source, "static", rel)); err == nil {
		return true
	}
	_, err := newTheme(source).ReadFile("static/" + filepath.ToSlash(rel))
	return err == nil
}

// bodyLineOf finds the line of the file where a link target is written,
// counting from the start of the body.
func bodyLineOf(p *model.Page, target string) int {
	i := strings.Index(p.Body, target)
	if i < 0 {
		return p.BodyLine
	}
	return p.BodyLine + strings.Count(p.Body[:i], "\n")
}

// checkAttachments reports a bundle's files that vanished between the
// walk and the build, and dossier forms that name a bundle file that is
// not there.
func checkAttachments(s *Site) Problems {
	var probs Problems
	for _, p := range s.Pages {
		if p.Procedure == nil {
			continue
		}
		for _, d := range p.Procedure.Dossier {
			f := d.Form
			if f == "" || strings.Contains(f, "://") || strings.Contains(f, " ") || !strings.Contains(f, ".") {
				continue // a form's name ("Mẫu số 04/ĐK") or an external URL
			}
			found := false
			for _, a := range p.Attachments {
				if a.Name == f {
					found = true
				}
			}
			if !found {
				probs = append(probs, Problem{File: contentPath(p), Line: lineOf(p, "dossier"), Key: "dossier",
					VI: fmt.Sprintf("mẫu đơn %q không có trong thư mục của trang", f),
					EN: fmt.Sprintf("form %q is not in the page's folder", f)})
			}
		}
	}
	return probs
}
