package server

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
)

// "Trang này có hữu ích không?": the votes readers send from the foot of
// every page (POST participation.UsefulPath), and the pages a vote sent
// without JavaScript is answered with (layouts/partials/useful.html,
// "useful/answer"): the check question, then the thanks (GET
// participation.UsefulPath?trang=PAGE, where the POST sends the browser,
// so that reloading the thanks sends nothing twice).
//
// The built pages carry no anti-spam token, so every page stays a plain
// file with its ETag: a script asks GET /api/challenge when the reader
// first touches the form, and a browser without JavaScript is asked the
// question on the second page. Votes have rate buckets of their own, of
// the sizes of [participation]'s: a reader who votes on a few pages keeps
// what they may send as feedback, and a flood of votes cannot close the
// feedback forms.

// usefulVotes takes the votes.
type usefulVotes struct {
	s       *Server
	limiter *participation.Limiter // nil without participation
}

// usefulRoutes adds the votes' handlers.
func (s *Server) usefulRoutes(mux *http.ServeMux) {
	u := &usefulVotes{s: s}
	if p := s.opts.Participation; p != nil {
		u.limiter = participation.NewLimiter(p.Config.PerAddressPerMinute, p.Config.GlobalPerMinute)
	}
	mux.HandleFunc("POST "+participation.UsefulPath, u.vote)
	mux.HandleFunc("GET "+participation.UsefulPath, u.thanks)
}

// maxVoteBody bounds a vote's request: the text at four bytes a
// character, the challenge and the form around them.
const maxVoteBody = 16 << 10

// Errors of the votes that are not about one field.
var (
	errVoteTooLarge  = &search.RequestError{VI: "nội dung gửi quá lớn", EN: "request too large"}
	errVoteNotStored = &search.RequestError{VI: "chưa lưu được câu trả lời, xin thử lại", EN: "could not store the vote, please retry"}
)

// usefulView is what "useful/answer" shows.
type usefulView struct {
	Action string // participation.UsefulPath
	// Page is the page to go back to: the one voted on, or the home
	// page when the vote named none of the site's.
	Page   string
	Thanks bool
	// Ask is the check question, with the reader's choice and words
	// kept for the second try.
	Ask          bool
	Useful, Text string
	Token        string
	Question     string
	// Error and ErrorEN say what went wrong; in Ask, why the answer was
	// not taken (Vietnamese only).
	Error, ErrorEN string
}

// voteExtra are the fields of a vote's request that are not the vote's.
type voteExtra struct {
	challenge, pow, answer string
	honeypot               string
}

// vote takes one vote. JSON in (or Accept: application/json, which
// /js/useful.js sends with its form) gets 201 and JSON out; a plain form
// post gets the check question, then a redirect to the thanks.
func (u *usefulVotes) vote(w http.ResponseWriter, r *http.Request) {
	s := u.s
	p := s.opts.Participation
	asJSON := wantsJSON(r)
	back := "/"
	fail := func(status int, pe *participation.Error) {
		if asJSON {
			writeJSONError(w, status, fieldError(pe))
			return
		}
		s.writeUseful(w, r, status, usefulView{Page: back, Error: pe.VI, ErrorEN: pe.EN})
	}
	whole := func(e *search.RequestError) *participation.Error { return &participation.Error{VI: e.VI, EN: e.EN} }
	if p == nil {
		fail(http.StatusServiceUnavailable, whole(errNoParticipation))
		return
	}
	if o := r.Header.Get("Origin"); o != "" && !s.originAllowed(o, r) {
		fail(http.StatusForbidden, whole(errForeignOrigin))
		return
	}
	if e := s.overLimit(w, r, u.limiter); e != nil {
		fail(http.StatusTooManyRequests, whole(e))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxVoteBody)
	in, extra, err := readVote(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(http.StatusRequestEntityTooLarge, whole(errVoteTooLarge))
			return
		}
		fail(http.StatusBadRequest, whole(errBadForm))
		return
	}
	if extra.honeypot != "" {
		fail(http.StatusBadRequest, whole(errHoneypot))
		return
	}
	v, err := participation.AcceptVote(in, s.isPage, s.now())
	if err != nil {
		var pe *participation.Error
		if !errors.As(err, &pe) {
			s.log.Printf("participation: checking a vote: %v", err)
			fail(http.StatusInternalServerError, whole(errInternal))
			return
		}
		if pe.Field != "page" {
			back = in.Page // a page of the site, checked
		}
		fail(http.StatusBadRequest, pe)
		return
	}
	back = v.Page
	if ch := p.Challenger; ch != nil {
		if err := ch.Verify(extra.challenge, extra.pow, extra.answer); err != nil {
			pe := challengeProblem(err)
			if asJSON {
				writeJSONError(w, http.StatusBadRequest, fieldError(pe))
				return
			}
			// The built form has no token: its first post is answered
			// with the question, which is no error of the reader's.
			view := usefulView{Ask: true, Action: participation.UsefulPath, Page: v.Page, Useful: in.Useful, Text: v.Text}
			status := http.StatusOK
			if extra.challenge != "" {
				status, view.Error = http.StatusBadRequest, pe.VI
			}
			c := ch.Issue()
			view.Token, view.Question = c.Token, c.Question
			s.writeUseful(w, r, status, view)
			return
		}
	}
	if err := p.Store.AddVote(r.Context(), v); err != nil {
		if r.Context().Err() != nil {
			return
		}
		s.log.Printf("participation: storing a vote on %s: %v", v.Page, err)
		fail(http.StatusServiceUnavailable, whole(errVoteNotStored))
		return
	}
	if !asJSON {
		http.Redirect(w, r, participation.UsefulPath+"?trang="+url.QueryEscape(v.Page), http.StatusSeeOther)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, map[string]bool{"received": true})
}

