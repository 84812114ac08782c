package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/store"
)

// withRequestID gives every request an id, shown on error pages and logged.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		ri := &requestInfo{id: hex.EncodeToString(b)}
		w.Header().Set("X-Request-Id", ri.id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey, ri)))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs one line per request (never the query string, which may
// carry personal data, nor cookies).
func (srv *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		var uid int64
		if ri, ok := r.Context().Value(requestKey).(*requestInfo); ok {
			uid = ri.userID
		}
		srv.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)), slog.String("request_id", requestID(r.Context())),
			slog.Int64("user_id", uid))
	})
}

// recoverer turns a panic into the generic 500 page.
func (srv *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				srv.serveError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders are set on every response.
func securityHeaders(secure bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
				"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if secure {
				h.Set("Strict-Transport-Security", "max-age=31536000")
			}
			if r.Method == http.MethodTrace {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// limitBody caps request bodies (forms; uploads raise their own limit).
func limitBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Session keys.
const (
	sessUserID   = "user_id"
	sessEpoch    = "epoch"
	sessRolesVer = "roles_ver"
	sessFlash    = "flash"
	sessNotice   = "notice" // information for the next page (not a success)
	sessStart    = "start"  // sign-in time, unix seconds
	sessSeen     = "seen"   // last activity, unix seconds, updated at most once a minute
)

// loadUser puts the signed-in account in the context. A session whose
// account was disabled, or whose password was reset, ends here.
func (srv *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sessionKey, true)
		r = r.WithContext(ctx)
		id := srv.sessions.GetInt64(ctx, sessUserID)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		u, err := srv.store.SessionUser(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			srv.serveError(w, r, err)
			return
		}
		now := srv.now()
		start, seen := time.Unix(srv.sessions.GetInt64(ctx, sessStart), 0), time.Unix(srv.sessions.GetInt64(ctx, sessSeen), 0)
		expired := now.Sub(seen) > sessionIdle || now.Sub(start) > sessionLifetime
		if err != nil || u.Disabled || u.SessionEpoch != srv.sessions.GetInt(ctx, sessEpoch) || expired {
			srv.log.Info("session ended", "user_id", id, "expired", expired, "request_id", requestID(ctx))
			if err := srv.sessions.Destroy(ctx); err != nil {
				srv.serveError(w, r, err)
				return
			}
			if expired && err == nil && !u.Disabled {
				// A fresh anonymous session carries the reason to the sign-in page.
				srv.sessions.Put(ctx, sessNotice, "Phiên làm việc đã kết thúc vì quá 30 phút không sử dụng hoặc đã quá 12 giờ. Vui lòng đăng nhập lại.")
			}
			next.ServeHTTP(w, r)
			return
		}
		if now.Sub(seen) > sessionTouch {
			srv.sessions.Put(ctx, sessSeen, now.Unix())
		}
		if u.RolesVersion != srv.sessions.GetInt(ctx, sessRolesVer) {
			// Roles changed: new token for the new privileges.
			if err := srv.sessions.RenewToken(ctx); err != nil {
				srv.serveError(w, r, err)
				return
			}
			srv.sessions.Put(ctx, sessRolesVer, u.RolesVersion)
		}
		if ri, ok := ctx.Value(requestKey).(*requestInfo); ok {
			ri.userID = u.ID
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, userKey, &u)))
	})
}

// requireUser sends anonymous visitors to the sign-in page.
func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r.Context()) == nil {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// passwordGate keeps users whose password an admin set on the password
// page until they choose their own.
func passwordGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := userFrom(r.Context()); u != nil && u.MustChangePassword && r.URL.Path != passwordPath {
			http.Redirect(w, r, passwordPath, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// errForbidden is served as the 403 page.
var errForbidden = errors.New("web: forbidden")

// requireRole lets through only accounts holding one of roles.
func (srv *Server) requireRole(roles ...auth.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := userFrom(r.Context())
			if u == nil || !u.Roles.Has(roles...) {
				srv.serveError(w, r, errForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// isOffice reports whether the signed-in user works for the office (or is
// an admin): who sees every unit's data.
func isOffice(r *http.Request) bool { return userFrom(r.Context()).Roles.Has(auth.Admin, auth.Office) }

// actor is the audit identity of the request.
func actor(r *http.Request) store.Actor {
	a := store.Actor{RequestID: requestID(r.Context()), SubmissionID: submissionID(r)}
	if u := userFrom(r.Context()); u != nil {
		a.UserID = u.ID
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		a.ClientIP = host
	}
	return a
}

// isHead reports whether the user acts as a department head on these pages
// (an office account sees every unit's dossiers instead).
func isHead(u *store.User) bool {
	return u != nil && u.Roles.Has(auth.DeptHead) && u.UnitID != 0 && !u.Roles.Has(auth.Office, auth.Admin)
}

// hidden answers an action on an object the user may see but not change
// (another unit's score, a score the user does not verify): the same 404 as
// a missing object, and an authz_denied entry in the security log.
func (srv *Server) hidden(r *http.Request) error {
	var uid int64
	if u := userFrom(r.Context()); u != nil {
		uid = u.ID
	}
	srv.log.Warn("authz_denied", "method", r.Method, "path", r.URL.Path, "user_id", uid, "request_id", requestID(r.Context()))
	return errNotFoundPage
}
