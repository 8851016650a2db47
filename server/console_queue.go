package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/staff"
)

// queueView is what console/queue.html shows.
type queueView struct {
	Chrome   Chrome
	Items    []queueItem
	Total    int
	Filter   queueFilter
	Kinds    []option
	Statuses []option
	Topics   []participation.Topic
	Communes []string
	Prev     string
	Next     string
	Page     int
}

type queueFilter struct {
	Kind, Status, Topic, Commune, Mine, Age string
}

type option struct{ Key, Label string }

// queueItem is one line of the queue, with its deadline.
type queueItem struct {
	Code, Kind, KindLabel, Status, StatusLabel string
	TopicLabel, Commune, Target, TargetTitle   string
	Received                                   string
	Excerpt                                    string
	Assignee                                   string
	DaysLeft, DaysLate                         int
	Late, Open                                 bool
}

const queuePageSize = 30

func (s *Server) queueFilter(r *http.Request, sr *staffRequest) (participation.Filter, queueFilter, int) {
	q := r.URL.Query()
	fv := queueFilter{Kind: q.Get("loai"), Status: q.Get("tinh-trang"), Topic: q.Get("chu-de"), Commune: q.Get("xa"), Mine: q.Get("cua-toi"), Age: q.Get("cu-hon")}
	f := participation.Filter{Kind: participation.Kind(fv.Kind), Status: participation.Status(fv.Status), Topic: fv.Topic, Commune: fv.Commune, Limit: queuePageSize}
	if fv.Status == "" {
		fv.Status = "mo"
	}
	if fv.Status == "mo" {
		f.Status = "" // open ones: received and handling, filtered below
	}
	if fv.Mine == "1" {
		f.Assignee = sr.actor()
	}
	if d, err := strconv.Atoi(fv.Age); err == nil && d > 0 {
		f.Before = s.now().Add(-time.Duration(d) * 24 * time.Hour)
	}
	page, _ := strconv.Atoi(q.Get("trang"))
	if page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * queuePageSize
	return f, fv, page
}

