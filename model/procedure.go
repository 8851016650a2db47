package model

import "time"

// Procedure is an administrative procedure (thủ tục hành chính) as the
// national database describes one.
type Procedure struct {
	Code           string // mã thủ tục: "1.004227"
	Levels         []string
	Agency         string
	Subjects       []string
	Channels       []string
	Online         string // "toàn trình", "một phần" or ""
	OnlineURL      string
	ProcessingDays int
	ProcessingTime string
	Fees           []Fee
	Dossier        []DossierItem
	Result         string
	Requirements   string
	Basis          []Ref

	// ExpiredBasis lists the legal bases no longer in force at the build's
	// now: the page flags them and `check` warns.
	ExpiredBasis []Ref
}

// Fee is one fee or charge of a procedure.
type Fee struct {
	Name   string
	Amount int64 // VND; 0 means free
	// HasAmount is false when the amount is not stated (see Note).
	HasAmount bool
	Note      string
}

// DossierItem is one paper of a procedure's dossier (thành phần hồ sơ).
type DossierItem struct {
	Name     string
	Original int // bản chính
	Copies   int // bản sao
	Form     string
}

// Disclosure is a notice that must stay posted for a period, often for
// public comment (công khai, lấy ý kiến).
type Disclosure struct {
	Posted  time.Time
	Until   time.Time
	Place   string
	Project string
	Basis   []Ref
}

// OpenAt reports whether comments are still open on the day now: from the
// posting day through the last day, inclusive.
func (d *Disclosure) OpenAt(now time.Time) bool {
	day := truncateDay(now)
	if !d.Posted.IsZero() && day.Before(truncateDay(d.Posted)) {
		return false
	}
	return d.Until.IsZero() || !day.After(truncateDay(d.Until))
}
