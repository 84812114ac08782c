package web

import "github.com/go-chi/chi/v5"

func (srv *Server) blocRoutes(r chi.Router) {}
