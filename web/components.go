package web

import "github.com/go-chi/chi/v5"

// componentRoutes adds the UI kit's components page (demo mode only).
func (srv *Server) componentRoutes(r chi.Router) {}
