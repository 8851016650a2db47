package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minhbach/minhbach/participation"
	"github.com/minhbach/minhbach/search"
	"github.com/minhbach/minhbach/staff"
)

// The staff console lives under ConsolePath. Every page needs a session:
// without one an HTML page redirects to the login and the console's API
// answers 401. Every form carries the session's CSRF token and is
// refused with 403 without it or from another origin.
const (
	ConsolePath = "/quan-tri/"
	loginPath   = ConsolePath + "dang-nhap/"
	logoutPath  = ConsolePath + "dang-xuat/"
	consoleAPI  = ConsolePath + "api/"
)

// consoleRoutes adds the console's handlers.
func (s *Server) consoleRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+loginPath, s.loginPage)
	mux.HandleFunc("POST "+loginPath, s.login)
	mux.HandleFunc("POST "+logoutPath, s.withStaff(staff.ActLogout, s.logout))
	mux.HandleFunc("GET "+ConsolePath+"{$}", s.withStaff(staff.ActOpen, s.queuePage))
	mux.HandleFunc("GET "+ConsolePath+"y-kien/{code}/", s.withStaff(staff.ActOpen, s.itemPage))
	mux.HandleFunc("POST "+ConsolePath+"y-kien/{code}/", s.withStaff(staff.ActStatus, s.itemChange))
	mux.HandleFunc("GET "+ConsolePath+"anh/{code}/{n}", s.withStaff(staff.ActOpen, s.photo))
	mux.HandleFunc("GET "+ConsolePath+"nhat-ky/", s.withStaff(staff.ActAddStaff, s.auditPage))
	mux.HandleFunc("GET "+consoleAPI+"queue", s.withStaff(staff.ActOpen, s.apiQueue))
	mux.HandleFunc("GET "+ConsolePath+"khong-tim-thay/", s.withStaff(staff.ActReport, s.missesPage))
	mux.HandleFunc("GET "+usefulPath, s.withStaff(staff.ActReport, s.usefulReport))
	mux.HandleFunc(ConsolePath, s.withStaff(staff.ActOpen, func(w http.ResponseWriter, r *http.Request, _ *staffRequest) {
		s.notFound(w, r)
	}))
}

// staffRequest is a request made in a session.
type staffRequest struct {
	session staff.Session
	token   string // the cookie's token, for the CSRF tokens
	csrf    string
}

func (sr *staffRequest) actor() string { return sr.session.Account.Email }

// Chrome is what every console page shows of the session: who is
// logged in, and the CSRF token its forms carry.
type Chrome struct {
	Email, Role, CSRF string
	Admin             bool
}

func (sr *staffRequest) chrome() Chrome {
	if sr == nil {
		return Chrome{}
	}
	a := sr.session.Account
	return Chrome{Email: a.Email, Role: string(a.Role), CSRF: sr.csrf, Admin: a.Role == staff.RoleAdmin}
}

// consoleStores are the stores the console needs, from the options.
func (s *Server) consoleStores() (staff.Store, participation.Queue, bool) {
	p := s.opts.Participation
	if p == nil || p.Staff == nil || p.Queue == nil {
		return nil, nil, false
	}
	return p.Staff, p.Queue, true
}

// withStaff runs h for a request with a live session whose role may take
// the action; a POST must also carry the session's CSRF token and come
// from this site.
func (s *Server) withStaff(act staff.Action, h func(http.ResponseWriter, *http.Request, *staffRequest)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		consoleHeaders(w)
		api := strings.HasPrefix(r.URL.Path, consoleAPI)
		st, _, ok := s.consoleStores()
		if !ok {
			http.Error(w, errNoParticipation.Error(), http.StatusServiceUnavailable)
			return
		}
		sr, err := s.staffSession(r, st)
		if err != nil {
			if api {
				writeJSONError(w, http.StatusUnauthorized, &search.RequestError{VI: "cần đăng nhập", EN: "login required"})
				return
			}
			next := url.Values{"tiep": {r.URL.Path}}
			http.Redirect(w, r, loginPath+"?"+next.Encode(), http.StatusSeeOther)
			return
		}
		if !sr.session.Account.Role.Can(act) {
			s.consoleError(w, r, sr, http.StatusForbidden, "Tài khoản của bạn không có quyền làm việc này.")
			return
		}
		if r.Method == http.MethodPost {
			if !sameOrigin(r) || !staff.CheckCSRF(sr.token, r.PostFormValue("csrf")) {
				s.consoleError(w, r, sr, http.StatusForbidden, "Biểu mẫu đã hết hạn hoặc không gửi từ cổng này. Hãy tải lại trang rồi làm lại.")
				return
			}
		}
		h(w, r, sr)
	}
}

