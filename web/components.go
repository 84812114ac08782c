package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"tdkt/web/view"
)

// componentRoutes adds the UI kit's components page (demo mode only; the
// routes do not exist otherwise, so they answer 404).
func (srv *Server) componentRoutes(r chi.Router) {
	if !srv.cfg.Demo {
		return
	}
	r.Get("/components", srv.handle(srv.components))
	r.Get("/components/confirm", srv.handle(srv.componentsConfirm))
	r.Post("/components/confirm", srv.handle(srv.componentsConfirm))
}

var crumbComponents = view.Crumb{Label: "Bộ thành phần giao diện", Href: "/components"}

func (srv *Server) components(w http.ResponseWriter, r *http.Request) error {
	p := srv.page(r, "Bộ thành phần giao diện", view.Crumb{Label: "Trang chủ", Href: "/"}, view.Crumb{Label: crumbComponents.Label})
	return srv.render(w, r, http.StatusOK, view.ComponentsPage(p, view.Components{Now: srv.now()}))
}

// componentsConfirm shows the confirmation page; posting it shows the same
// page with the error of a missing reason (nothing is deleted).
func (srv *Server) componentsConfirm(w http.ResponseWriter, r *http.Request) error {
	const title = "Xác nhận thao tác"
	p := srv.page(r, title, view.Crumb{Label: "Trang chủ", Href: "/"}, crumbComponents, view.Crumb{Label: title})
	if r.Method == http.MethodPost {
		return srv.render(w, r, http.StatusUnprocessableEntity, view.ComponentsConfirmPage(p, true))
	}
	return srv.render(w, r, http.StatusOK, view.ComponentsConfirmPage(p, false))
}
