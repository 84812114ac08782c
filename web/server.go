// Package web is everything HTTP and HTML of tdkt: routes, middleware,
// handlers and the error pages.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/store"
	"tdkt/web/static"
	"tdkt/web/view"
)

// Config is what the server needs to know about its deployment.
type Config struct {
	// Demo shows the demo accounts on the sign-in page.
	Demo bool
	// SecureCookies marks the session cookie Secure and names it __Host-tdkt.
	SecureCookies bool
	Logger        *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// DatabaseDown, when set, says why the database is down ("" when it
	// is not), e.g. while the embedded PostgreSQL is being restarted;
	// /readyz reports it.
	DatabaseDown func() string
}

// Server serves tdkt.
type Server struct {
	store    *store.Store
	sessions *scs.SessionManager
	log      *slog.Logger
	cfg      Config
	now      func() time.Time
	assetVer string
	handler  *chi.Mux
}

// Session lifetimes (ASVS L2: 30 min idle, 12 h absolute). tdkt enforces
// both itself with its own clock (loadUser), so that a session is written
// back at most once a minute (sessionTouch) rather than on every request as
// scs's IdleTimeout would do; scs's Lifetime stays as a backstop.
const (
	sessionIdle     = 30 * time.Minute
	sessionLifetime = 12 * time.Hour
	sessionTouch    = time.Minute
)

// NewServer builds the handler of tdkt. sessionPool stores sessions; give
// it a pool with synchronous_commit=off so that touching a session on every
// request does not wait for a WAL flush.
func NewServer(cfg Config, st *store.Store, sessionPool *pgxpool.Pool) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	sm := scs.New()
	sm.Store = pgxstore.NewWithCleanupInterval(sessionPool, 5*time.Minute)
	sm.Lifetime = sessionLifetime
	// A browser-session cookie: closing the browser on a shared office
	// computer ends the session too.
	sm.Cookie.Persist = false
	sm.HashTokenInStore = true
	sm.Codec = sessionCodec{}
	sm.Cookie.Name = "tdkt_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	if cfg.SecureCookies {
		sm.Cookie.Name = "__Host-tdkt_session"
		sm.Cookie.Secure = true
	}
	srv := &Server{store: st, sessions: sm, log: cfg.Logger, cfg: cfg, now: cfg.Now, assetVer: assetVersion()}
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { srv.serveError(w, r, err) }
	srv.handler = srv.routes()
	return srv
}

func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { srv.handler.ServeHTTP(w, r) }

// Routes lists the routes, for tests that must cover every one of them.
func (srv *Server) Routes() chi.Routes { return srv.handler }

// assetVersion is a hash of the static files, for cache busting.
func assetVersion() string {
	h := sha256.New()
	fs.WalkDir(static.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(static.FS, path)
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// ctxKey keys request-scoped values.
type ctxKey int

const (
	userKey ctxKey = iota
	requestKey
	sessionKey // set inside scs's LoadAndSave, where session data exists
)

// requestInfo is filled as the request passes the middleware, so that the
// access log sees the user that loadUser found further in.
type requestInfo struct {
	id     string
	userID int64
}

func userFrom(ctx context.Context) *store.User {
	u, _ := ctx.Value(userKey).(*store.User)
	return u
}

// hasSession reports whether the request passed the session middleware:
// error pages can be served before it, where scs must not be touched.
func hasSession(ctx context.Context) bool {
	ok, _ := ctx.Value(sessionKey).(bool)
	return ok
}

func requestID(ctx context.Context) string {
	if ri, ok := ctx.Value(requestKey).(*requestInfo); ok {
		return ri.id
	}
	return ""
}

// today is the current date in Vietnam.
func (srv *Server) today() time.Time { return srv.now().In(view.Vietnam) }
