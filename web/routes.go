package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"tdkt/internal/auth"
	"tdkt/web/static"
)

// maxFormBytes caps ordinary form bodies.
const maxFormBytes = 1 << 20

// routes lists every route of tdkt.
func (srv *Server) routes() *chi.Mux {
	r := chi.NewRouter()
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.log.Warn("cross_origin_denied", "method", r.Method, "path", r.URL.Path, "request_id", requestID(r.Context()))
		srv.serveError(w, r, errForbidden)
	}))
	r.Use(withRequestID, srv.accessLog, srv.recoverer, securityHeaders(srv.cfg.SecureCookies), srv.cleanQuery)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { srv.serveError(w, r, errNotFoundPage) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { srv.serveError(w, r, errNotFoundPage) })

	r.Use(middleware.GetHead)
	r.Get("/healthz", srv.healthz)
	r.Get("/robots.txt", robots)
	r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg?v="+srv.assetVer, http.StatusMovedPermanently)
	})
	r.Get("/readyz", srv.readyz)
	r.Method(http.MethodGet, "/static/*", http.StripPrefix("/static/", staticHandler(http.FS(static.FS))))

	r.Group(func(r chi.Router) {
		r.Use(cop.Handler, limitBody(maxFormBytes), srv.sessions.LoadAndSave, srv.loadUser)
		r.Get("/login", srv.handle(srv.loginForm))
		r.Post("/login", srv.handle(srv.login))
		r.Post("/logout", srv.handle(srv.logout))

		r.Group(func(r chi.Router) {
			r.Use(requireUser, passwordGate)
			r.Get("/", srv.handle(srv.home))
			r.Get(passwordPath, srv.handle(srv.passwordForm))
			r.Post(passwordPath, srv.handle(srv.passwordChange))
			r.Post("/account/sessions/end", srv.handle(srv.endOtherSessions))
			srv.notificationRoutes(r)

			// Campaigns, pledges and blocs (campaigns.go).
			srv.campaignRoutes(r)

			// Ratings, awards, eligibility, rounds and dossiers (dossiers.go).
			srv.dossierRoutes(r)

			// The UI kit's components page, in demo mode only (components.go).
			srv.componentRoutes(r)

			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin, auth.Office))
				// The office (Văn phòng Sở) keeps the list of units; people
				// and accounts are the admin's.
				r.Get("/units", srv.handle(srv.unitList))
				r.Get("/units/new", srv.handle(srv.unitNew))
				r.Post("/units", srv.handle(srv.unitCreate))
				r.Get("/units/{id}", srv.handle(srv.unitShow))
				r.Get("/units/{id}/edit", srv.handle(srv.unitEdit))
				r.Post("/units/{id}", srv.handle(srv.unitUpdate))
				r.Get("/units/{id}/deactivate", srv.handle(srv.unitDeactivateConfirm))
				r.Post("/units/{id}/deactivate", srv.handle(srv.unitDeactivate))
				r.Post("/units/{id}/reactivate", srv.handle(srv.unitReactivate))
				r.Get("/units/{id}/merge", srv.handle(srv.unitMergeForm))
				r.Post("/units/{id}/merge", srv.handle(srv.unitMerge))
				r.Get("/people", srv.handle(srv.peopleList))
				r.Get("/people/export.xlsx", srv.handle(srv.peopleExport))
				r.Get("/people/{id}", srv.handle(srv.personShow))
			})
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin))
				r.Get("/people/new", srv.handle(srv.personNew))
				r.Post("/people", srv.handle(srv.personCreate))
				r.Get("/people/{id}/edit", srv.handle(srv.personEdit))
				r.Post("/people/{id}", srv.handle(srv.personUpdate))
				srv.importRoutes(r)

				r.Get("/accounts", srv.handle(srv.accountList))
				r.Get("/accounts/new", srv.handle(srv.accountNew))
				r.Post("/accounts", srv.handle(srv.accountCreate))
				r.Get("/accounts/{id}", srv.handle(srv.accountShow))
				r.Post("/accounts/{id}/roles", srv.handle(srv.accountRoles))
				r.Get("/accounts/{id}/password", srv.handle(srv.accountPasswordForm))
				r.Post("/accounts/{id}/password", srv.handle(srv.accountPasswordReset))
				r.Get("/accounts/{id}/disable", srv.handle(srv.accountDisableConfirm))
				r.Post("/accounts/{id}/disable", srv.handle(srv.accountDisable))
				r.Post("/accounts/{id}/enable", srv.handle(srv.accountEnable))

				r.Get("/audit", srv.handle(srv.auditList))
			})
		})
	})
	return r
}

// robots keeps search engines out: tdkt is an internal application.
func robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /\n"))
}

// staticHandler serves embedded assets; versioned URLs are cached for a year.
func staticHandler(fsys http.FileSystem) http.Handler {
	fs := http.FileServer(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		fs.ServeHTTP(w, r)
	})
}
