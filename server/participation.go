package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/layouts"
	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/staff"
)

// Participation configures citizens' submissions: comments on open
// disclosures, feedback and ratings (POST /api/feedback), their status
// (GET /api/feedback/{code}, /theo-doi/{code}/), the erasure of their
// personal data, and the readers' answers to "Trang này có hữu ích
// không?" (POST /api/useful, server/useful.go), kept in the same Store.
type Participation struct {
	// Store keeps submissions; it must be durable (see participation.Store).
	Store participation.Store
	// Config is [participation] of site.toml, with defaults applied.
	Config participation.Config
	// Challenger issues and checks the anti-spam challenge; nil when
	// Config turns it off.
	Challenger *participation.Challenger
	// Now is the clock (time.Now when nil): a comment period is judged
	// at the moment of sending, and tests move the day.
	Now func() time.Time
	// Staff and Queue are the staff's side, for the console under
	// /quan-tri/ (sqlstore.Store is all three stores); nil turns the
	// console off.
	Staff staff.Store
	Queue participation.Queue
	// Reports gives the counts behind the open data on satisfaction, the
	// public report of each disclosure's comments, and the console's
	// reports; nil turns them off.
	Reports participation.Reports
}

// participationRoutes adds the participation handlers to mux.
func (s *Server) participationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST "+participation.SubmitPath, s.submit)
	mux.HandleFunc("GET "+participation.SubmitPath+"/{code}", s.apiStatus)
	mux.HandleFunc("POST "+participation.SubmitPath+"/{code}/erasure", s.erase)
	mux.HandleFunc("GET /api/challenge", s.apiChallenge)
	mux.HandleFunc("/theo-doi/", s.statusPage)
	s.usefulRoutes(mux)
	s.consoleRoutes(mux)
	s.reportRoutes(mux)
}

// challengeAnswer is the answer of GET /api/challenge.
type challengeAnswer struct {
	Token    string `json:"token"`
	Bits     int    `json:"bits"`
	Question string `json:"question"`
}

// apiChallenge gives a fresh challenge, for a script that sends a second
// submission from the same page (a token is good once) and for portals
// that embed a form.
func (s *Server) apiChallenge(w http.ResponseWriter, r *http.Request) {
	if !s.apiPreamble(w, r) {
		return
	}
	p := s.opts.Participation
	if p == nil {
		writeJSONError(w, http.StatusServiceUnavailable, errNoParticipation)
		return
	}
	if p.Challenger == nil {
		s.writeJSON(w, r, http.StatusOK, challengeAnswer{})
		return
	}
	ch := p.Challenger.Issue()
	s.writeJSON(w, r, http.StatusOK, challengeAnswer{Token: ch.Token, Bits: ch.Bits, Question: ch.Question})
}

