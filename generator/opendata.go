package generator

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/minhbach/minhbach/model"
)

// Open data: every document and procedure as JSON and CSV under
// /du-lieu/, for journalists, researchers and other portals. The shapes
// are documented in docs/du-lieu-mo.md; changing a column is a breaking
// change for people who script against them.

// OpenDocument is one row of /du-lieu/van-ban.json.
type OpenDocument struct {
	URL          string   `json:"url"`
	Number       string   `json:"number"`
	Title        string   `json:"title"`
	Kind         string   `json:"kind"`
	Issuers      []string `json:"issuer"`
	Signer       string   `json:"signer,omitempty"`
	Issued       string   `json:"issued"`
	Effective    string   `json:"effective,omitempty"`
	Expired      string   `json:"expired,omitempty"`
	Status       string   `json:"status"`
	StatusAsOf   string   `json:"status_as_of"`
	Fields       []string `json:"fields"`
	Replaces     []string `json:"replaces"`
	ReplacedBy   []string `json:"replaced_by"`
	Amends       []string `json:"amends"`
	Basis        []string `json:"basis"`
	SourceURL    string   `json:"source_url,omitempty"`
	Verified     bool     `json:"verified"`
	Description  string   `json:"description"`
	LastModified string   `json:"lastmod"`
}

// OpenProcedure is one row of /du-lieu/thu-tuc.json.
type OpenProcedure struct {
	URL            string    `json:"url"`
	Code           string    `json:"code"`
	Title          string    `json:"title"`
	Fields         []string  `json:"fields"`
	Levels         []string  `json:"level"`
	Agency         string    `json:"agency"`
	Subjects       []string  `json:"subjects"`
	Channels       []string  `json:"channels"`
	Online         string    `json:"online"`
	OnlineURL      string    `json:"online_url,omitempty"`
	ProcessingDays int       `json:"processing_days"`
	ProcessingTime string    `json:"processing_time"`
	Fees           []OpenFee `json:"fees"`
	Basis          []string  `json:"basis"`
	ExpiredBasis   []string  `json:"expired_basis"`
	Verified       bool      `json:"verified"`
	Description    string    `json:"description"`
	LastModified   string    `json:"lastmod"`
}

// OpenFee is a fee in open data; Amount is null when not stated.
type OpenFee struct {
	Name   string `json:"name"`
	Amount *int64 `json:"amount"`
	Note   string `json:"note,omitempty"`
}

// openDataFiles are the files written under /du-lieu/, for link checks.
var openDataFiles = []string{"/du-lieu/van-ban.json", "/du-lieu/van-ban.csv", "/du-lieu/thu-tuc.json", "/du-lieu/thu-tuc.csv"}

