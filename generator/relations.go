package generator

import (
	"fmt"
	"strings"

	"github.com/minhbach/minhbach/model"
)

// indexIdentifiers indexes document numbers and procedure codes, which
// must be unique: they are what citizens search for and what refs cite.
func (s *Site) indexIdentifiers() Problems {
	var probs Problems
	codes := map[string]*model.Page{}
	for _, p := range s.Pages {
		switch {
		case p.Document != nil && p.Document.Number != "":
			if prev, dup := s.byNumber[p.Document.Number]; dup {
				probs = append(probs, dupProblem(p, prev, "number", p.Document.Number))
				continue
			}
			s.byNumber[p.Document.Number] = p
		case p.Procedure != nil && p.Procedure.Code != "":
			if prev, dup := codes[p.Procedure.Code]; dup {
				probs = append(probs, dupProblem(p, prev, "code", p.Procedure.Code))
				continue
			}
			codes[p.Procedure.Code] = p
		}
	}
	return probs
}

func dupProblem(p, prev *model.Page, key, val string) Problem {
	return Problem{File: contentPath(p), Line: lineOf(p, key), Key: key,
		VI: fmt.Sprintf("%q đã dùng ở %s; số hiệu và mã phải là duy nhất", val, contentPath(prev)),
		EN: fmt.Sprintf("%q is already used by %s; numbers and codes must be unique", val, contentPath(prev))}
}

// lineOf finds the line of a key in the page's front matter, for
// problems found after loading. Refs carry their own line.
func lineOf(p *model.Page, key string) int {
	if l, ok := p.KeyLines[key]; ok {
		return l
	}
	return 1
}

// resolve finds the page a ref points at: a document number, or a
// content path with or without "content/" and ".md".
func (s *Site) resolve(r *model.Ref) bool {
	if r.Raw == "" {
		// An inline table: link it if the site has the document after all.
		if p, ok := s.byNumber[r.Number]; ok && r.Number != "" {
			r.Page = p
		}
		return true
	}
	if p, ok := s.byNumber[r.Raw]; ok {
		r.Page = p
		return true
	}
	key := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.Trim(r.Raw, "/"), "content/"), ".md"), "/index")
	if p, ok := s.bySource[key]; ok {
		r.Page = p
		return true
	}
	if p, ok := s.byURL["/"+key+"/"]; ok {
		r.Page = p
		return true
	}
	return false
}