// queuePage lists the submissions to work, oldest first, with the days
// left to answer each.
func (s *Server) queuePage(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	_, queue, _ := s.consoleStores()
	ctx, cancel := consoleCtx(r)
	defer cancel()
	f, fv, page := s.queueFilter(r, sr)
	var subs []*participation.Submission
	var total int
	var err error
	if fv.Status == "mo" {
		// The open queue is received and handling together.
		subs, total, err = s.openQueue(r, queue, f)
	} else {
		subs, total, err = queue.List(ctx, f)
	}
	if err != nil {
		s.log.Printf("console: listing the queue: %v", err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được danh sách, xin thử lại.")
		return
	}
	cat, _ := s.catalog.get()
	v := queueView{Chrome: sr.chrome(), Total: total, Filter: fv, Topics: participation.Topics, Page: page}
	if cat != nil {
		v.Communes = cat.Communes
	}
	for _, k := range participation.Kinds {
		v.Kinds = append(v.Kinds, option{string(k), kindLabels[k]})
	}
	v.Statuses = []option{{"mo", "Đang chờ xử lý"}}
	for _, st := range []participation.Status{participation.StatusReceived, participation.StatusHandling, participation.StatusAnswered, participation.StatusDeclined} {
		v.Statuses = append(v.Statuses, option{string(st), st.Label()})
	}
	for _, sub := range subs {
		v.Items = append(v.Items, s.newQueueItem(sub, cat))
	}
	link := func(p int) string {
		q := r.URL.Query()
		q.Set("trang", strconv.Itoa(p))
		return ConsolePath + "?" + q.Encode()
	}
	if page > 1 {
		v.Prev = link(page - 1)
	}
	if page*queuePageSize < total {
		v.Next = link(page + 1)
	}
	s.writeConsole(w, r, http.StatusOK, "console/queue.html", v)
}

// openQueue lists received and handling submissions as one queue.
func (s *Server) openQueue(r *http.Request, queue participation.Queue, f participation.Filter) ([]*participation.Submission, int, error) {
	var all []*participation.Submission
	total := 0
	for _, st := range []participation.Status{participation.StatusReceived, participation.StatusHandling} {
		g := f
		g.Status, g.Offset, g.Limit = st, 0, f.Offset+f.Limit
		subs, n, err := queue.List(r.Context(), g)
		if err != nil {
			return nil, 0, err
		}
		all = append(all, subs...)
		total += n
	}
	// Oldest first across both, then the page.
	sortByReceived(all)
	if f.Offset >= len(all) {
		return nil, total, nil
	}
	all = all[f.Offset:]
	if len(all) > f.Limit {
		all = all[:f.Limit]
	}
	return all, total, nil
}

func (s *Server) newQueueItem(sub *participation.Submission, cat *participation.Catalog) queueItem {
	it := queueItem{Code: sub.Code, Kind: string(sub.Kind), KindLabel: kindLabels[sub.Kind], Status: string(sub.Status), StatusLabel: sub.Status.Label(),
		TopicLabel: participation.TopicLabel(sub.Topic), Commune: sub.Commune, Target: sub.Target,
		Received: vnTime(sub.Received), Excerpt: excerpt(sub.Text, 140), Assignee: sub.Assignee,
		Open: sub.Status == participation.StatusReceived || sub.Status == participation.StatusHandling}
	if cat != nil {
		it.TargetTitle = cat.Targets[sub.Target].Title
	}
	days := s.opts.Participation.Config.WithDefaults().Deadlines[string(sub.Kind)]
	if days > 0 && it.Open {
		due := sub.Received.Add(time.Duration(days) * 24 * time.Hour)
		left := due.Sub(s.now()).Hours() / 24
		it.Late = left < 0
		if it.Late {
			it.DaysLate = int(-left) // whole days past; 0 reads "under a day"
		} else {
			it.DaysLeft = int(left) // whole days: staff are told no more time than they have
		}
	}
	return it
}

// excerpt cuts a text for a list, on a word.
func excerpt(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	for i := len(cut) - 1; i > n/2; i-- {
		if cut[i] == ' ' {
			return cut[:i] + "…"
		}
	}
	return cut + "…"
}

// itemView is what console/item.html shows: one submission with its
// personal data and photos (only here), and the forms to work it.
type itemView struct {
	Chrome       Chrome
	Item         queueItem
	Sub          *participation.Submission
	Photos       []string // URLs under the console
	Scores       []scoreView
	Reasons      []participation.DeclineReason
	Statuses     []option
	Deadline     int
	Message      string
	Error        string
	ReasonLabel  string
	ErasedOn     string
	Kind         string
	IsComment    bool
	Answered     string
	HasPersonal  bool
	AssignedToMe bool
}

type scoreView struct {
	Label string
	Score int
}

// itemPage opens one submission; opening it is logged, since it shows
// personal data.
func (s *Server) itemPage(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	s.showItem(w, r, sr, http.StatusOK, r.URL.Query().Get("da-luu") == "1", "")
}

func (s *Server) showItem(w http.ResponseWriter, r *http.Request, sr *staffRequest, status int, saved bool, problem string) {
	st, _, _ := s.consoleStores()
	ctx, cancel := consoleCtx(r)
	defer cancel()
	code := participation.NormalizeCode(r.PathValue("code"))
	if code == "" {
		s.consoleError(w, r, sr, http.StatusNotFound, "Mã không đúng dạng.")
		return
	}
	sub, err := s.opts.Participation.Store.Get(ctx, code)
	if errors.Is(err, participation.ErrNotFound) {
		s.consoleError(w, r, sr, http.StatusNotFound, "Không có ý kiến mang mã này.")
		return
	}
	if err != nil {
		s.log.Printf("console: reading %s: %v", code, err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được, xin thử lại.")
		return
	}
	if err := st.Append(ctx, staff.Entry{At: s.now().UTC(), Actor: sr.actor(), Action: staff.ActOpen, Target: code}); err != nil {
		s.log.Printf("console: logging an opening: %v", err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa ghi được nhật ký, nên chưa mở được, xin thử lại.")
		return
	}
	cat, _ := s.catalog.get()
	v := itemView{Chrome: sr.chrome(), Item: s.newQueueItem(sub, cat), Sub: sub, Reasons: participation.DeclineReasons,
		ReasonLabel: participation.DeclineLabel(sub.Reason), Kind: string(sub.Kind), IsComment: sub.Kind == participation.KindComment,
		Error: problem, AssignedToMe: sub.Assignee == sr.actor(),
		HasPersonal: sub.Name != "" || sub.Contact != "" || sub.Address != "" || len(sub.Photos) > 0}
	if saved {
		v.Message = "Đã lưu."
	}
	if !sub.Erased.IsZero() {
		v.ErasedOn = vnTime(sub.Erased)
	}
	if !sub.Answered.IsZero() {
		v.Answered = vnTime(sub.Answered)
	}
	for i := range sub.Photos {
		v.Photos = append(v.Photos, fmt.Sprintf("%sanh/%s/%d", ConsolePath, code, i+1))
	}
	for _, c := range participation.Criteria {
		if n, ok := sub.Scores[c.Key]; ok {
			v.Scores = append(v.Scores, scoreView{c.Label, n})
		}
	}
	for _, st := range []participation.Status{participation.StatusReceived, participation.StatusHandling} {
		v.Statuses = append(v.Statuses, option{string(st), st.Label()})
	}
	s.writeConsole(w, r, status, "console/item.html", v)
}

// itemChange applies one of the item page's forms.
func (s *Server) itemChange(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	_, queue, _ := s.consoleStores()
	code := participation.NormalizeCode(r.PathValue("code"))
	var c participation.Change
	switch r.PostFormValue("action") {
	case "assign":
		who := sr.actor()
		if r.PostFormValue("to") == "none" {
			who = ""
		}
		c.Assignee = &who
	case "status":
		st := participation.Status(r.PostFormValue("status"))
		if st != participation.StatusReceived && st != participation.StatusHandling {
			s.showItem(w, r, sr, http.StatusBadRequest, false, "Tình trạng không hợp lệ.")
			return
		}
		c.Status = &st
	case "answer":
		a, err := cleanStaffText(r.PostFormValue("answer"), 10000)
		if err != nil || a == "" {
			s.showItem(w, r, sr, http.StatusBadRequest, false, "Hãy viết câu trả lời (tối đa 10.000 ký tự).")
			return
		}
		c.Answer = &a
		if r.PostFormValue("accepted") == "true" {
			yes := true
			c.Accepted = &yes
		}
	case "decline":
		reason := r.PostFormValue("reason")
		if participation.DeclineLabel(reason) == "" {
			s.showItem(w, r, sr, http.StatusBadRequest, false, "Hãy chọn lý do trong danh sách.")
			return
		}
		c.Reason = &reason
	case "merge":
		into := participation.NormalizeCode(r.PostFormValue("into"))
		if into == "" || into == code {
			s.showItem(w, r, sr, http.StatusBadRequest, false, "Mã ý kiến gốc không đúng.")
			return
		}
		c.MergedInto = &into
	default:
		s.showItem(w, r, sr, http.StatusBadRequest, false, "Không rõ việc cần làm.")
		return
	}
	ctx, cancel := consoleCtx(r)
	defer cancel()
	if _, err := queue.Change(ctx, code, c, sr.actor(), s.now().UTC()); err != nil {
		if errors.Is(err, participation.ErrNotFound) {
			s.showItem(w, r, sr, http.StatusBadRequest, false, "Không có ý kiến gốc mang mã đó.")
			return
		}
		if errors.Is(err, participation.ErrInvalidChange) {
			s.showItem(w, r, sr, http.StatusBadRequest, false, "Không làm được việc này với ý kiến ở tình trạng hiện tại (ví dụ gộp vào một ý kiến đã là bản trùng).")
			return
		}
		s.log.Printf("console: changing %s: %v", code, err)
		s.showItem(w, r, sr, http.StatusServiceUnavailable, false, "Chưa lưu được, xin thử lại.")
		return
	}
	http.Redirect(w, r, ConsolePath+"y-kien/"+code+"/?da-luu=1", http.StatusSeeOther)
}

// photo sends one photo of a submission, to staff only.
func (s *Server) photo(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	ctx, cancel := consoleCtx(r)
	defer cancel()
	sub, err := s.opts.Participation.Store.Get(ctx, participation.NormalizeCode(r.PathValue("code")))
	n, _ := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(sub.Photos) {
		http.NotFound(w, r)
		return
	}
	p := sub.Photos[n-1]
	w.Header().Set("Content-Type", p.Type)
	w.Header().Set("Content-Disposition", "inline")
	w.Header().Set("Content-Length", strconv.Itoa(len(p.Data)))
	w.Write(p.Data)
}

// auditPage shows the newest audit entries, to admins.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	st, _, _ := s.consoleStores()
	ctx, cancel := consoleCtx(r)
	defer cancel()
	entries, err := st.Audit(ctx, 200)
	if err != nil {
		s.log.Printf("console: reading the audit log: %v", err)
		s.consoleError(w, r, sr, http.StatusServiceUnavailable, "Chưa đọc được nhật ký, xin thử lại.")
		return
	}
	type row struct{ At, Actor, Action, Target, Before, After string }
	var rows []row
	for _, e := range entries {
		rows = append(rows, row{vnTime(e.At), e.Actor, string(e.Action), e.Target, e.Before, e.After})
	}
	s.writeConsole(w, r, http.StatusOK, "console/audit.html", struct {
		Chrome  Chrome
		Entries []row
	}{sr.chrome(), rows})
}

// apiQueue answers the console's queue in JSON, for scripts staff write.
func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	_, queue, _ := s.consoleStores()
	f, _, _ := s.queueFilter(r, sr)
	subs, total, err := queue.List(r.Context(), f)
	if err != nil {
		writeJSONError(w, http.StatusServiceUnavailable, &search.RequestError{VI: "chưa đọc được", EN: "could not read"})
		return
	}
	out := struct {
		Total int                    `json:"total"`
		Items []participation.Public `json:"items"`
	}{Total: total, Items: []participation.Public{}}
	for _, sub := range subs {
		out.Items = append(out.Items, sub.Public())
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// sortByReceived orders submissions oldest first.
func sortByReceived(subs []*participation.Submission) {
	slices.SortStableFunc(subs, func(a, b *participation.Submission) int { return a.Received.Compare(b.Received) })
}

// cleanStaffText checks a text staff write for the public: valid UTF-8,
// no NUL, at most max characters, in NFC.
func cleanStaffText(s string, max int) (string, error) {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return "", errors.New("invalid text")
	}
	s = strings.TrimSpace(norm.NFC.String(s))
	if utf8.RuneCountInString(s) > max {
		return "", errors.New("too long")
	}
	return s, nil
}
