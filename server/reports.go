package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"path"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/staff"
)

// The reports: satisfaction as open data (served live, public), the
// handling times and hot spots in the console, and for each disclosure
// the public report of how the opinions were taken in.
const (
	satisfactionPath = "/du-lieu/hai-long"
	commentsReport   = "/bao-cao-y-kien/"
)

func (s *Server) reportRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+satisfactionPath+".json", s.satisfaction)
	mux.HandleFunc("GET "+satisfactionPath+".csv", s.satisfaction)
	mux.HandleFunc("GET "+commentsReport, s.commentsReport)
	mux.HandleFunc("GET "+ConsolePath+"bao-cao/", s.withStaff(staff.ActReport, s.handlingReport))
	mux.HandleFunc("GET "+ConsolePath+"diem-nong/", s.withStaff(staff.ActReport, s.hotSpots))
}

func (s *Server) reports() participation.Reports {
	if p := s.opts.Participation; p != nil {
		return p.Reports
	}
	return nil
}

// satisfactionRow is one procedure and quarter of /du-lieu/hai-long.*:
// a cell (the count, or a criterion's share) is null when fewer than
// participation.MinCell ratings lie behind it, so no cell points at one
// citizen.
type satisfactionRow struct {
	Procedure string              `json:"procedure"`
	Title     string              `json:"title,omitempty"`
	Quarter   string              `json:"quarter"`
	Ratings   *int                `json:"ratings"`
	Satisfied map[string]*float64 `json:"satisfied"`
}

type satisfactionData struct {
	AsOf     string            `json:"as_of"`
	MinCell  int               `json:"min_cell"`
	Criteria map[string]string `json:"criteria"`
	Rows     []satisfactionRow `json:"rows"`
}

