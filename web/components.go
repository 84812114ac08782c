package web

import (
	"net/http"

	"tdkt/web/view"
)

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
