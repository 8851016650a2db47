package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/minhbach/minhbach/participation"
)

// The console's page of the votes on "Trang này có hữu ích không?"
// (GET /quan-tri/huu-ich/): per page, how many readers said yes and no,
// the share useful and the latest few words they left, most "Không"
// first by default; &dinh-dang=csv gives the counts of every page. The
// words are shown here and nowhere else: a reader may have written a
// name into them, so the CSV, which leaves the console for someone's
// disk, has the counts only.

// usefulPath is the console page's address.
const usefulPath = ConsolePath + "huu-ich/"

// Bounds of the console page.
const (
	usefulTexts = 3   // the latest texts shown per page
	usefulRows  = 100 // pages shown; the CSV has them all
)

// usefulSorts are the orders offered, by their value of ?sap-xep=, the
// first the default.
var usefulSorts = []struct {
	key, label string
	by         participation.VoteOrder
}{
	{"khong", "Nhiều «Không» nhất", participation.ByNo},
	{"ti-le", "Tỉ lệ hữu ích thấp nhất", participation.ByShare},
	{"tong", "Nhiều câu trả lời nhất", participation.ByTotal},
	{"trang", "Theo địa chỉ trang", participation.ByPage},
}

// usefulPeriods are the periods offered, by their value of ?thoi-gian=
// (days; 0 is all), the first the default: a year, as long as the texts
// are kept by default.
var usefulPeriods = []struct {
	key, label string
	days       int
}{
	{"365", "12 tháng qua", 365},
	{"90", "90 ngày qua", 90},
	{"30", "30 ngày qua", 30},
	{"tat-ca", "Từ trước đến nay", 0},
}

// usefulReportView is what console/useful.html shows.
type usefulReportView struct {
	Chrome         Chrome
	Rows           []usefulRow
	Pages, Shown   int // pages with votes, and those shown
	Yes, No        int // all votes of the period
	Sort, Period   string
	PeriodLabel    string
	Sorts, Periods []option
	CSV            string
	RetainDays     int
}

// usefulRow is one page of the list.
type usefulRow struct {
	Page, Title string
	Yes, No     int
	Share       string // "62 %"
	Last        string
	Texts       []usefulText
}

// usefulText is one of a page's latest texts, as the list shows it.
type usefulText struct {
	Useful         bool
	Text, Received string
}

// usefulReport serves usefulPath.
func (s *Server) usefulReport(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	q := r.URL.Query()
	sort, by := usefulSorts[0].key, usefulSorts[0].by
	for _, o := range usefulSorts {
		if o.key == q.Get("sap-xep") {
			sort, by = o.key, o.by
		}
	}
	period := usefulPeriods[0]
	for _, o := range usefulPeriods {
		if o.key == q.Get("thoi-gian") {
			period = o
		}
	}
	now := s.now()
	var since time.Time
	if period.days > 0 {
		since = now.AddDate(0, 0, -period.days)
	}
	csvOut := q.Get("dinh-dang") == "csv"
	texts := usefulTexts
	if csvOut {
		texts = 0
	}
	ctx, cancel := consoleCtx(r)
	defer cancel()
	rows, err := s.opts.Participation.Store.VoteTally(ctx, since, texts)
	if err != nil {
		s.log.Printf("reports: page votes: %v", err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được số liệu, xin thử lại.")
		return
	}
	participation.SortPageVotes(rows, by)
	cat, _ := s.catalog.get()
	title := func(page string) string {
		if cat != nil {
			return cat.Targets[page].Title
		}
		return ""
	}
	if csvOut {
		recs := [][]string{{"page", "title", "yes", "no", "total", "share_useful", "last_vote"}}
		for _, row := range rows {
			recs = append(recs, []string{row.Page, title(row.Page), strconv.Itoa(row.Yes), strconv.Itoa(row.No), strconv.Itoa(row.Yes + row.No),
				strconv.FormatFloat(row.Share(), 'f', 3, 64), row.Last.UTC().Format(time.RFC3339)})
		}
		writeCSV(w, r, "trang-huu-ich.csv", recs)
		return
	}
	v := usefulReportView{Chrome: sr.chrome(), Pages: len(rows), Sort: sort, Period: period.key, PeriodLabel: period.label,
		RetainDays: s.opts.Participation.Config.WithDefaults().RetentionDays}
	for _, o := range usefulSorts {
		v.Sorts = append(v.Sorts, option{o.key, o.label})
	}
	for _, o := range usefulPeriods {
		v.Periods = append(v.Periods, option{o.key, o.label})
	}
	for i, row := range rows {
		v.Yes += row.Yes
		v.No += row.No
		if i >= usefulRows {
			continue
		}
		out := usefulRow{Page: row.Page, Title: title(row.Page), Yes: row.Yes, No: row.No,
			Share: fmt.Sprintf("%.0f %%", 100*row.Share()), Last: vnTime(row.Last)}
		for _, t := range row.Texts {
			out.Texts = append(out.Texts, usefulText{Useful: t.Useful, Text: t.Text, Received: vnTime(t.Received)})
		}
		v.Rows = append(v.Rows, out)
	}
	v.Shown = len(v.Rows)
	v.CSV = usefulPath + "?" + url.Values{"sap-xep": {sort}, "thoi-gian": {period.key}, "dinh-dang": {"csv"}}.Encode()
	s.writeConsole(w, r, http.StatusOK, "console/useful.html", v)
}

// writeCSV sends records as a CSV file to download: UTF-8 with a BOM, so
// that Excel reads the diacritics, and CRLF line ends.
func writeCSV(w http.ResponseWriter, r *http.Request, filename string, records [][]string) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	_ = cw.WriteAll(records) // a bytes.Buffer does not fail
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	writeBody(w, r, http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
