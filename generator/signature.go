package generator

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/minhbach/minhbach/model"
)

// Signatures let the dev server re-render only what an edit changed. A
// job's signature hashes everything its layout may show: the page
// itself, the pages it links to or lists (as lists show them), its
// breadcrumbs, and the site-wide parts every page shows (menu, sections,
// style sheet). Equal signatures mean equal output, which the test
// comparing incremental and full builds byte for byte holds us to.

// sigWriter hashes with 64-bit FNV-1a, written out here rather than
// through hash/fnv so that hashing a string neither copies nor allocates:
// a rebuild of a large site hashes millions of them.
type sigWriter struct{ h uint64 }

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func newSig() *sigWriter { return &sigWriter{h: fnvOffset} }

func (w *sigWriter) byte(c byte) { w.h = (w.h ^ uint64(c)) * fnvPrime }

func (w *sigWriter) str(ss ...string) {
	for _, s := range ss {
		h := w.h
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * fnvPrime
		}
		w.h = h
		w.byte(0) // ends the string: "ab","c" differs from "a","bc"
	}
}

func (w *sigWriter) num(n int64) {
	for i := 0; i < 8; i++ {
		w.byte(byte(uint64(n) >> (8 * i)))
	}
}

func (w *sigWriter) date(t time.Time) { w.num(t.Unix()) }

func (w *sigWriter) sum() uint64 { return w.h }

// listItemSig is what a list, a relation or a breadcrumb shows of a page.
func listItemSig(w *sigWriter, p *model.Page) {
	w.str(p.URL, p.Title, p.Description, string(p.Kind), p.Type, p.Term)
	w.date(p.DisplayDate())
	w.date(p.Date)
	w.date(p.Lastmod)
	w.num(int64(len(p.Pages)))
	w.str(p.Fields...)
	w.str(p.Tags...)
	if p.Draft {
		w.str("draft")
	}
	if p.Unverified {
		w.str("unverified")
	}
	if d := p.Document; d != nil {
		w.str(d.Number, d.Kind, string(d.Status))
		w.str(d.Issuers...)
		w.date(d.Issued)
		w.date(d.Effective)
		w.date(d.ExpiryDate())
	}
	if pr := p.Procedure; pr != nil {
		w.str(pr.Code, pr.Agency, pr.Online, pr.ProcessingTime)
		w.str(pr.Levels...)
		w.num(int64(pr.ProcessingDays))
		w.num(int64(len(pr.ExpiredBasis)))
	}
	if d := p.Disclosure; d != nil {
		w.date(d.Posted)
		w.date(d.Until)
		w.str(d.Place, d.Project)
	}
}

// itemSig adds what a list shows of p: its listItemSig, hashed once
// per rebuild in items (a page appears in many lists), or computed here
// when items does not have it.
func itemSig(w *sigWriter, p *model.Page, items map[*model.Page]uint64) {
	h, ok := items[p]
	if !ok {
		iw := newSig()
		listItemSig(iw, p)
		h = iw.sum()
	}
	w.num(int64(h))
}

// itemSigsOf hashes every page's listItemSig.
func itemSigsOf(s *Site) map[*model.Page]uint64 {
	hs := make([]uint64, len(s.Pages))
	parallel(len(s.Pages), func(i int) {
		w := newSig()
		listItemSig(w, s.Pages[i])
		hs[i] = w.sum()
	})
	items := make(map[*model.Page]uint64, len(s.Pages))
	for i, p := range s.Pages {
		items[p] = hs[i]
	}
	return items
}

func refsSig(w *sigWriter, rs []model.Ref, items map[*model.Page]uint64) {
	w.num(int64(len(rs)))
	for _, r := range rs {
		w.str(r.Raw, r.Number, r.Title, r.URL)
		if r.Page != nil {
			itemSig(w, r.Page, items)
		}
	}
}

func pagesSig(w *sigWriter, ps []*model.Page, items map[*model.Page]uint64) {
	w.num(int64(len(ps)))
	for _, p := range ps {
		itemSig(w, p, items)
	}
}

// pageSelfSig is what a page's own output shows of it: its list entry,
// its file (contentSig, taken from the site's cache, since hashing every
// page's HTML on every rebuild would cost more than the rebuild saves)
// and its relations.
func pageSelfSig(w *sigWriter, p *model.Page, s *Site, items map[*model.Page]uint64) {
	itemSig(w, p, items)
	cs, ok := s.contentSigs[p]
	if !ok {
		cs = contentSig(p)
	}
	w.num(int64(cs))
	if d := p.Document; d != nil {
		refsSig(w, d.Replaces, items)
		refsSig(w, d.ReplacedBy, items)
		refsSig(w, d.Amends, items)
		refsSig(w, d.Basis, items)
		refsSig(w, d.Mentions, items)
		pagesSig(w, d.AmendedBy, items)
		pagesSig(w, d.ImplementedBy, items)
		pagesSig(w, d.CitedBy, items)
		pagesSig(w, d.MentionedBy, items)
	}
	if pr := p.Procedure; pr != nil {
		refsSig(w, pr.Basis, items)
		refsSig(w, pr.ExpiredBasis, items)
	}
	if d := p.Disclosure; d != nil {
		refsSig(w, d.Basis, items)
	}
}

