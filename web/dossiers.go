package web

import "github.com/go-chi/chi/v5"

// dossierNav is the menu of ratings, eligibility, rounds and dossiers.
var dossierNav []navItem

// dossierRoutes adds the routes of ratings, awards, eligibility, rounds and
// dossiers.
func (srv *Server) dossierRoutes(r chi.Router) {
	srv.awardRoutes(r)
}
