package generator

import (
	"strconv"

	"github.com/minhbach/minhbach/model"
)

// legalForce maps a status to schema.org's LegalForceStatus values.
var legalForce = map[model.Status]string{
	model.StatusInForce:       "https://schema.org/InForce",
	model.StatusPartlyExpired: "https://schema.org/PartiallyInForce",
	model.StatusExpired:       "https://schema.org/NotInForce",
	model.StatusNotYet:        "https://schema.org/NotInForce",
}

// structuredData returns the schema.org JSON-LD object of a page: a
// Legislation for documents and a GovernmentService for procedures, so
// search engines show status and processing time in results. Other
// pages get nil and no script tag.
func structuredData(s *Site, p *model.Page) map[string]any {
	abs := func(u string) string {
		if u == "" || u[0] != '/' {
			return u
		}
		return s.Config.BaseURL + u
	}
	refs := func(rs []model.Ref) []map[string]any {
		var out []map[string]any
		for _, r := range rs {
			m := map[string]any{"@type": "Legislation", "name": r.Label()}
			if r.Page != nil && r.Page.Document != nil {
				m["legislationIdentifier"] = r.Page.Document.Number
			} else if r.Number != "" {
				m["legislationIdentifier"] = r.Number
			}
			if h := r.Href(); h != "" {
				m["url"] = abs(h)
			}
			out = append(out, m)
		}
		return out
	}
	switch {
	case p.Document != nil:
		d := p.Document
		m := map[string]any{
			"@context":                "https://schema.org",
			"@type":                   "Legislation",
			"name":                    p.Title,
			"url":                     abs(p.URL),
			"inLanguage":              "vi",
			"legislationIdentifier":   d.Number,
			"legislationType":         d.Kind,
			"legislationLegalForce":   legalForce[d.Status],
			"legislationJurisdiction": "VN",
		}
		if p.Description != "" {
			m["description"] = p.Description
		}
		if len(d.Issuers) > 0 {
			var issuers []map[string]any
			for _, i := range d.Issuers {
				issuers = append(issuers, map[string]any{"@type": "GovernmentOrganization", "name": i})
			}
			m["legislationPassedBy"] = issuers
		}
		if !d.Issued.IsZero() {
			m["legislationDate"] = d.Issued.Format("2006-01-02")
		}
		if !d.Effective.IsZero() {
			m["legislationDateVersion"] = d.Effective.Format("2006-01-02")
		}
		if end := d.ExpiryDate(); !end.IsZero() {
			m["expires"] = end.Format("2006-01-02")
		}
		if r := refs(d.Amends); r != nil {
			m["legislationAmends"] = r
		}
		if r := refs(d.Replaces); r != nil {
			m["legislationRepeals"] = r
		}
		if r := refs(d.Basis); r != nil {
			m["legislationApplies"] = r
		}
		if r := refs(d.Mentions); r != nil {
			m["mentions"] = r
		}
		if p.SourceURL != "" {
			m["sameAs"] = p.SourceURL
		}
		return m
	case p.Procedure != nil:
		pr := p.Procedure
		m := map[string]any{
			"@context":    "https://schema.org",
			"@type":       "GovernmentService",
			"name":        p.Title,
			"url":         abs(p.URL),
			"inLanguage":  "vi",
			"identifier":  pr.Code,
			"serviceType": "Thủ tục hành chính",
		}
		if p.Description != "" {
			m["description"] = p.Description
		}
		if pr.Agency != "" {
			m["provider"] = map[string]any{"@type": "GovernmentOrganization", "name": pr.Agency}
		}
		if len(p.Fields) > 0 {
			m["category"] = p.Fields
		}
		var channels []map[string]any
		for _, c := range pr.Channels {
			ch := map[string]any{"@type": "ServiceChannel", "name": c}
			if pr.ProcessingDays > 0 {
				ch["processingTime"] = "P" + strconv.Itoa(pr.ProcessingDays) + "D"
			}
			if c == "Trực tuyến" && pr.OnlineURL != "" {
				ch["serviceUrl"] = pr.OnlineURL
			}
			if c == "Trực tiếp" && s.Config.Agency.Address != "" {
				ch["serviceLocation"] = map[string]any{"@type": "Place", "address": s.Config.Agency.Address}
			}
			channels = append(channels, ch)
		}
		if channels != nil {
			m["availableChannel"] = channels
		}
		if r := refs(pr.Basis); r != nil {
			m["isBasedOn"] = r
		}
		return m
	}
	return nil
}