// contentSig hashes what a page's file alone decides, before assembly
// links it to other pages.
func contentSig(p *model.Page) uint64 {
	w := newSig()
	w.str(p.Source, p.Slug, p.SourceURL, p.HTML, p.Text, p.Taxonomy)
	w.date(p.Reviewed)
	w.str(p.SearchPhrases...)
	w.num(int64(p.Weight))
	w.str(p.Aliases...)
	for _, h := range p.Headings {
		w.num(int64(h.Level))
		w.str(h.ID, h.Text)
	}
	for _, a := range p.Attachments {
		w.str(a.Name, a.Format)
		w.num(a.Size)
	}
	if len(p.Params) > 0 {
		keys := make([]string, 0, len(p.Params))
		for k := range p.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w.str(k, strconv.Quote(fmtAny(p.Params[k])))
		}
	}
	if d := p.Document; d != nil {
		w.str(d.Signer)
		if d.PartlyExpired {
			w.str("partly")
		}
	}
	if pr := p.Procedure; pr != nil {
		w.str(pr.OnlineURL, pr.Result, pr.Requirements)
		w.str(pr.Subjects...)
		w.str(pr.Channels...)
		for _, f := range pr.Fees {
			w.str(f.Name, f.Note, strconv.FormatBool(f.HasAmount))
			w.num(f.Amount)
		}
		for _, d := range pr.Dossier {
			w.str(d.Name, d.Form)
			w.num(int64(d.Original))
			w.num(int64(d.Copies))
		}
	}
	return w.sum()
}

// siteSig hashes what every page shows of the site.
func siteSig(s *Site) uint64 {
	w := newSig()
	w.str(s.CSS, s.Config.BaseURL, s.Config.Title, s.Config.Description, s.Config.LanguageCode)
	w.str(fmtAny(s.Config.Agency), fmtAny(s.Config.Menu), fmtAny(s.Config.TopTasks), fmtAny(s.Config.Params), fmtAny(s.Config.Search))
	w.date(s.Now)
	for _, sec := range s.Sections {
		w.str(sec.URL, sec.Title)
	}
	// Layouts may show any taxonomy with its counts (filter links on
	// list pages), so a new term or a count that moves touches them all.
	for _, t := range s.Taxonomies {
		w.str(t.Key, t.Name, t.Page.URL)
		for _, term := range t.Terms {
			w.str(term.URL, term.Title)
			w.num(int64(len(term.Pages)))
		}
	}
	return w.sum()
}

// siteSigs are the parts of every job's signature that cover the whole
// site. They change only when a list shows something new, so an edit of
// a page's body can reuse them (see Builder.rebuildBodies).
type siteSigs struct {
	site    uint64                 // what every page shows of the site
	all     uint64                 // what the home and system pages may show of every page
	items   map[*model.Page]uint64 // each page's listItemSig
	layouts map[string]uint64      // each layout's sources (templates.sigs)
}

func siteSigsOf(s *Site, ts *templates) siteSigs {
	items := itemSigsOf(s)
	all := newSig()
	for _, p := range s.Pages {
		if p.Kind == model.KindPage {
			all.num(int64(items[p]))
		}
	}
	return siteSigs{site: siteSig(s), all: all.sum(), items: items, layouts: ts.sigs}
}

// signatures computes every job's signature. The home page and the
// system pages may show anything (newest pages, counts), so theirs cover
// every content page.
func signatures(s *Site, base siteSigs, jobs []renderJob) map[string]uint64 {
	out := make(map[string]uint64, len(jobs))
	sigs := make([]uint64, len(jobs))
	parallel(len(jobs), func(i int) {
		sigs[i] = jobSig(s, base, jobs[i])
	})
	for i, j := range jobs {
		out[j.out()] = sigs[i]
	}
	return out
}

// jobSig is the signature of one output: everything its layout may show.
func jobSig(s *Site, base siteSigs, j renderJob) uint64 {
	w := newSig()
	w.num(int64(base.site))
	w.num(int64(base.layouts[j.layout]))
	w.str(j.layout, j.url)
	pageSelfSig(w, j.page, s, base.items)
	for _, b := range breadcrumbs(j.page) {
		w.str(b.URL, b.Title, string(b.Kind))
	}
	if j.page.Parent != nil {
		w.str(j.page.Parent.URL, j.page.Parent.Title)
	}
	if j.pag != nil {
		w.num(int64(j.pag.Number))
		w.num(int64(j.pag.TotalPages))
		pagesSig(w, j.pag.Pages, base.items)
	}
	if j.page.Kind == model.KindHome {
		w.num(int64(base.all))
	}
	for _, f := range s.SectionFacets(j.page) {
		w.str(f.Key, f.Name)
		for _, term := range f.Terms {
			w.str(term.URL, term.Term)
			w.num(int64(len(term.Pages)))
		}
	}
	return w.sum()
}

func fmtAny(v any) string { return fmt.Sprintf("%+v", v) }
