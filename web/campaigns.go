package web

import "github.com/go-chi/chi/v5"

// campaignNav is the menu of campaigns, pledges and blocs.
var campaignNav []navItem

// campaignRoutes adds the routes of campaigns, pledges and blocs.
func (srv *Server) campaignRoutes(r chi.Router) {}