func (s *Server) now() time.Time {
	if p := s.opts.Participation; p != nil && p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Errors of the participation API that are not about one field.
var (
	errNoParticipation = &search.RequestError{VI: "chưa bật tiếp nhận ý kiến", EN: "participation is not enabled"}
	errTooLarge        = &search.RequestError{VI: fmt.Sprintf("nội dung gửi quá lớn (tối đa %d MB)", participation.MaxBody>>20), EN: fmt.Sprintf("request too large (at most %d MB)", participation.MaxBody>>20)}
	errBadForm         = &search.RequestError{VI: "dữ liệu gửi sai định dạng", EN: "malformed request"}
	errHoneypot        = &search.RequestError{VI: "không gửi được", EN: "cannot be sent"}
	errForeignOrigin   = &search.RequestError{VI: "trang gửi không được phép", EN: "origin not allowed"}
	errNoCode          = &search.RequestError{VI: "không có ý kiến mang mã này", EN: "no submission with this code"}
	errBadCode         = &search.RequestError{VI: "mã theo dõi không đúng dạng (ví dụ 7K2QD-M9XF4-P)", EN: "malformed tracking code (e.g. 7K2QD-M9XF4-P)"}
)

// submitted is the answer of a successful POST /api/feedback.
type submitted struct {
	Code      string `json:"code"`
	StatusURL string `json:"status_url"`
}

// submit takes one submission. JSON in (or Accept: application/json,
// which /js/participation.js sends with its form data) gets JSON out; a
// plain form post gets a redirect to the status page, or the form again
// with what needs correcting.
func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	p := s.opts.Participation
	asJSON := wantsJSON(r)
	fail := func(status int, e *search.RequestError, form *participation.Form) {
		if asJSON || form == nil {
			writeJSONError(w, status, e)
			return
		}
		s.writeFormPage(w, r, status, *form)
	}
	if p == nil {
		fail(http.StatusServiceUnavailable, errNoParticipation, nil)
		return
	}
	if o := r.Header.Get("Origin"); o != "" && !s.originAllowed(o, r) {
		fail(http.StatusForbidden, errForeignOrigin, nil)
		return
	}
	if e := s.overLimit(w, r, s.limiter); e != nil {
		fail(http.StatusTooManyRequests, e, nil)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, participation.MaxBody)
	in, extra, err := readSubmission(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(http.StatusRequestEntityTooLarge, errTooLarge, nil)
			return
		}
		fail(http.StatusBadRequest, errBadForm, nil)
		return
	}
	cat, err := s.catalog.get()
	if err != nil {
		s.log.Printf("participation: reading the catalog: %v", err)
		fail(http.StatusServiceUnavailable, errNoParticipation, nil)
		return
	}
	now := s.now()
	form := s.formFor(cat, in, now)
	if extra.honeypot != "" {
		fail(http.StatusBadRequest, errHoneypot, nil)
		return
	}
	if p.Challenger != nil {
		if err := p.Challenger.Verify(extra.challenge, extra.pow, extra.answer); err != nil {
			form.Error = challengeProblem(err)
			fail(http.StatusBadRequest, fieldError(form.Error), &form)
			return
		}
	}
	if len(in.Photos) > 0 {
		// Decoding a photo takes up to a core and 200 MB for a moment:
		// a few at a time, whatever the number of senders.
		select {
		case s.photoSlots <- struct{}{}:
			defer func() { <-s.photoSlots }()
		case <-r.Context().Done():
			return
		}
	}
	sub, err := participation.Accept(in, cat, now)
	if err != nil {
		var pe *participation.Error
		if !errors.As(err, &pe) {
			s.log.Printf("participation: checking a submission: %v", err)
			fail(http.StatusInternalServerError, errInternal, nil)
			return
		}
		status := http.StatusBadRequest
		if pe.Closed {
			status = http.StatusConflict
		}
		form.Error = pe
		fail(status, fieldError(pe), &form)
		return
	}
	code, err := s.store(r.Context(), sub, r.Header.Get("Idempotency-Key"))
	if err != nil {
		if r.Context().Err() != nil {
			return
		}
		s.log.Printf("participation: storing a %s: %v", sub.Kind, err)
		fail(http.StatusServiceUnavailable, &search.RequestError{VI: "chưa lưu được ý kiến, xin thử lại", EN: "could not store the submission, please retry"}, &form)
		return
	}
	statusURL := "/theo-doi/" + code + "/"
	if !asJSON {
		http.Redirect(w, r, statusURL+"?moi=1", http.StatusSeeOther)
		return
	}
	w.Header().Set("Location", statusURL)
	s.writeJSON(w, r, http.StatusCreated, submitted{Code: code, StatusURL: statusURL})
}

// overLimit takes a token from lim for the request's address, or says
// how long to wait: it sets Retry-After and returns the 429's message.
// The address is only the bucket's key, never kept.
func (s *Server) overLimit(w http.ResponseWriter, r *http.Request, lim *participation.Limiter) *search.RequestError {
	ok, retry := lim.Allow(clientAddr(r, s.opts.Participation.Config.TrustedProxies), s.now())
	if ok {
		return nil
	}
	secs := int(retry/time.Second) + 1
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	return &search.RequestError{
		VI: fmt.Sprintf("gửi quá nhiều trong thời gian ngắn; hãy thử lại sau %d giây", secs),
		EN: fmt.Sprintf("too many submissions; retry in %d seconds", secs)}
}