// satisfaction serves /du-lieu/hai-long.json and .csv.
func (s *Server) satisfaction(w http.ResponseWriter, r *http.Request) {
	rep := s.reports()
	if rep == nil {
		writeJSONError(w, http.StatusServiceUnavailable, errNoParticipation)
		return
	}
	rows, err := rep.Satisfaction(r.Context())
	if err != nil {
		s.log.Printf("reports: satisfaction: %v", err)
		writeJSONError(w, http.StatusServiceUnavailable, &search.RequestError{VI: "chưa đọc được số liệu", EN: "could not read the figures"})
		return
	}
	cat, _ := s.catalog.get()
	d := satisfactionData{AsOf: s.now().UTC().Format(time.RFC3339), MinCell: participation.MinCell, Criteria: map[string]string{}, Rows: []satisfactionRow{}}
	for _, c := range participation.Criteria {
		d.Criteria[c.Key] = c.Label
	}
	for _, row := range rows {
		out := satisfactionRow{Procedure: row.Target, Quarter: row.Quarter, Satisfied: map[string]*float64{}}
		if cat != nil {
			out.Title = cat.Targets[row.Target].Title
		}
		if row.Ratings >= participation.MinCell {
			n := row.Ratings
			out.Ratings = &n
		}
		for _, c := range participation.Criteria {
			if n := row.Scored[c.Key]; n >= participation.MinCell {
				share := math.Round(float64(row.Satisfied[c.Key])/float64(n)*1000) / 1000
				out.Satisfied[c.Key] = &share
			} else {
				out.Satisfied[c.Key] = nil
			}
		}
		d.Rows = append(d.Rows, out)
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Access-Control-Allow-Origin", "*") // open data
	if path.Ext(r.URL.Path) == ".csv" {
		var b bytes.Buffer
		b.WriteString("\ufeff") // Excel opens UTF-8 with a BOM
		cw := csv.NewWriter(&b)
		head := []string{"procedure", "title", "quarter", "ratings"}
		for _, c := range participation.Criteria {
			head = append(head, "satisfied_"+c.Key)
		}
		cw.Write(head)
		for _, row := range d.Rows {
			rec := []string{row.Procedure, row.Title, row.Quarter, ""}
			if row.Ratings != nil {
				rec[3] = strconv.Itoa(*row.Ratings)
			}
			for _, c := range participation.Criteria {
				v := ""
				if p := row.Satisfied[c.Key]; p != nil {
					v = strconv.FormatFloat(*p, 'f', 3, 64)
				}
				rec = append(rec, v)
			}
			cw.Write(rec)
		}
		cw.Flush()
		writeBody(w, r, http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
		return
	}
	s.writeJSON(w, r, http.StatusOK, d)
}

// commentsView is the public report of the comments on one disclosure:
// how many came, how many were taken in, and the agency's answers. The
// citizens' own words are not published: a comment may name people;
// the agency's answer restates the opinion it answers.
type commentsView struct {
	Target, Title                       string
	Received, Accepted, Answered, Other int
	Declined                            []reasonCount
	Items                               []commentRow
	AsOf                                string
}

type reasonCount struct {
	Label string
	Count int
}

type commentRow struct {
	Code, Received, Commune, Status, Answer string
	Accepted                                bool
}

// commentsReport serves /bao-cao-y-kien/?trang=PATH (HTML, printable) and
// &dinh-dang=csv: the report of how a disclosure's opinions were taken in
// (báo cáo tổng hợp, tiếp thu, giải trình).
func (s *Server) commentsReport(w http.ResponseWriter, r *http.Request) {
	rep := s.reports()
	cat, _ := s.catalog.get()
	target := r.URL.Query().Get("trang")
	if rep == nil || cat == nil {
		http.Error(w, errNoParticipation.Error(), http.StatusServiceUnavailable)
		return
	}
	t, ok := cat.Targets[target]
	if !ok || t.Type != "disclosure" {
		s.notFound(w, r)
		return
	}
	subs, err := rep.Comments(r.Context(), target)
	if err != nil {
		s.log.Printf("reports: comments of %s: %v", target, err)
		http.Error(w, "chưa đọc được số liệu / could not read the figures", http.StatusServiceUnavailable)
		return
	}
	v := commentsView{Target: target, Title: t.Title, AsOf: vnTime(s.now())}
	declined := map[string]int{}
	for _, sub := range subs {
		v.Received++
		switch {
		case sub.Status == participation.StatusDeclined:
			declined[participation.DeclineLabel(sub.Reason)]++
		case sub.Accepted:
			v.Accepted++
		}
		if sub.Answer != "" {
			v.Answered++
		}
		v.Items = append(v.Items, commentRow{Code: sub.Code, Received: vnTime(sub.Received), Commune: sub.Commune,
			Status: sub.Status.Label(), Answer: sub.Answer, Accepted: sub.Accepted})
	}
	for label, n := range declined {
		v.Declined = append(v.Declined, reasonCount{label, n})
	}
	sort.Slice(v.Declined, func(i, j int) bool { return v.Declined[i].Label < v.Declined[j].Label })
	if r.URL.Query().Get("dinh-dang") == "csv" {
		records := [][]string{{"code", "received", "commune", "status", "accepted", "answer"}}
		for _, it := range v.Items {
			records = append(records, []string{it.Code, it.Received, it.Commune, it.Status, strconv.FormatBool(it.Accepted), it.Answer})
		}
		writeCSV(w, r, "bao-cao-y-kien.csv", records)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	body, err := s.tmpl.render("participation/report.html", v)
	if err != nil {
		s.log.Printf("reports: rendering: %v", err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	s.writeFramed(w, r, http.StatusOK, "Báo cáo tiếp thu ý kiến: "+v.Title, body)
}

// handlingReport shows, per kind, how many were answered and how many
// on time, over the last 12 months.
func (s *Server) handlingReport(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	rep := s.reports()
	now := s.now()
	handled, err := rep.HandlingTimes(r.Context(), now.AddDate(-1, 0, 0), now)
	if err != nil {
		s.log.Printf("reports: handling times: %v", err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được số liệu, xin thử lại.")
		return
	}
	deadlines := s.opts.Participation.Config.WithDefaults().Deadlines
	type kindRow struct {
		Label             string
		Answered, OnTime  int
		Share, MedianDays string
		Deadline          int
	}
	var rows []kindRow
	for _, k := range participation.Kinds {
		row := kindRow{Label: kindLabels[k], Deadline: deadlines[string(k)]}
		var days []float64
		for _, h := range handled {
			if h.Kind != k {
				continue
			}
			row.Answered++
			d := h.Answered.Sub(h.Received).Hours() / 24
			days = append(days, d)
			if row.Deadline == 0 || d <= float64(row.Deadline) {
				row.OnTime++
			}
		}
		if row.Answered > 0 {
			slices.Sort(days)
			row.MedianDays = strconv.FormatFloat(days[len(days)/2], 'f', 1, 64)
			row.Share = fmt.Sprintf("%.0f%%", 100*float64(row.OnTime)/float64(row.Answered))
		}
		rows = append(rows, row)
	}
	s.writeConsole(w, r, http.StatusOK, "console/report.html", struct {
		Chrome Chrome
		Rows   []kindRow
		From   string
	}{sr.chrome(), rows, vnTime(now.AddDate(-1, 0, 0))})
}

// hotSpot is one flagged cell.
type hotSpot struct {
	Topic, TopicLabel, Commune string
	Recent                     int
	Baseline                   string
	Link                       string
}

func (s *Server) hotSpots(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	rep := s.reports()
	now := s.now()
	spots, err := findHotSpots(r, rep, now)
	if err != nil {
		s.log.Printf("reports: hot spots: %v", err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được số liệu, xin thử lại.")
		return
	}
	s.writeConsole(w, r, http.StatusOK, "console/hotspots.html", struct {
		Chrome Chrome
		Spots  []hotSpot
		Min    int
		Factor float64
		Weeks  int
	}{sr.chrome(), spots, participation.HotMin, participation.HotFactor, participation.HotWeeks})
}

// findHotSpots reads the two windows and applies the rule.
func findHotSpots(r *http.Request, rep participation.Reports, now time.Time) ([]hotSpot, error) {
	recentFrom, baseFrom := participation.HotSpotWindows(now)
	recent, err := rep.FeedbackCounts(r.Context(), recentFrom, now)
	if err != nil {
		return nil, err
	}
	base, err := rep.FeedbackCounts(r.Context(), baseFrom, recentFrom)
	if err != nil {
		return nil, err
	}
	var out []hotSpot
	for _, h := range participation.FindHotSpots(recent, base) {
		q := "/quan-tri/?tinh-trang=mo&chu-de=" + url.QueryEscape(h.Topic)
		if h.Commune != "" {
			q += "&xa=" + url.QueryEscape(h.Commune)
		}
		out = append(out, hotSpot{Topic: h.Topic, TopicLabel: participation.TopicLabel(h.Topic), Commune: h.Commune, Recent: h.Recent,
			Baseline: strconv.FormatFloat(h.Baseline, 'f', 1, 64), Link: q})
	}
	return out, nil
}

// missesPage lists what citizens searched for in the last 4 weeks and
// did not find, most frequent first.
func (s *Server) missesPage(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	var misses []search.Miss
	if s.opts.Misses != nil {
		var err error
		if misses, err = s.opts.Misses.Top(r.Context(), 4, 50); err != nil {
			s.log.Printf("reports: search misses: %v", err)
			s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được số liệu, xin thử lại.")
			return
		}
	}
	s.writeConsole(w, r, http.StatusOK, "console/misses.html", struct {
		Chrome Chrome
		Misses []search.Miss
	}{sr.chrome(), misses})
}