// thanks is the thank-you page after a vote sent without JavaScript,
// linking back to the page of ?trang= when it is one of the site's.
func (u *usefulVotes) thanks(w http.ResponseWriter, r *http.Request) {
	page := r.URL.Query().Get("trang")
	if !participation.PagePathOK(page) || !u.s.isPage(page) {
		page = "/"
	}
	u.s.writeUseful(w, r, http.StatusOK, usefulView{Thanks: true, Page: page})
}

// writeUseful renders "useful/answer" into the site's participation
// frame. The page is HTML under /api/, so it gets the site's content
// policy, not the API's (which would refuse its style sheet).
func (s *Server) writeUseful(w http.ResponseWriter, r *http.Request, status int, v usefulView) {
	body, err := s.tmpl.render("useful/answer", v)
	if err != nil {
		s.log.Printf("participation: rendering a vote's answer: %v", err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	title := "Chưa gửi được câu trả lời"
	switch {
	case v.Thanks:
		title = "Cảm ơn bạn đã góp ý"
	case v.Ask:
		title = "Còn một bước để gửi câu trả lời"
	}
	h := w.Header()
	h.Set("Content-Security-Policy", s.sitePolicy)
	h.Set("X-Robots-Tag", "noindex")
	s.writeFramed(w, r, status, title, body)
}

// isPage reports whether a well-formed site path (participation.PagePathOK)
// is a page of the built site: a folder with an index.html, or an .html
// file, outside the private folders. The folder is looked at as it is
// now, so a page a new build added takes votes at once.
func (s *Server) isPage(p string) bool {
	name := strings.TrimPrefix(p, "/")
	switch {
	case name == "" || strings.HasSuffix(name, "/"):
		name += "index.html"
	case path.Ext(name) != ".html":
		return false
	}
	if hidden(name) {
		return false
	}
	f, fi, err := openInSite(s.opts.SiteDir, name)
	if err != nil {
		return false
	}
	f.Close()
	return !fi.IsDir()
}

// readVote reads a vote sent as JSON ({"page", "useful": true|false,
// "text", "challenge", "pow", "answer", "website"}) or as the form sends
// it (urlencoded or multipart; useful is "yes" or "no").
func readVote(r *http.Request) (participation.VoteInput, voteExtra, error) {
	var in participation.VoteInput
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/json":
		var body struct {
			Page      string `json:"page"`
			Useful    *bool  `json:"useful"`
			Text      string `json:"text"`
			Challenge string `json:"challenge"`
			Pow       string `json:"pow"`
			Answer    string `json:"answer"`
			Website   string `json:"website"`
		}
		if err := decodeStrict(r.Body, &body); err != nil {
			return in, voteExtra{}, err
		}
		in = participation.VoteInput{Page: body.Page, Text: body.Text}
		if body.Useful != nil {
			in.Useful = map[bool]string{true: "yes", false: "no"}[*body.Useful]
		}
		return in, voteExtra{challenge: body.Challenge, pow: body.Pow, answer: body.Answer, honeypot: body.Website}, nil
	case "application/x-www-form-urlencoded", "multipart/form-data":
		// Each on its own: ParseMultipartForm drops ParseForm's error
		// (a body over the limit) on an urlencoded body.
		if ctype == "multipart/form-data" {
			if err := r.ParseMultipartForm(maxVoteBody); err != nil {
				return in, voteExtra{}, err
			}
			defer r.MultipartForm.RemoveAll()
		} else if err := r.ParseForm(); err != nil {
			return in, voteExtra{}, err
		}
		f := r.PostForm
		in = participation.VoteInput{Page: f.Get("page"), Useful: f.Get("useful"), Text: f.Get("text")}
		return in, voteExtra{challenge: f.Get("challenge"), pow: f.Get("pow"), answer: f.Get("answer"), honeypot: f.Get("website")}, nil
	}
	return in, voteExtra{}, errors.New("participation: a vote of content type " + ctype)
}

// decodeStrict reads one JSON object from r into v, refusing unknown
// fields and anything after the object: a client's typo is an error it
// hears of, not a field silently dropped.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}
