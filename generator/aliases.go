package generator

import (
	"fmt"

	"github.com/minhbach/minhbach/model"
)

// checkAliases reports aliases that would land on a page or on another
// alias. Redirects are written after the pages, so such an alias would
// replace a page citizens expect with a redirect, or, on the page's own
// URL, send the browser round in a loop.
func (s *Site) checkAliases() Problems {
	var probs Problems
	system := map[string]bool{}
	for _, sp := range systemPages {
		system[sp.url] = true
	}
	taken := map[string]*model.Page{} // alias URL -> the page that has it
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			u := pageURL(&model.Page{URL: a})
			var vi, en string
			if other, ok := s.byURL[u]; ok || system[u] {
				name := u
				if other != nil {
					name = contentPath(other)
				}
				vi = fmt.Sprintf("địa chỉ cũ %s đang là địa chỉ của trang %s; trang chuyển hướng sẽ thay mất trang đó", u, name)
				en = fmt.Sprintf("alias %s is the address of the page %s; its redirect would replace that page", u, name)
			} else if prev, ok := taken[u]; ok && prev != p {
				vi = fmt.Sprintf("địa chỉ cũ %s đã là địa chỉ cũ của %s", u, contentPath(prev))
				en = fmt.Sprintf("alias %s is already an alias of %s", u, contentPath(prev))
			} else {
				taken[u] = p
				continue
			}
			probs = append(probs, Problem{File: contentPath(p), Line: lineOf(p, "aliases"), Key: "aliases", VI: vi, EN: en})
		}
	}
	return probs
}
