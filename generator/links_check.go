package generator

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/minhbach/minhbach/model"
)

// isHomePage reports whether u is the bare home page of a web site
// (https://vbpl.vn/, https://dichvucong.gov.vn): a link that names a
// site but not the document or procedure on it. A path, a query or a
// fragment makes it a deep link.
func isHomePage(u string) bool {
	v, err := url.Parse(strings.TrimSpace(u))
	if err != nil || v.Host == "" || (v.Scheme != "http" && v.Scheme != "https") {
		return false
	}
	return (v.Path == "" || v.Path == "/") && v.RawQuery == "" && v.Fragment == "" && v.Opaque == ""
}

// checkHomePageLinks warns about a source_url, an online_url or a ref's
// url that is only a site's home page: a citizen following it lands on
// the front page of the national database or portal and must search
// again. Such a link should point at the document's or the procedure's
// own page, or be left empty until that page is known.
func checkHomePageLinks(p *model.Page) Problems {
	var probs Problems
	file := contentPath(p)
	warn := func(key string, line int, u string) {
		probs = append(probs, Problem{File: file, Line: line, Key: key, Warning: true,
			VI: fmt.Sprintf("%s chỉ là trang chủ của một cổng, không phải trang của chính văn bản hay thủ tục; ghi địa chỉ trang riêng của nó, hoặc để trống nếu chưa xác nhận được", u),
			EN: fmt.Sprintf("%s is only a site's home page, not the page of the document or procedure itself; give its own page, or leave it empty until that is confirmed", u)})
	}
	if isHomePage(p.SourceURL) {
		warn("source_url", lineOf(p, "source_url"), p.SourceURL)
	}
	if p.Procedure != nil && isHomePage(p.Procedure.OnlineURL) {
		warn("online_url", lineOf(p, "online_url"), p.Procedure.OnlineURL)
	}
	for _, kr := range refsByKey(p) {
		for _, r := range kr.refs {
			if isHomePage(r.URL) {
				warn(kr.key, r.Line, r.URL)
			}
		}
	}
	return probs
}

// refsByKey is every list of refs a page has, with its front matter key.
func refsByKey(p *model.Page) []keyedRefs {
	switch {
	case p.Document != nil:
		d := p.Document
		return []keyedRefs{{"replaces", d.Replaces}, {"replaced_by", d.ReplacedBy}, {"amends", d.Amends},
			{"basis", d.Basis}, {"mentions", d.Mentions}}
	case p.Procedure != nil:
		return []keyedRefs{{"basis", p.Procedure.Basis}}
	case p.Disclosure != nil:
		return []keyedRefs{{"basis", p.Disclosure.Basis}}
	}
	return nil
}