// challengeProblem words a failed anti-spam check as the form's error on
// its field "challenge", in the words of the Challenger's verdict.
func challengeProblem(err error) *participation.Error {
	pe := &participation.Error{Field: "challenge", VI: "chưa qua được kiểm tra chống thư rác", EN: "the anti-spam check failed"}
	var ce *participation.ChallengeError
	if errors.As(err, &ce) {
		pe.VI, pe.EN = ce.VI, ce.EN
	}
	return pe
}

// fieldError words a submission's problem for the JSON API, naming the
// field a script should mark.
func fieldError(pe *participation.Error) *search.RequestError {
	if pe.Field == "" {
		return &search.RequestError{VI: pe.VI, EN: pe.EN}
	}
	return &search.RequestError{VI: pe.Field + ": " + pe.VI, EN: pe.Field + ": " + pe.EN}
}

// store draws a code and adds the submission, drawing again in the
// unlikely case the code is taken.
func (s *Server) store(ctx context.Context, sub *participation.Submission, key string) (string, error) {
	if len(key) > 200 {
		key = key[:200]
	}
	for range 5 {
		code, err := participation.NewCode()
		if err != nil {
			return "", err
		}
		sub.Code = code
		got, _, err := s.opts.Participation.Store.Add(ctx, sub, key)
		if errors.Is(err, participation.ErrCodeTaken) {
			continue
		}
		return got, err
	}
	return "", errors.New("participation: five codes in a row were taken")
}

// formFor lays out the form the citizen sent, with their values, for the
// answer to a plain form post that needs correcting.
func (s *Server) formFor(cat *participation.Catalog, in participation.Input, now time.Time) participation.Form {
	t := cat.Targets[in.Target]
	if t.Path == "" {
		t = participation.Target{Path: in.Target}
	}
	f := participation.NewForm(participation.Kind(in.Kind), t, cat.Communes, s.opts.Participation.Config, now)
	in.Photos = nil // never sent back
	f.Values = in
	s.challengeInto(&f)
	return f
}

// challengeInto gives a form a fresh challenge.
func (s *Server) challengeInto(f *participation.Form) {
	if c := s.opts.Participation.Challenger; c != nil {
		ch := c.Issue()
		f.Token, f.Bits, f.Question = ch.Token, ch.Bits, ch.Question
	}
}

// extraFields are the form's fields that are not the submission's.
type extraFields struct {
	challenge, pow, answer string
	honeypot               string
}

// readSubmission reads a JSON body or a form (urlencoded or multipart,
// photos in the "photos" field).
func readSubmission(r *http.Request) (participation.Input, extraFields, error) {
	var in participation.Input
	var ex extraFields
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype == "application/json" {
		var body struct {
			Kind, Target, Topic, Text, Name, Contact, Commune, Address string
			Scores                                                     map[string]int
			Consent                                                    bool
			Challenge, Pow, Answer, Website                            string
		}
		if err := decodeStrict(r.Body, &body); err != nil {
			return in, ex, err
		}
		in = participation.Input{Kind: body.Kind, Target: body.Target, Topic: body.Topic, Text: body.Text,
			Name: body.Name, Contact: body.Contact, Commune: body.Commune, Address: body.Address,
			Scores: body.Scores, Consent: body.Consent}
		ex = extraFields{challenge: body.Challenge, pow: body.Pow, answer: body.Answer, honeypot: body.Website}
		return in, ex, nil
	}
	var vals url.Values
	switch ctype {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(participation.MaxBody); err != nil {
			return in, ex, err
		}
		defer r.MultipartForm.RemoveAll()
		vals = r.MultipartForm.Value
		for _, fh := range r.MultipartForm.File["photos"] {
			if fh.Size == 0 {
				continue // the empty file input of a form sent without photos
			}
			f, err := fh.Open()
			if err != nil {
				return in, ex, err
			}
			b, err := io.ReadAll(io.LimitReader(f, participation.MaxPhotoBytes+1))
			f.Close()
			if err != nil {
				return in, ex, err
			}
			in.Photos = append(in.Photos, b)
		}
	case "application/x-www-form-urlencoded":
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return in, ex, err
		}
		if vals, err = url.ParseQuery(string(b)); err != nil {
			return in, ex, err
		}
	default:
		return in, ex, fmt.Errorf("content type %q", ctype)
	}
	in.Kind, in.Target, in.Topic, in.Text = vals.Get("kind"), vals.Get("target"), vals.Get("topic"), vals.Get("text")
	in.Name, in.Contact, in.Commune, in.Address = vals.Get("name"), vals.Get("contact"), vals.Get("commune"), vals.Get("address")
	in.Consent = vals.Get("consent") == "true" || vals.Get("consent") == "on"
	for _, c := range participation.Criteria {
		if v := vals.Get("score-" + c.Key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // out of range: Accept names the criterion
			}
			if in.Scores == nil {
				in.Scores = map[string]int{}
			}
			in.Scores[c.Key] = n
		}
	}
	ex = extraFields{challenge: vals.Get("challenge"), pow: vals.Get("pow"), answer: vals.Get("answer"), honeypot: vals.Get("website")}
	return in, ex, nil
}

