package search

import (
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/model"
	"github.com/minhbach/minhbach/search/analyzer"
)

// dateLayout is how a Hit shows a date.
const dateLayout = "2006-01-02"

// rankCurrent is the rank flag of every page except a document that is
// not in force on the build's today (expired in whole, or not yet in
// force): ranking prefers current pages, so the law in force
// comes above the one it replaced when both match equally.
const rankCurrent = "current"

// indexable reports whether p goes into the index: content pages only
// (lists are navigation, not answers), drafts only when asked.
func indexable(p *model.Page, drafts bool) bool {
	return p != nil && p.Kind == model.KindPage && p.URL != "" && (drafts || !p.Draft)
}

// pageDoc turns a page into the document Bleve indexes. Empty values are
// left out, so that facets never show an empty value.
func pageDoc(p *model.Page, dict *analyzer.Dictionary, now time.Time) map[string]any {
	d := map[string]any{fType: p.Type}
	put := func(key, v string) {
		if v = strings.TrimSpace(v); v != "" {
			d[key] = v
		}
	}
	putAll := func(key string, vs []string) {
		var out []string
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			d[key] = out
		}
	}

	put(fTitle, p.Title)
	if p.Parent != nil && p.Parent.Kind == model.KindSection {
		put(fSection, p.Parent.Title)
	}
	put(fDesc, p.Description)
	put(fText, p.Text)
	putAll(fFields, p.Fields)

	// head: what describes the page in a few words.
	head := []string{p.Description}
	head = append(head, p.Tags...)
	head = append(head, p.Fields...)
	// body: the text, and the details a page shows outside its text.
	body := []string{p.Text}

	var ids []string
	rank := rankCurrent
	if doc := p.Document; doc != nil {
		put(fNumber, doc.Number)
		put(fKind, doc.Kind)
		putAll(fIssuer, doc.Issuers)
		if doc.Status != "" {
			d[fStatus] = string(doc.Status)
		}
		// Only a document in force is current: one expired, or not
		// yet in force on the build's today, is not what a citizen
		// asking what applies now should get first.
		if doc.Status != "" && !doc.Status.InForce() {
			rank = ""
		}
		ids = append(ids, identForms(doc.Number)...)
		head = append(head, doc.Kind, doc.Number)
		head = append(head, doc.Issuers...)
		body = append(body, doc.Signer)
	}
	if pr := p.Procedure; pr != nil {
		put(fCode, pr.Code)
		putAll(fLevel, pr.Levels)
		ids = append(ids, identForms(pr.Code)...)
		head = append(head, pr.Code, pr.Agency)
		body = append(body, pr.Result, pr.Requirements, pr.ProcessingTime)
		body = append(body, pr.Subjects...)
		for _, f := range pr.Fees {
			body = append(body, f.Name, f.Note)
		}
		for _, it := range pr.Dossier {
			body = append(body, it.Name, it.Form)
		}
	}
	if dis := p.Disclosure; dis != nil {
		head = append(head, dis.Project)
		body = append(body, dis.Place)
	}
	putAll(fBody, body)
	putAll(fIDs, ids)
	if rank != "" {
		d[fRank] = rank
	}

	// Dictionary expansions of what the page is about (title and head)
	// join the head, so that "sổ đỏ" finds a page that only says "Giấy
	// chứng nhận quyền sử dụng đất" and the other way round. The body is
	// left out: it made indexing four times slower and ranking no better.
	if dict != nil {
		var syn []string
		syn = append(syn, dict.Expand(p.Title)...)
		for _, h := range head {
			syn = append(syn, dict.Expand(h)...)
		}
		head = append(head, dedupe(syn)...)
	}
	putAll(fHead, head)

	date := p.DisplayDate()
	if !date.IsZero() {
		d[fDate] = date.Format(dateLayout)
		d[fYear] = strconv.Itoa(date.Year())
	}
	d[fPrior] = strconv.Itoa(priorOf(p, date, now))
	var facets []string
	for _, key := range FilterKeys {
		switch v := d[filterField[key]].(type) {
		case string:
			facets = append(facets, key+":"+v)
		case []string:
			for _, x := range v {
				facets = append(facets, key+":"+x)
			}
		}
	}
	d[fFacet] = facets
	return d
}

// priorOf is a page's standing whatever the query, from 0 to 15: what a
// search looks at first when a query matches more pages than it can score
// (see defaultScoreBudget). Procedures and documents in force first, then
// answers, then news and notices, expired documents last; newer first.
func priorOf(p *model.Page, date, now time.Time) int {
	var base int
	switch {
	case p.Document != nil && p.Document.Status == model.StatusExpired:
		base = 0
	case p.Document != nil && p.Document.Status == model.StatusNotYet:
		base = 4
	case p.Procedure != nil:
		base = 12
	case p.Document != nil:
		base = 10
	case p.Type == model.TypePage:
		base = 8
	default:
		base = 4
	}
	if !date.IsZero() {
		switch age := now.Sub(date); {
		case age < 0:
			// Dated after the build's today: not news yet.
		case age < 2*365*24*time.Hour:
			base += 3
		case age < 5*365*24*time.Hour:
			base += 2
		case age < 10*365*24*time.Hour:
			base++
		}
	} else {
		base++
	}
	return min(base, 15)
}

// identForms returns the forms under which a document number or procedure
// code is looked up: its Identifier ("45/2013/qh13"), that without
// separators ("45/2013/QH13" typed as "45 2013 QH13" or "45-2013-qh13"),
// and for a long procedure code its first two parts ("1.001612" of
// "1.001612.000.00.00.H48"), which is how people quote it.
func identForms(s string) []string {
	id := analyzer.Identifier(s)
	if id == "" {
		return nil
	}
	forms := []string{id}
	if c := compactIdent(id); c != id && len(c) >= 3 {
		forms = append(forms, c)
	}
	if parts := strings.Split(id, "."); len(parts) > 2 && isDigits(parts[0]) && isDigits(parts[1]) {
		forms = append(forms, parts[0]+"."+parts[1])
	}
	return dedupe(forms)
}

// compactIdent drops the separators of an Identifier.
func compactIdent(id string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '-', '.', ' ':
			return -1
		}
		return r
	}, id)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// dedupe removes repeated strings, keeping the first of each.
func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