// staffSession finds the request's session from its cookie.
func (s *Server) staffSession(r *http.Request, st staff.Store) (*staffRequest, error) {
	c, err := r.Cookie(staff.CookieName)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, staff.ErrNoSession
	}
	sess, err := st.Session(r.Context(), staff.SessionID(c.Value), s.now())
	if err != nil {
		return nil, err
	}
	return &staffRequest{session: sess, token: c.Value, csrf: staff.CSRFToken(c.Value)}, nil
}

// sameOrigin reports whether a POST comes from a page of this site: the
// Origin header when the browser sends one, else the Referer.
func sameOrigin(r *http.Request) bool {
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
	}
	if from == "" {
		return true // no header to judge by; the CSRF token still is checked
	}
	u, err := url.Parse(from)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

// consoleHeaders keep console pages out of caches, search engines and
// other sites' frames.
func consoleHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "same-origin") // never to other sites; the own forms keep their Origin
}

// setSessionCookie gives the browser its session: HttpOnly (no script
// reads it), Secure, SameSite=Strict (no other site's link or form sends
// it), host-only by the __Host- prefix.
func setSessionCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: staff.CookieName, Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
}

// dummyHash is verified against when a login names no account, so a
// wrong address takes as long as a wrong password and tells nothing.
var dummyHash = func() string {
	h, _ := staff.HashPassword("minhbach: no such account")
	return h
}()