// wantsJSON tells a script's request from a browser's plain form post.
func wantsJSON(r *http.Request) bool {
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ctype == "application/json" || strings.Contains(r.Header.Get("Accept"), "application/json")
}

// clientAddr is the address a request comes from, for the rate limits:
// the peer, or the last address a trusted proxy (nginx) put into
// X-Forwarded-For. It is never stored or logged.
func clientAddr(r *http.Request, trusted []string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	for _, t := range trusted {
		if host == t {
			if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
				parts := strings.Split(xff, ",")
				return strings.TrimSpace(parts[len(parts)-1])
			}
		}
	}
	return host
}

// apiStatus answers GET /api/feedback/{code}: the public part only.
func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request) {
	if !s.apiPreamble(w, r) {
		return
	}
	sub, status, e := s.lookup(r, r.PathValue("code"))
	if e != nil {
		writeJSONError(w, status, e)
		return
	}
	s.writeJSON(w, r, http.StatusOK, sub.Public())
}

// lookup finds the submission of a code as typed.
func (s *Server) lookup(r *http.Request, typed string) (*participation.Submission, int, *search.RequestError) {
	if s.opts.Participation == nil {
		return nil, http.StatusServiceUnavailable, errNoParticipation
	}
	code := participation.NormalizeCode(typed)
	if code == "" {
		return nil, http.StatusBadRequest, errBadCode
	}
	sub, err := s.opts.Participation.Store.Get(r.Context(), code)
	switch {
	case errors.Is(err, participation.ErrNotFound):
		return nil, http.StatusNotFound, errNoCode
	case err != nil:
		s.log.Printf("participation: reading a submission: %v", err)
		return nil, http.StatusServiceUnavailable, &search.RequestError{VI: "chưa đọc được, xin thử lại", EN: "could not read, please retry"}
	}
	return sub, http.StatusOK, nil
}

// erase blanks the personal fields of a submission, at the citizen's
// request with the code: whoever holds the code sent it.
func (s *Server) erase(w http.ResponseWriter, r *http.Request) {
	asJSON := wantsJSON(r)
	if o := r.Header.Get("Origin"); o != "" && !s.originAllowed(o, r) {
		writeJSONError(w, http.StatusForbidden, errForeignOrigin)
		return
	}
	sub, status, e := s.lookup(r, r.PathValue("code"))
	if e != nil {
		writeJSONError(w, status, e)
		return
	}
	if err := s.opts.Participation.Store.ErasePersonal(r.Context(), sub.Code, s.now()); err != nil {
		s.log.Printf("participation: erasing: %v", err)
		writeJSONError(w, http.StatusServiceUnavailable, &search.RequestError{VI: "chưa xóa được, xin thử lại", EN: "could not erase, please retry"})
		return
	}
	if !asJSON {
		http.Redirect(w, r, "/theo-doi/"+sub.Code+"/", http.StatusSeeOther)
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]bool{"erased": true})
}

