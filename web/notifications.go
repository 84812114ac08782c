package web

import "github.com/go-chi/chi/v5"

// notificationRoutes adds the signed-in user's notification list.
func (srv *Server) notificationRoutes(r chi.Router) {}
