package web

import "net/http"

// Placeholders: accounts and audit pages are being written.
func (srv *Server) accountList(w http.ResponseWriter, r *http.Request) error           { return errNotFoundPage }
func (srv *Server) accountNew(w http.ResponseWriter, r *http.Request) error            { return errNotFoundPage }
func (srv *Server) accountCreate(w http.ResponseWriter, r *http.Request) error         { return errNotFoundPage }
func (srv *Server) accountShow(w http.ResponseWriter, r *http.Request) error           { return errNotFoundPage }
func (srv *Server) accountRoles(w http.ResponseWriter, r *http.Request) error          { return errNotFoundPage }
func (srv *Server) accountPasswordForm(w http.ResponseWriter, r *http.Request) error   { return errNotFoundPage }
func (srv *Server) accountPasswordReset(w http.ResponseWriter, r *http.Request) error  { return errNotFoundPage }
func (srv *Server) accountDisableConfirm(w http.ResponseWriter, r *http.Request) error { return errNotFoundPage }
func (srv *Server) accountDisable(w http.ResponseWriter, r *http.Request) error        { return errNotFoundPage }
func (srv *Server) accountEnable(w http.ResponseWriter, r *http.Request) error         { return errNotFoundPage }
func (srv *Server) auditList(w http.ResponseWriter, r *http.Request) error             { return errNotFoundPage }