// statusPage serves /theo-doi/CODE/ in the site's look, /theo-doi/?ma=…
// as a redirect to it, and /theo-doi/ as the box to type a code.
func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) {
	if !methodAllowed(w, r, false) {
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store") // a code is a key: keep its page out of caches
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Referrer-Policy", "same-origin") // never to other sites; the own forms keep their Origin
	rest := strings.TrimPrefix(r.URL.Path, "/theo-doi/")
	if rest == "" {
		if typed := r.URL.Query().Get("ma"); typed != "" {
			if code := participation.NormalizeCode(typed); code != "" {
				http.Redirect(w, r, "/theo-doi/"+code+"/", http.StatusSeeOther)
				return
			}
			s.writeStatusPage(w, r, http.StatusBadRequest, statusView{Code: typed, NotFound: true})
			return
		}
		s.writeStatusPage(w, r, http.StatusOK, statusView{Lookup: true})
		return
	}
	typed := strings.TrimSuffix(rest, "/")
	if strings.Contains(typed, "/") || !strings.HasSuffix(rest, "/") {
		s.notFound(w, r)
		return
	}
	sub, status, e := s.lookup(r, typed)
	if e != nil {
		if status == http.StatusServiceUnavailable {
			http.Error(w, e.Error(), status)
			return
		}
		s.writeStatusPage(w, r, http.StatusNotFound, statusView{Code: typed, NotFound: true})
		return
	}
	if sub.Code != typed {
		http.Redirect(w, r, "/theo-doi/"+sub.Code+"/", http.StatusMovedPermanently)
		return
	}
	cat, _ := s.catalog.get()
	s.writeStatusPage(w, r, http.StatusOK, newStatusView(sub, cat, r.URL.Query().Get("moi") == "1"))
}

// statusView is what layouts/participation/status.html shows.
type statusView struct {
	Code                  string
	Public                participation.Public
	Sent, NotFound        bool
	Lookup                bool
	KindLabel, TopicLabel string
	TargetTitle           string
	Received, Updated     string
	ReceivedISO           string
	UpdatedISO            string
	Erased                string
	Steps                 []statusStep
}

type statusStep struct {
	Label         string
	Done, Current bool
}

var kindLabels = map[participation.Kind]string{
	participation.KindComment:  "Góp ý",
	participation.KindFeedback: "Phản ánh, kiến nghị",
	participation.KindRating:   "Đánh giá",
}

func newStatusView(sub *participation.Submission, cat *participation.Catalog, sent bool) statusView {
	v := statusView{Code: sub.Code, Public: sub.Public(), Sent: sent, KindLabel: kindLabels[sub.Kind],
		TopicLabel: participation.TopicLabel(sub.Topic),
		Received:   vnTime(sub.Received), Updated: vnTime(sub.Updated),
		ReceivedISO: sub.Received.Format(time.RFC3339), UpdatedISO: sub.Updated.Format(time.RFC3339)}
	if cat != nil {
		v.TargetTitle = cat.Targets[sub.Target].Title
	}
	if !sub.Erased.IsZero() {
		v.Erased = vnTime(sub.Erased)
	}
	last := participation.StatusAnswered
	if sub.Status == participation.StatusDeclined {
		last = participation.StatusDeclined
	}
	order := []participation.Status{participation.StatusReceived, participation.StatusHandling, last}
	at := 0
	for i, st := range order {
		if st == sub.Status {
			at = i
		}
	}
	for i, st := range order {
		v.Steps = append(v.Steps, statusStep{Label: st.Label(), Done: i <= at, Current: i == at})
	}
	return v
}

// vnTime writes an instant as a Vietnamese reader expects: 15:04 ngày
// 02/01/2006, in Vietnam's time.
func vnTime(t time.Time) string {
	return participation.Today(t).Format("15:04 ngày 02/01/2006")
}

// writeStatusPage renders a status into the /theo-doi/ frame.
func (s *Server) writeStatusPage(w http.ResponseWriter, r *http.Request, status int, v statusView) {
	var body string
	var err error
	if v.Lookup {
		v.NotFound = true // the template's code box
	}
	body, err = s.tmpl.render("participation/status.html", v)
	if err != nil {
		s.log.Printf("participation: rendering a status: %v", err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	title := "Theo dõi ý kiến"
	switch {
	case v.Lookup:
	case v.NotFound:
		title = "Không tìm thấy mã theo dõi"
	default:
		title = v.KindLabel + " " + v.Code + ": " + v.Public.Label
	}
	s.writeFramed(w, r, status, title, body)
}

// writeFormPage renders a form that needs correcting into the /theo-doi/
// frame, for a browser that posted it without JavaScript.
func (s *Server) writeFormPage(w http.ResponseWriter, r *http.Request, status int, f participation.Form) {
	body, err := s.tmpl.render("participation/form.html", f)
	if err != nil {
		s.log.Printf("participation: rendering a form: %v", err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	// The page says at once that nothing was sent yet.
	body = `<h1>Chưa gửi được: hãy sửa rồi gửi lại</h1>` + body
	w.Header().Set("Content-Security-Policy", s.sitePolicy) // an HTML page, though under /api/
	s.writeFramed(w, r, status, "Chưa gửi được ý kiến", body)
}

// writeFramed puts HTML into the participation frame of the site, under
// the page title given.
func (s *Server) writeFramed(w http.ResponseWriter, r *http.Request, status int, title, body string) {
	fr, err := s.participationFrame()
	if err != nil {
		s.log.Printf("participation: reading the frame: %v", err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	var page bytes.Buffer
	fr.write(&page, fill{Title: title, Slots: map[string]string{"participation": body}})
	out := page.Bytes()
	if s.opts.TransformHTML != nil {
		out = s.opts.TransformHTML(r, out)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeBody(w, r, status, "text/html; charset=utf-8", out)
}

// participationFrame is the page the build wrote for /theo-doi/, or a
// plain one when the site has none.
func (s *Server) participationFrame() (*frame, error) {
	const name = "theo-doi/index.html"
	f, fi, err := openInSite(s.opts.SiteDir, name)
	if err == nil && !fi.IsDir() {
		defer f.Close()
		return s.frames.get(name, "participation", f, fi)
	}
	if f != nil {
		f.Close()
	}
	plain := `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Theo dõi ý kiến</title></head><body><main><!--minhbach:participation--></main></body></html>`
	return parseFrame([]byte(plain), "participation")
}

// servePageWithForm fills a page's challenge inputs and question with a
// fresh challenge at each request; it reports false when the page has
// nothing to fill, to be served as a file.
func (s *Server) servePageWithForm(w http.ResponseWriter, r *http.Request, status int, name string, fr *frame) {
	fl := fill{Slots: map[string]string{}}
	if fr.slots["answers"] {
		fl.Slots["answers"] = s.publishedAnswers(r)
	}
	if c := s.opts.Participation.Challenger; c != nil {
		fl.Challenge = c.Issue
	}
	var page bytes.Buffer
	fr.write(&page, fl)
	out := page.Bytes()
	if s.opts.TransformHTML != nil {
		out = s.opts.TransformHTML(r, out)
	}
	// The token is good for one submission: a cached copy would hand
	// the same one to every visitor.
	w.Header().Set("Cache-Control", "no-store")
	writeBody(w, r, status, "text/html; charset=utf-8", out)
}

// publishedAnswers renders the answers about the page asked for, live
// from the store, so an answer shows without a rebuild. A store that
// cannot answer costs the page its answers, never the page.
func (s *Server) publishedAnswers(r *http.Request) string {
	q := s.opts.Participation.Queue
	if q == nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	target, limit := r.URL.Path, 50
	if target == participation.FeedbackPath {
		// The feedback page lists every answer, filtered by topic and
		// commune with GET parameters.
		target, limit = "", 200
	}
	items, err := q.Published(ctx, target, limit)
	if err != nil {
		s.log.Printf("participation: reading the answers of %s: %v", r.URL.Path, err)
		return ""
	}
	var communes []string
	if cat, err := s.catalog.get(); err == nil {
		communes = cat.Communes
	}
	v := participation.NewAnswersView(items, r.URL.Path, r.URL.Query().Get("chu-de"), r.URL.Query().Get("xa"), communes)
	out, err := s.tmpl.render("participation/answers.html", v)
	if err != nil {
		s.log.Printf("participation: rendering answers: %v", err)
		return ""
	}
	return out
}

// catalogCache keeps the build's participation catalog, read again when
// a new build replaced it.
type catalogCache struct {
	site   string
	stamps stampCache[*participation.Catalog]
}

func (c *catalogCache) get() (*participation.Catalog, error) {
	p := path.Join(layouts.PrivateDir, participation.CatalogFile)
	return c.stamps.get(c.site, p, func(b []byte) (*participation.Catalog, error) {
		return participation.ReadCatalog(bytes.NewReader(b))
	})
}