// login checks an e-mail and password, throttled per address and locked
// per account after repeated failures.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	consoleHeaders(w)
	st, _, ok := s.consoleStores()
	if !ok {
		http.Error(w, errNoParticipation.Error(), http.StatusServiceUnavailable)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	next := safeNext(r.PostFormValue("tiep"))
	show := func(status int, msg string) {
		s.writeConsole(w, r, status, "console/login.html", loginView{Error: msg, Next: next, Email: r.PostFormValue("email")})
	}
	if !sameOrigin(r) {
		show(http.StatusForbidden, "Biểu mẫu không gửi từ cổng này.")
		return
	}
	if ok, retry := s.loginLimiter.Allow(clientAddr(r, s.trustedProxies()), s.now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(retry/time.Second)+1))
		show(http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần từ máy này. Hãy chờ một phút rồi thử lại.")
		return
	}
	email, err := staff.NormalizeEmail(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	const wrong = "Sai địa chỉ thư điện tử hoặc mật khẩu."
	if err != nil {
		staff.VerifyPassword(dummyHash, pw)
		show(http.StatusUnauthorized, wrong)
		return
	}
	now := s.now()
	acct, lock, err := st.Account(r.Context(), email)
	if errors.Is(err, staff.ErrNoAccount) {
		staff.VerifyPassword(dummyHash, pw)
		show(http.StatusUnauthorized, wrong)
		return
	}
	if err != nil {
		s.log.Printf("console: reading an account: %v", err)
		show(http.StatusServiceUnavailable, "Chưa đăng nhập được, xin thử lại.")
		return
	}
	if lock.Locked(now) {
		show(http.StatusTooManyRequests, "Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần, đến "+participation.Today(lock.Until).Format("15:04")+". Hãy thử lại sau, hoặc nhờ quản trị viên.")
		return
	}
	if !staff.VerifyPassword(acct.Hash, pw) {
		if _, err := st.FailLogin(r.Context(), email, now); err != nil {
			s.log.Printf("console: recording a failed login: %v", err)
		}
		show(http.StatusUnauthorized, wrong)
		return
	}
	if lock.Failures > 0 {
		if err := st.SetLock(r.Context(), email, staff.Lock{}); err != nil {
			s.log.Printf("console: clearing a lock: %v", err)
		}
	}
	token, id, err := staff.NewSessionToken()
	if err == nil {
		err = st.AddSession(r.Context(), id, acct.ID, now)
	}
	if err == nil {
		err = st.Append(r.Context(), staff.Entry{At: now.UTC(), Actor: acct.Email, Action: staff.ActLogin, Target: acct.Email})
	}
	if err != nil {
		s.log.Printf("console: starting a session: %v", err)
		show(http.StatusServiceUnavailable, "Chưa đăng nhập được, xin thử lại.")
		return
	}
	setSessionCookie(w, token, int(staff.SessionTTL/time.Second))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// safeNext keeps a post-login destination inside the console.
func safeNext(p string) string {
	if strings.HasPrefix(p, ConsolePath) && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") && p != loginPath {
		return p
	}
	return ConsolePath
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sr *staffRequest) {
	st, _, _ := s.consoleStores()
	if err := st.EndSession(r.Context(), sr.session.ID); err != nil {
		s.log.Printf("console: ending a session: %v", err)
	}
	_ = st.Append(r.Context(), staff.Entry{At: s.now().UTC(), Actor: sr.actor(), Action: staff.ActLogout, Target: sr.actor()})
	setSessionCookie(w, "", -1)
	http.Redirect(w, r, loginPath, http.StatusSeeOther)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	consoleHeaders(w)
	if st, _, ok := s.consoleStores(); ok {
		if _, err := s.staffSession(r, st); err == nil {
			http.Redirect(w, r, ConsolePath, http.StatusSeeOther)
			return
		}
	}
	s.writeConsole(w, r, http.StatusOK, "console/login.html", loginView{Next: safeNext(r.URL.Query().Get("tiep"))})
}

// loginView is what console/login.html shows.
type loginView struct {
	Error, Next, Email string
}

func (s *Server) trustedProxies() []string {
	if p := s.opts.Participation; p != nil {
		return p.Config.TrustedProxies
	}
	return nil
}

// writeConsole renders a console template into the site's participation
// frame, so the console has the site's look and needs no layout of its
// own.
func (s *Server) writeConsole(w http.ResponseWriter, r *http.Request, status int, name string, v any) {
	body, err := s.tmpl.render(name, v)
	if err != nil {
		s.log.Printf("console: rendering %s: %v", name, err)
		http.Error(w, errInternal.Error(), http.StatusInternalServerError)
		return
	}
	s.writeFramed(w, r, status, consoleTitles[name], body)
}

// consoleTitles name each console page for its <title>.
var consoleTitles = map[string]string{
	"console/login.html":    "Đăng nhập quản trị",
	"console/error.html":    "Quản trị: không làm được",
	"console/queue.html":    "Quản trị: hàng chờ ý kiến",
	"console/item.html":     "Quản trị: xử lý ý kiến",
	"console/audit.html":    "Quản trị: nhật ký thao tác",
	"console/report.html":   "Quản trị: thời gian trả lời",
	"console/hotspots.html": "Quản trị: điểm nóng",
	"console/misses.html":   "Quản trị: tìm không thấy",
	"console/useful.html":   "Quản trị: trang có hữu ích không",
}

// consoleError shows a problem inside the console.
func (s *Server) consoleError(w http.ResponseWriter, r *http.Request, sr *staffRequest, status int, msg string) {
	s.writeConsole(w, r, status, "console/error.html", struct {
		Message string
		Chrome  Chrome
	}{msg, sr.chrome()})
}

// consoleCtx bounds a console request's store work.
func consoleCtx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), 10*time.Second)
}
