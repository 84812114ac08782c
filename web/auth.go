package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tdkt/internal/auth"
	"tdkt/internal/demo"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// msgBadLogin is the one message for unknown logins and wrong passwords.
const msgBadLogin = "Tên đăng nhập hoặc mật khẩu không đúng."

func msgLocked(until, now time.Time) string {
	if d := until.Sub(now); d > time.Minute {
		return fmt.Sprintf("Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau %d phút.", int(d.Minutes()+0.99))
	}
	return "Bạn đã đăng nhập sai nhiều lần. Vui lòng chờ ít giây rồi thử lại."
}

func (srv *Server) loginPage(w http.ResponseWriter, r *http.Request, status int, f view.LoginForm) error {
	if srv.cfg.Demo {
		for _, a := range demo.Accounts() {
			f.Demo = append(f.Demo, view.DemoAccount{Username: a.Username, Name: a.Name, Roles: auth.RoleSet(a.Roles).Labels()})
		}
	}
	return srv.render(w, r, status, view.LoginPage(srv.page(r, "Đăng nhập"), f))
}

func (srv *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if userFrom(r.Context()) != nil {
		return redirect(w, r, "/")
	}
	return srv.loginPage(w, r, http.StatusOK, view.LoginForm{Next: safeNext(r.URL.Query().Get("next"))})
}

// safeNext keeps only same-origin paths, so the sign-in page is no open
// redirect: a path starting with one "/", no control character (browsers
// drop tabs and newlines, so "/\t/evil.example" would read as
// "//evil.example"), no backslash (read as "/"), no space, valid UTF-8, and
// parsing as a path without scheme or host. Anything else is "/".
func safeNext(next string) string {
	if len(next) == 0 || len(next) > 2000 || next[0] != '/' || strings.HasPrefix(next, "//") || !utf8.ValidString(next) {
		return "/"
	}
	for _, c := range next {
		if c <= ' ' || c == 0x7f || c == '\\' || unicode.IsControl(c) || unicode.IsSpace(c) || unicode.Is(unicode.Cf, c) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// clientAddr is the client's address as the server sees it (the remote
// address of the connection; behind a reverse proxy, the proxy's).
func clientAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

func (srv *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	username := strings.ToLower(validate.Text(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	f := view.LoginForm{Username: username, Next: safeNext(r.PostFormValue("next"))}
	if username == "" || password == "" || len(username) > 100 {
		f.Error = "Nhập tên đăng nhập và mật khẩu."
		return srv.loginPage(w, r, http.StatusUnprocessableEntity, f)
	}
	now := srv.now()
	client := clientAddr(r)
	// The attempt is counted before the password is checked: parallel
	// guesses get no more checks than sequential ones.
	n, next, err := srv.store.LoginAttempt(ctx, username, client, now)
	if err != nil {
		return err
	}
	if n == 0 {
		srv.log.Warn("login_throttled", "client_ip", client, "request_id", requestID(ctx))
		f.Error = msgLocked(next, now)
		return srv.loginPage(w, r, http.StatusTooManyRequests, f)
	}
	u, hash, err := srv.store.UserForLogin(ctx, username)
	ok := false
	switch {
	case errors.Is(err, store.ErrNotFound):
		auth.BurnTime(password)
	case err != nil:
		return err
	default:
		ok, err = auth.CheckPassword(hash, password)
		if err != nil {
			return err
		}
		ok = ok && !u.Disabled
	}
	if !ok {
		srv.log.Warn("login_failed", "attempts", n, "client_ip", client, "request_id", requestID(ctx))
		f.Error = msgBadLogin
		status := http.StatusUnprocessableEntity
		if next.Sub(now) > time.Minute {
			f.Error = msgBadLogin + " " + msgLocked(next, now)
			status = http.StatusTooManyRequests
		}
		return srv.loginPage(w, r, status, f)
	}
	if err := srv.store.LoginSucceeded(ctx, username, client); err != nil {
		return err
	}
	if err := srv.store.RecordLogin(ctx, u.ID); err != nil {
		return err
	}
	// New token at sign-in: a token planted before login is worthless.
	if err := srv.sessions.RenewToken(ctx); err != nil {
		return err
	}
	srv.sessions.Put(ctx, sessUserID, u.ID)
	srv.sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	srv.sessions.Put(ctx, sessRolesVer, u.RolesVersion)
	srv.sessions.Put(ctx, sessStart, now.Unix())
	srv.sessions.Put(ctx, sessSeen, now.Unix())
	srv.log.Info("login", "user_id", u.ID, "request_id", requestID(ctx))
	return redirect(w, r, f.Next)
}

func (srv *Server) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if u := userFrom(ctx); u != nil {
		srv.log.Info("logout", "user_id", u.ID, "request_id", requestID(ctx))
	}
	if err := srv.sessions.Destroy(ctx); err != nil {
		return err
	}
	return redirect(w, r, "/login")
}

// passwordPath is where users change their own password.
const passwordPath = "/account/password"

func (srv *Server) ownPasswordForm(r *http.Request, e view.Errors) view.PasswordForm {
	return view.PasswordForm{Action: passwordPath, Heading: "Đổi mật khẩu", Own: true,
		Required: userFrom(r.Context()).MustChangePassword, Errors: e}
}

func (srv *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return srv.render(w, r, http.StatusOK, view.PasswordPage(srv.page(r, "Đổi mật khẩu"), srv.ownPasswordForm(r, view.Errors{})))
}

// newPasswordProblems checks the new password fields.
func newPasswordProblems(r *http.Request, username string) validate.Problems {
	p := validate.Problems{}
	pw := r.PostFormValue("password")
	if msg := auth.PasswordProblem(pw, username); msg != "" {
		p.Add("password", msg)
	}
	p.Check(r.PostFormValue("confirm") == pw, "confirm", "Mật khẩu nhập lại không khớp.")
	return p
}

func (srv *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	u := userFrom(ctx)
	p := newPasswordProblems(r, u.Username)
	hash, err := srv.store.PasswordHash(ctx, u.ID)
	if err != nil {
		return err
	}
	if ok, _ := auth.CheckPassword(hash, r.PostFormValue("current")); !ok {
		p.Add("current", "Mật khẩu hiện tại không đúng.")
	}
	if !p.OK() {
		return srv.render(w, r, http.StatusUnprocessableEntity, view.PasswordPage(srv.page(r, "Đổi mật khẩu"),
			srv.ownPasswordForm(r, formErrors(p, []string{"current", "password", "confirm"}))))
	}
	newHash, err := auth.HashPassword(r.PostFormValue("password"))
	if err != nil {
		return err
	}
	epoch, err := srv.store.SetPassword(ctx, actor(r), u.ID, newHash, store.ByUser)
	if err != nil {
		return err
	}
	// Other sessions end (their epoch is old); this one continues with a new token.
	if err := srv.sessions.RenewToken(ctx); err != nil {
		return err
	}
	srv.sessions.Put(ctx, sessEpoch, epoch)
	srv.flash(r, "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.")
	return redirect(w, r, "/")
}

// endOtherSessions signs the user out everywhere but here.
func (srv *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	epoch, err := srv.store.EndOtherSessions(ctx, actor(r), u.ID)
	if err != nil {
		return err
	}
	if err := srv.sessions.RenewToken(ctx); err != nil {
		return err
	}
	srv.sessions.Put(ctx, sessEpoch, epoch)
	srv.log.Info("sessions_ended", "user_id", u.ID, "request_id", requestID(ctx))
	srv.flash(r, "Đã đăng xuất tài khoản của bạn ở mọi máy khác.")
	return redirect(w, r, passwordPath)
}