func day(t interface {
	IsZero() bool
	Format(string) string
}) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func refNumbers(rs []model.Ref) []string {
	out := []string{}
	for _, r := range rs {
		switch {
		case r.Page != nil && r.Page.Document != nil:
			out = append(out, r.Page.Document.Number)
		case r.Number != "":
			out = append(out, r.Number)
		default:
			out = append(out, r.Label())
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// OpenDocuments lists every document for open data, newest first.
func OpenDocuments(s *Site) []OpenDocument {
	out := []OpenDocument{}
	for _, p := range s.ContentPages(model.TypeDocument) {
		d := p.Document
		if d == nil {
			continue
		}
		out = append(out, OpenDocument{
			URL: s.Config.BaseURL + p.URL, Number: d.Number, Title: p.Title, Kind: d.Kind,
			Issuers: nonNil(d.Issuers), Signer: d.Signer, Issued: day(d.Issued), Effective: day(d.Effective),
			Expired: day(d.ExpiryDate()), Status: string(d.Status), StatusAsOf: day(s.Now),
			Fields: nonNil(p.Fields), Replaces: refNumbers(d.Replaces), ReplacedBy: refNumbers(d.ReplacedBy),
			Amends: refNumbers(d.Amends), Basis: refNumbers(d.Basis), SourceURL: p.SourceURL,
			Verified: !p.Unverified, Description: p.Description, LastModified: day(p.Lastmod),
		})
	}
	return out
}

// OpenProcedures lists every procedure for open data, newest first.
func OpenProcedures(s *Site) []OpenProcedure {
	out := []OpenProcedure{}
	for _, p := range s.ContentPages(model.TypeProcedure) {
		pr := p.Procedure
		if pr == nil {
			continue
		}
		fees := []OpenFee{}
		for _, f := range pr.Fees {
			of := OpenFee{Name: f.Name, Note: f.Note}
			if f.HasAmount {
				a := f.Amount
				of.Amount = &a
			}
			fees = append(fees, of)
		}
		out = append(out, OpenProcedure{
			URL: s.Config.BaseURL + p.URL, Code: pr.Code, Title: p.Title, Fields: nonNil(p.Fields),
			Levels: nonNil(pr.Levels), Agency: pr.Agency, Subjects: nonNil(pr.Subjects), Channels: nonNil(pr.Channels),
			Online: pr.Online, OnlineURL: pr.OnlineURL, ProcessingDays: pr.ProcessingDays, ProcessingTime: pr.ProcessingTime,
			Fees: fees, Basis: refNumbers(pr.Basis), ExpiredBasis: refNumbers(pr.ExpiredBasis),
			Verified: !p.Unverified, Description: p.Description, LastModified: day(p.Lastmod),
		})
	}
	return out
}

// The CSV columns, in order. Lists are joined with "; ".
var (
	documentColumns  = []string{"url", "number", "title", "kind", "issuer", "signer", "issued", "effective", "expired", "status", "status_as_of", "fields", "replaces", "replaced_by", "amends", "basis", "source_url", "verified"}
	procedureColumns = []string{"url", "code", "title", "fields", "level", "agency", "subjects", "channels", "online", "online_url", "processing_days", "processing_time", "fees", "basis", "expired_basis", "verified"}
)

// utf8BOM makes Excel, which most staff and journalists open CSV with,
// read the file as UTF-8 instead of mangling every diacritic.
const utf8BOM = "\ufeff"

func csvBytes(header []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(utf8BOM)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return nil, err
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func joinList(s []string) string { return strings.Join(s, "; ") }

// writeOpenData writes the four open data files.
func writeOpenData(s *Site, write func(rel string, data []byte) error) error {
	docs := OpenDocuments(s)
	procs := OpenProcedures(s)
	var docRows, procRows [][]string
	for _, d := range docs {
		docRows = append(docRows, []string{d.URL, d.Number, d.Title, d.Kind, joinList(d.Issuers), d.Signer, d.Issued,
			d.Effective, d.Expired, d.Status, d.StatusAsOf, joinList(d.Fields), joinList(d.Replaces), joinList(d.ReplacedBy),
			joinList(d.Amends), joinList(d.Basis), d.SourceURL, strconv.FormatBool(d.Verified)})
	}
	for _, p := range procs {
		var fees []string
		for _, f := range p.Fees {
			v := f.Name + ": "
			if f.Amount != nil {
				v += strconv.FormatInt(*f.Amount, 10)
			} else {
				v += f.Note
			}
			fees = append(fees, v)
		}
		procRows = append(procRows, []string{p.URL, p.Code, p.Title, joinList(p.Fields), joinList(p.Levels), p.Agency,
			joinList(p.Subjects), joinList(p.Channels), p.Online, p.OnlineURL, strconv.Itoa(p.ProcessingDays),
			p.ProcessingTime, joinList(fees), joinList(p.Basis), joinList(p.ExpiredBasis), strconv.FormatBool(p.Verified)})
	}
	for _, f := range []struct {
		name string
		v    any
	}{{"du-lieu/van-ban.json", docs}, {"du-lieu/thu-tuc.json", procs}} {
		b, err := json.MarshalIndent(f.v, "", "  ")
		if err != nil {
			return err
		}
		if err := write(f.name, append(b, '\n')); err != nil {
			return err
		}
	}
	dc, err := csvBytes(documentColumns, docRows)
	if err != nil {
		return err
	}
	if err := write("du-lieu/van-ban.csv", dc); err != nil {
		return err
	}
	pc, err := csvBytes(procedureColumns, procRows)
	if err != nil {
		return err
	}
	return write("du-lieu/thu-tuc.csv", pc)
}
