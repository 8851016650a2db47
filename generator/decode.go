package generator

import (
	"fmt"
	"path"
	"strings"

	"github.com/minhbach/minhbach/model"
	"golang.org/x/text/unicode/norm"
)

// Keys each type accepts, beyond the common ones. A key outside these is
// reported as unknown, with the closest known key as a hint.
var (
	commonKeys = []string{"title", "description", "date", "lastmod", "type", "fields", "tags",
		"params", "weight", "slug", "url", "aliases", "draft", "source_url", "verified", "reviewed", "search_phrases"}
	documentKeys = []string{"number", "kind", "issuer", "signer", "issued", "effective", "expired",
		"partly_expired", "replaces", "replaced_by", "amends", "basis", "mentions"}
	procedureKeys = []string{"code", "level", "agency", "subjects", "channels", "online", "online_url",
		"processing_days", "processing_time", "fees", "dossier", "result", "requirements", "basis"}
	disclosureKeys = []string{"posted", "until", "place", "project", "basis"}
)

// knownTypes are the content types layouts exist for.
var knownTypes = []string{model.TypeDocument, model.TypeProcedure, model.TypeDisclosure, model.TypeNews, model.TypePage}

func didYouMeanVI(hint string) string {
	if hint == "" {
		return ""
	}
	return fmt.Sprintf("; có phải ý bạn là %q?", hint)
}

func didYouMeanEN(hint string) string {
	if hint == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", hint)
}

// onlineLevels are the values the national portal uses for the level of
// an online public service.
var onlineLevels = []string{"toàn trình", "một phần"}

// decodePage fills p from front matter, typed and validated. The page's
// type must already be known (from the key or the section).
func decodePage(p *model.Page, fm *frontMatter) Problems {
	r := newFieldReader(path.Join("content", p.Source), fm)
	r.require("title")
	p.Title = r.text("title")
	p.Description = r.text("description")
	p.Date = r.date("date")
	p.Lastmod = r.date("lastmod")
	if t := r.text("type"); t != "" && !contains(knownTypes, t) {
		hint := closest(t, knownTypes)
		r.fail("type", fmt.Sprintf("loại trang %q không có; dùng một trong %s%s", t, strings.Join(knownTypes, ", "), didYouMeanVI(hint)),
			fmt.Sprintf("page type %q does not exist; use one of %s%s", t, strings.Join(knownTypes, ", "), didYouMeanEN(hint)))
	}
	p.Fields = r.texts("fields")
	p.Tags = r.texts("tags")
	if v, ok := r.get("params"); ok {
		m, ok := v.(map[string]any)
		if !ok {
			r.fail("params", "cần một bảng, ví dụ params = { lang = \"en\" }", "want a table, e.g. params = { lang = \"en\" }")
		}
		p.Params = m
	}
	p.Weight = int(r.integer("weight"))
	p.Slug = r.text("slug")
	p.URL = r.text("url")
	p.Aliases = r.texts("aliases")
	p.Draft, _ = r.boolean("draft")
	p.SourceURL = r.text("source_url")
	if v, ok := r.boolean("verified"); ok {
		p.Unverified = !v
	}
	p.Reviewed = r.date("reviewed")
	p.SearchPhrases = r.texts("search_phrases")
	known := append([]string{}, commonKeys...)
	switch p.Type {
	case model.TypeDocument:
		p.Document = decodeDocument(r)
		known = append(known, documentKeys...)
	case model.TypeProcedure:
		p.Procedure = decodeProcedure(r)
		known = append(known, procedureKeys...)
	case model.TypeDisclosure:
		p.Disclosure = decodeDisclosure(r)
		known = append(known, disclosureKeys...)
	}
	r.unknownKeys(known)
	if p.Date.IsZero() {
		p.Date = p.DisplayDate()
	}
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	return append(r.problems, checkHomePageLinks(p)...)
}

func decodeDocument(r *fieldReader) *model.Document {
	for _, k := range []string{"number", "kind", "issuer", "issued"} {
		r.require(k)
	}
	d := &model.Document{
		Number:     r.text("number"),
		Kind:       r.text("kind"),
		Issuers:    r.texts("issuer"),
		Signer:     r.text("signer"),
		Issued:     r.date("issued"),
		Effective:  r.date("effective"),
		Expired:    r.date("expired"),
		Replaces:   r.refs("replaces"),
		ReplacedBy: r.refs("replaced_by"),
		Amends:     r.refs("amends"),
		Basis:      r.refs("basis"),
		Mentions:   r.refs("mentions"),
	}
	d.PartlyExpired, _ = r.boolean("partly_expired")
	if !d.Effective.IsZero() && !d.Issued.IsZero() && d.Effective.Before(d.Issued) {
		r.fail("effective", "ngày có hiệu lực trước ngày ban hành", "effective date is before the issue date")
	}
	if !d.Expired.IsZero() && !d.Effective.IsZero() && d.Expired.Before(d.Effective) {
		r.fail("expired", "ngày hết hiệu lực trước ngày có hiệu lực", "expiry date is before the effective date")
	}
	return d
}