// resolveRelations resolves every ref, fills in the other side of each
// relation, and computes statuses against the build's now. A ref to
// nothing is an error: a citizen following it would find no page.
func (s *Site) resolveRelations() Problems {
	var probs Problems
	resolveAll := func(p *model.Page, key string, refs []model.Ref) {
		for i := range refs {
			r := &refs[i]
			if !s.resolve(r) {
				probs = append(probs, Problem{File: contentPath(p), Line: r.Line, Key: key,
					VI: fmt.Sprintf("tham chiếu %q không trỏ tới văn bản nào trên trang; kiểm tra số hiệu, hoặc dùng bảng { number = \"...\", title = \"...\" } cho văn bản không có trên trang", r.Raw),
					EN: fmt.Sprintf("ref %q matches no document on the site; check the number, or use an inline table { number = \"...\", title = \"...\" } for a document not on the site", r.Raw)})
				continue
			}
			if r.Page != nil && r.Page.Document == nil {
				probs = append(probs, Problem{File: contentPath(p), Line: r.Line, Key: key,
					VI: fmt.Sprintf("tham chiếu %q trỏ tới %s, không phải một văn bản", r.Raw, contentPath(r.Page)),
					EN: fmt.Sprintf("ref %q points at %s, which is not a document", r.Raw, contentPath(r.Page))})
				r.Page = nil
			}
		}
	}
	for _, p := range s.Pages {
		switch {
		case p.Document != nil:
			d := p.Document
			resolveAll(p, "replaces", d.Replaces)
			resolveAll(p, "replaced_by", d.ReplacedBy)
			resolveAll(p, "amends", d.Amends)
			resolveAll(p, "basis", d.Basis)
			resolveAll(p, "mentions", d.Mentions)
		case p.Procedure != nil:
			resolveAll(p, "basis", p.Procedure.Basis)
		case p.Disclosure != nil:
			resolveAll(p, "basis", p.Disclosure.Basis)
		}
	}
	// The other side of each relation.
	for _, p := range s.Pages {
		switch {
		case p.Document != nil:
			d := p.Document
			for _, r := range d.ReplacedBy {
				if r.Page != nil && !refersTo(r.Page.Document.Replaces, p) {
					r.Page.Document.Replaces = append(r.Page.Document.Replaces, model.Ref{Raw: d.Number, Number: d.Number, Page: p})
				}
			}
			for _, r := range d.Replaces {
				if r.Page != nil && !refersTo(r.Page.Document.ReplacedBy, p) {
					r.Page.Document.ReplacedBy = append(r.Page.Document.ReplacedBy, model.Ref{Raw: d.Number, Number: d.Number, Page: p})
				}
			}
			for _, r := range d.Amends {
				if r.Page != nil {
					r.Page.Document.AmendedBy = append(r.Page.Document.AmendedBy, p)
				}
			}
			for _, r := range d.Basis {
				if r.Page != nil {
					r.Page.Document.ImplementedBy = append(r.Page.Document.ImplementedBy, p)
				}
			}
			// A mention is not a basis: the document mentioned does not
			// list this one among those issued on its strength.
			for _, r := range d.Mentions {
				if r.Page != nil {
					r.Page.Document.MentionedBy = append(r.Page.Document.MentionedBy, p)
				}
			}
		case p.Procedure != nil:
			for _, r := range p.Procedure.Basis {
				if r.Page != nil {
					r.Page.Document.CitedBy = append(r.Page.Document.CitedBy, p)
				}
			}
		case p.Disclosure != nil:
			for _, r := range p.Disclosure.Basis {
				if r.Page != nil {
					r.Page.Document.CitedBy = append(r.Page.Document.CitedBy, p)
				}
			}
		}
	}
	// Statuses need every replacing document resolved first.
	for _, p := range s.Pages {
		if p.Document != nil {
			p.Document.Status = p.Document.StatusAt(s.Now)
		}
	}
	for _, p := range s.Pages {
		if p.Procedure == nil {
			continue
		}
		p.Procedure.ExpiredBasis = nil
		for _, r := range p.Procedure.Basis {
			if r.Page != nil && r.Page.Document.Status == model.StatusExpired {
				p.Procedure.ExpiredBasis = append(p.Procedure.ExpiredBasis, r)
				probs = append(probs, Problem{File: contentPath(p), Line: r.Line, Key: "basis", Warning: true,
					VI: fmt.Sprintf("căn cứ pháp lý %s đã hết hiệu lực toàn bộ (tính đến %s); cần cập nhật thủ tục", r.Page.Document.Number, s.Now.Format("02/01/2006")),
					EN: fmt.Sprintf("legal basis %s is no longer in force (as of %s); the procedure needs updating", r.Page.Document.Number, s.Now.Format("2006-01-02"))})
			}
		}
	}
	for _, p := range s.Pages {
		if p.Disclosure != nil && !p.Disclosure.OpenAt(s.Now) && !p.Disclosure.Until.IsZero() && s.Now.After(p.Disclosure.Until) {
			probs = append(probs, Problem{File: contentPath(p), Line: lineOf(p, "until"), Key: "until", Warning: true,
				VI: fmt.Sprintf("thời hạn niêm yết đã hết ngày %s", p.Disclosure.Until.Format("02/01/2006")),
				EN: fmt.Sprintf("the posting period ended on %s", p.Disclosure.Until.Format("2006-01-02"))})
		}
	}
	return probs
}

func refersTo(refs []model.Ref, p *model.Page) bool {
	for _, r := range refs {
		if r.Page == p {
			return true
		}
	}
	return false
}