func decodeProcedure(r *fieldReader) *model.Procedure {
	for _, k := range []string{"agency", "level"} {
		r.require(k)
	}
	pr := &model.Procedure{
		Code:           r.text("code"),
		Levels:         r.texts("level"),
		Agency:         r.text("agency"),
		Subjects:       r.texts("subjects"),
		Channels:       r.texts("channels"),
		Online:         r.text("online"),
		OnlineURL:      r.text("online_url"),
		ProcessingDays: int(r.integer("processing_days")),
		ProcessingTime: r.text("processing_time"),
		Result:         r.text("result"),
		Requirements:   r.text("requirements"),
		Basis:          r.refs("basis"),
	}
	if pr.Online != "" && !contains(onlineLevels, strings.ToLower(pr.Online)) {
		r.fail("online", fmt.Sprintf("giá trị %q không hợp lệ; dùng \"toàn trình\" hoặc \"một phần\"", pr.Online),
			fmt.Sprintf("%q is not valid; use \"toàn trình\" or \"một phần\"", pr.Online))
	}
	if pr.ProcessingDays < 0 {
		r.fail("processing_days", "số ngày không được âm", "days cannot be negative")
	}
	for i, t := range r.tables("fees") {
		f := model.Fee{Name: tableText(t, "name"), Note: tableText(t, "note")}
		if v, ok := t["amount"]; ok {
			n, ok := toInt(v)
			if !ok || n < 0 {
				r.fail("fees", fmt.Sprintf("mức phí thứ %d: amount phải là số đồng, số nguyên không âm, ví dụ 50000", i+1),
					fmt.Sprintf("fee %d: amount must be a whole, non-negative number of VND, e.g. 50000", i+1))
			}
			f.Amount, f.HasAmount = n, ok
		}
		checkTableKeys(r, "fees", i, t, "name", "amount", "note")
		if f.Name == "" {
			r.fail("fees", fmt.Sprintf("mức phí thứ %d thiếu name", i+1), fmt.Sprintf("fee %d has no name", i+1))
		}
		pr.Fees = append(pr.Fees, f)
	}
	for i, t := range r.tables("dossier") {
		d := model.DossierItem{Name: tableText(t, "name"), Form: tableText(t, "form")}
		for _, k := range []string{"original", "copies"} {
			v, present := t[k]
			if !present {
				continue
			}
			n, ok := toInt(v)
			if !ok || n < 0 {
				r.fail("dossier", fmt.Sprintf("giấy tờ thứ %d: %s phải là số bản, số nguyên không âm, ví dụ 1", i+1, k),
					fmt.Sprintf("dossier item %d: %s must be a whole, non-negative number of copies, e.g. 1", i+1, k))
			}
			if k == "original" {
				d.Original = int(n)
			} else {
				d.Copies = int(n)
			}
		}
		checkTableKeys(r, "dossier", i, t, "name", "original", "copies", "form")
		if d.Name == "" {
			r.fail("dossier", fmt.Sprintf("giấy tờ thứ %d thiếu name", i+1), fmt.Sprintf("dossier item %d has no name", i+1))
		}
		pr.Dossier = append(pr.Dossier, d)
	}
	return pr
}

func decodeDisclosure(r *fieldReader) *model.Disclosure {
	r.require("posted")
	r.require("until")
	d := &model.Disclosure{
		Posted:  r.date("posted"),
		Until:   r.date("until"),
		Place:   r.text("place"),
		Project: r.text("project"),
		Basis:   r.refs("basis"),
	}
	if !d.Posted.IsZero() && !d.Until.IsZero() && d.Until.Before(d.Posted) {
		r.fail("until", "ngày kết thúc trước ngày niêm yết", "end date is before the posting date")
	}
	return d
}

func tableText(t map[string]any, key string) string {
	s, _ := t[key].(string)
	return strings.TrimSpace(norm.NFC.String(s))
}

func checkTableKeys(r *fieldReader, key string, i int, t map[string]any, known ...string) {
	for k := range t {
		if !contains(known, k) {
			hint := closest(k, known)
			r.fail(key, fmt.Sprintf("phần tử thứ %d có khóa lạ %q (gần nhất: %q)", i+1, k, hint),
				fmt.Sprintf("item %d has an unknown key %q (closest: %q)", i+1, k, hint))
		}
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
