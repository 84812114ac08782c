package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"tdkt/internal/auth"
	"tdkt/internal/bloc"
	"tdkt/internal/council"
	"tdkt/web/static"
)

// maxFormBytes caps ordinary form bodies.
const maxFormBytes = 1 << 20

// dossierReaders may open rounds and dossiers (each within its scope).
var dossierReaders = []auth.Role{auth.DeptHead, auth.Office, auth.Admin, auth.Leader, auth.Chair}

// routes lists every route of tdkt, grouped by who may use them; the
// comments name the files of the handlers.
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

		// Everything below needs a signed-in user whose password is current.
		r.Group(func(r chi.Router) {
			r.Use(requireUser, passwordGate)

			// Any signed-in user: home, own account, notifications.
			r.Get("/", srv.handle(srv.home))
			r.Get(passwordPath, srv.handle(srv.passwordForm))
			r.Post(passwordPath, srv.handle(srv.passwordChange))
			r.Post("/account/sessions/end", srv.handle(srv.endOtherSessions))
			r.Get("/notifications", srv.handle(srv.notificationList))
			r.Post("/notifications/read", srv.handle(srv.notificationsRead))
			r.Post("/notifications/{id}/open", srv.handle(srv.notificationOpen))

			// Campaigns (campaigns.go): everyone reads, each within scope.
			r.Get("/campaigns", srv.handle(srv.campaignList))
			r.Get("/campaigns/{id}", srv.handle(srv.campaignShow))
			r.Get("/campaigns/{id}/documents/{doc}", srv.handle(srv.campaignDocument))

			// Blocs (blocs.go): members and the office; each handler checks
			// the user's part in the bloc.
			r.Get("/blocs", srv.handle(srv.blocList))
			r.Get("/blocs/{id}/{year}", srv.handle(srv.blocYearShow))
			r.Get("/blocs/{id}/{year}/export.xlsx", srv.handle(srv.blocExport))
			r.Get("/blocs/{id}/{year}/members/{member}", srv.handle(srv.blocMemberShow))
			r.Post("/blocs/{id}/{year}/members/{member}/sign", srv.handle(srv.blocSign))
			r.Post("/blocs/{id}/{year}/members/{member}/scores/{criterion}", srv.handle(srv.blocSelfScore))
			r.Post("/blocs/{id}/{year}/members/{member}/votes", srv.handle(srv.blocVote))
			r.Get("/blocs/{id}/{year}/verify", srv.handle(srv.blocVerifyShow))
			r.Post("/blocs/{id}/{year}/verify", srv.handle(srv.blocVerifyAll))
			r.Post("/blocs/{id}/{year}/scores/{score}/verify", srv.handle(srv.blocScoreStep(bloc.EventVerify)))
			r.Post("/blocs/{id}/{year}/scores/{score}/dispute", srv.handle(srv.blocScoreStep(bloc.EventDispute)))
			r.Post("/blocs/{id}/{year}/scores/{score}/resolve", srv.handle(srv.blocScoreStep(bloc.EventResolve)))
			r.Post("/blocs/{id}/{year}/scores/{score}/evidence", srv.handle(srv.blocEvidenceUpload))
			r.Get("/blocs/{id}/{year}/documents/{doc}", srv.handle(srv.blocDocument))

			// The UI kit's components page, in demo mode only (components.go).
			if srv.cfg.Demo {
				r.Get("/components", srv.handle(srv.components))
				r.Get("/components/confirm", srv.handle(srv.componentsConfirm))
				r.Post("/components/confirm", srv.handle(srv.componentsConfirm))
			}

			// Department heads: their unit's pledge and dossier.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.DeptHead))
				r.Get("/campaigns/{id}/pledge", srv.handle(srv.pledgeShow))
				r.Post("/campaigns/{id}/pledge", srv.handle(srv.pledgeSave))
				r.Post("/rounds/{id}/dossiers", srv.handle(srv.dossierOpen))
				r.Get("/dossiers/{id}/nominations/new", srv.handle(srv.nominationNew))
				r.Post("/dossiers/{id}/nominations", srv.handle(srv.nominationCreate))
				r.Get("/dossiers/{id}/nominations/{nom}/edit", srv.handle(srv.nominationEdit))
				r.Post("/dossiers/{id}/nominations/{nom}", srv.handle(srv.nominationUpdate))
				r.Get("/dossiers/{id}/nominations/{nom}/remove", srv.handle(srv.nominationRemoveConfirm))
				r.Post("/dossiers/{id}/nominations/{nom}/remove", srv.handle(srv.nominationRemove))
				r.Post("/dossiers/{id}/documents", srv.handle(srv.documentUpload))
				r.Post("/dossiers/{id}/documents/{doc}/remove", srv.handle(srv.documentRemove))
				r.Get("/dossiers/{id}/check", srv.handle(srv.dossierCheck))
				r.Post("/dossiers/{id}/submit", srv.handle(srv.dossierSubmit))
				r.Get("/dossiers/{id}/withdraw", srv.handle(srv.dossierWithdrawConfirm))
				r.Post("/dossiers/{id}/withdraw", srv.handle(srv.dossierWithdraw))
			})

			// Ratings (ratings.go): department heads for their unit, the
			// office; leadership reads every unit's.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.DeptHead, auth.Office, auth.Admin, auth.Leader, auth.Chair))
				r.Get("/ratings", srv.handle(srv.ratingsCurrent))
				r.Get("/ratings/{year}", srv.handle(srv.ratingsPage))
				r.Get("/ratings/{year}/sheet.xlsx", srv.handle(srv.ratingsXLSX))
			})
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.DeptHead, auth.Office, auth.Admin))
				r.Post("/ratings/{year}", srv.handle(srv.ratingsSave))
				r.Post("/ratings/{year}/import", srv.handle(srv.ratingsImport))
			})

			// People and award histories, read: the office and leadership
			// (people.go, history.go).
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin, auth.Office, auth.Leader, auth.Chair))
				r.Get("/people", srv.handle(srv.peopleList))
				r.Get("/people/export.xlsx", srv.handle(srv.peopleExport))
				r.Get("/people/{id}/history", srv.handle(srv.historyPage))
				r.Get("/units/{id}/history", srv.handle(srv.unitHistoryPage))
			})
			// A person's page: also a department head, for his own unit's
			// people (others: 404).
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin, auth.Office, auth.Leader, auth.Chair, auth.DeptHead))
				r.Get("/people/{id}", srv.handle(srv.personShow))
			})

			// Eligibility (eligibility.go).
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.DeptHead, auth.Office, auth.Admin, auth.Leader))
				r.Get("/eligibility", srv.handle(srv.eligibility))
			})

			// Rounds and dossiers, read (rounds.go, dossiers.go): each
			// within the user's scope.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(dossierReaders...))
				r.Get("/rounds", srv.handle(srv.roundList))
				r.Get("/rounds/{id}", srv.handle(srv.roundShow))
				r.Get("/dossiers/{id}", srv.handle(srv.dossierShow))
				r.Get("/dossiers/{id}/history", srv.handle(srv.dossierHistory))
				r.Get("/dossiers/{id}/documents/{doc}", srv.handle(srv.documentDownload))
			})

			// The council (council.go): its roster and sessions for the
			// council's readers; a session, its ballot, documents and
			// minutes for any signed-in user, each handler answering 404
			// unless the user sits on the session or reads every session.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(councilReaders...))
				r.Get("/council", srv.handle(srv.councilRoster))
				r.Get("/council/sessions", srv.handle(srv.councilSessions))
			})
			r.Get("/council/sessions/{id}", srv.handle(srv.sessionShow))
			r.Get("/council/sessions/{id}/minutes", srv.handle(srv.sessionMinutes))
			r.Get("/council/sessions/{id}/documents/{doc}", srv.handle(srv.sessionDocument))
			r.Get("/council/sessions/{id}/vote", srv.handle(srv.voteForm))
			r.Post("/council/sessions/{id}/vote", srv.handle(srv.voteCast))

			// The council's chair: opens, closes, resets and concludes.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Chair))
				r.Post("/council/sessions/{id}/open", srv.handle(srv.sessionStep(council.OpenBallot)))
				r.Post("/council/sessions/{id}/close", srv.handle(srv.sessionStep(council.CloseBallot)))
				r.Post("/council/sessions/{id}/second-round", srv.handle(srv.sessionStep(council.SecondRound)))
				r.Post("/council/sessions/{id}/conclude", srv.handle(srv.sessionStep(council.Conclude)))
				r.Get("/council/sessions/{id}/reset", srv.handle(srv.sessionResetForm))
				r.Post("/council/sessions/{id}/reset", srv.handle(srv.sessionReset))
			})

			// Paper ballots: the office enters the counts, a second person
			// (office or chair) confirms them.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin, auth.Office, auth.Chair))
				r.Get("/council/sessions/{id}/paper", srv.handle(srv.paperForm))
				r.Get("/council/sessions/{id}/papers", srv.handle(srv.ballotPapers))
				r.Post("/council/sessions/{id}/paper/confirm", srv.handle(srv.paperConfirm))
			})

			// The annual summary (reports.go): leadership and the office.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(reportReaders...))
				r.Get("/reports", srv.handle(srv.reportsCurrent))
				r.Get("/reports/{year}", srv.handle(srv.reportsYear))
				r.Get("/reports/{year}/dossiers", srv.handle(srv.reportsDossiers))
				r.Get("/reports/{year}/{table}.xlsx", srv.handle(srv.reportsXLSX))
				r.Get("/reports/{year}/forms/{form}.xlsx", srv.handle(srv.reportsForm))
			})

			// The office (Văn phòng Sở) and admins.
			// The office's part on a unit's pledge and dossier; leadership
			// does it on the office's own unit's (four eyes: each handler
			// asks dossier.Caller.ActsAsOffice).
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin, auth.Office, auth.Leader, auth.Chair))
				r.Get("/campaigns/{id}/pledges/{unit}", srv.handle(srv.pledgeReview))
				r.Post("/campaigns/{id}/pledges/{unit}/accept", srv.handle(srv.pledgeAccept))
				r.Post("/campaigns/{id}/pledges/{unit}/return", srv.handle(srv.pledgeReturn))
				r.Post("/dossiers/{id}/receive", srv.handle(srv.dossierReceive))
				r.Get("/dossiers/{id}/return", srv.handle(srv.dossierReturnForm))
				r.Post("/dossiers/{id}/return", srv.handle(srv.dossierReturn))
				r.Post("/dossiers/{id}/appraise", srv.handle(srv.dossierAppraise))
				r.Get("/dossiers/{id}/nominations/{nom}/mark", srv.handle(srv.markForm))
				r.Post("/dossiers/{id}/nominations/{nom}/mark", srv.handle(srv.markSave))
			})

			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin, auth.Office))
				r.Post("/council/sessions/{id}/paper", srv.handle(srv.paperSave))

				// The council's roster and sessions (council.go).
				r.Post("/council/members", srv.handle(srv.councilSeatCreate))
				r.Get("/council/members/{id}/edit", srv.handle(srv.councilSeatEdit))
				r.Post("/council/members/{id}", srv.handle(srv.councilSeatUpdate))
				r.Get("/council/sessions/new", srv.handle(srv.sessionNew))
				r.Post("/council/sessions", srv.handle(srv.sessionCreate))
				r.Post("/council/sessions/{id}/attendance", srv.handle(srv.sessionAttendance))
				r.Post("/council/sessions/{id}/agenda/{item}/remove", srv.handle(srv.sessionAgendaRemove))
				r.Get("/council/sessions/{id}/written/{member}", srv.handle(srv.writtenForm))
				r.Post("/council/sessions/{id}/written/{member}", srv.handle(srv.writtenSave))

				// Units (units.go) and people, read (people.go).
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

				// Campaigns and pledges (campaigns.go, pledges.go).
				r.Get("/campaigns/new", srv.handle(srv.campaignNew))
				r.Post("/campaigns", srv.handle(srv.campaignCreate))
				r.Get("/campaigns/{id}/edit", srv.handle(srv.campaignEdit))
				r.Post("/campaigns/{id}", srv.handle(srv.campaignUpdate))
				r.Post("/campaigns/{id}/launch", srv.handle(srv.campaignLaunch))
				r.Get("/campaigns/{id}/close", srv.handle(srv.campaignCloseConfirm))
				r.Post("/campaigns/{id}/close", srv.handle(srv.campaignClose))
				r.Get("/campaigns/{id}/reopen", srv.handle(srv.campaignReopenConfirm))
				r.Post("/campaigns/{id}/reopen", srv.handle(srv.campaignReopen))
				r.Post("/campaigns/{id}/documents", srv.handle(srv.campaignDocumentUpload))

				// Blocs, set up (blocs.go).
				r.Get("/blocs/new", srv.handle(srv.blocNew))
				r.Post("/blocs", srv.handle(srv.blocCreate))
				r.Post("/blocs/{id}/years", srv.handle(srv.blocYearCreate))
				r.Post("/blocs/{id}/{year}/members", srv.handle(srv.blocAddMember))
				r.Post("/blocs/{id}/{year}/members/{member}/remove", srv.handle(srv.blocRemoveMember))
				r.Post("/blocs/{id}/{year}/leadership", srv.handle(srv.blocLeadership))
				r.Post("/blocs/{id}/{year}/covenant", srv.handle(srv.blocCovenant))
				r.Post("/blocs/{id}/{year}/criteria", srv.handle(srv.blocAddCriterion))
				r.Post("/blocs/{id}/{year}/criteria/{criterion}/delete", srv.handle(srv.blocDeleteCriterion))
				r.Post("/blocs/{id}/{year}/phase", srv.handle(srv.blocPhase))
				r.Post("/blocs/{id}/{year}/proposals", srv.handle(srv.blocProposals))
				r.Post("/blocs/{id}/{year}/documents", srv.handle(srv.blocCovenantUpload))

				// Ratings, locked and unit ratings (ratings.go).
				r.Post("/ratings/{year}/units", srv.handle(srv.unitRatingsSave))
				r.Get("/ratings/{year}/lock", srv.handle(srv.ratingsLockConfirm))
				r.Post("/ratings/{year}/lock", srv.handle(srv.ratingsLock))
				r.Get("/ratings/{year}/unlock", srv.handle(srv.ratingsUnlockConfirm))
				r.Post("/ratings/{year}/unlock", srv.handle(srv.ratingsUnlock))

				// Award histories (history.go, history_units.go, history_import.go).
				r.Post("/people/{id}/history/awards", srv.handle(srv.historyAddAward))
				r.Get("/people/{id}/history/awards/{entry}/delete", srv.handle(srv.historyDeleteConfirm))
				r.Post("/people/{id}/history/awards/{entry}/delete", srv.handle(srv.historyDeleteAward))
				r.Post("/people/{id}/history/initiatives", srv.handle(srv.historyAddInitiative))
				r.Post("/people/{id}/history/initiatives/{entry}/used", srv.handle(srv.historyInitiativeUsed))
				r.Post("/people/{id}/history/cases", srv.handle(srv.historyAddCase))
				r.Post("/people/{id}/history/cases/{entry}/close", srv.handle(srv.historyCloseCase))
				r.Post("/units/{id}/history/awards", srv.handle(srv.unitHistoryAddAward))
				r.Get(historyImportPath, srv.handle(srv.historyImportForm))
				r.Get(historyImportPath+"/template.xlsx", srv.handle(srv.historyImportTemplate))
				r.Post(historyImportPath, srv.handle(srv.historyImportUpload))
				r.Post(historyImportPath+"/apply", srv.handle(srv.historyImportApply))

				// Rounds, appraisal and the holiday calendar (rounds.go, appraisal.go).
				r.Get("/rounds/new", srv.handle(srv.roundNew))
				r.Post("/rounds", srv.handle(srv.roundCreate))
				r.Post("/rounds/{id}/close", srv.handle(srv.roundClose))
				r.Post("/rounds/{id}/reopen", srv.handle(srv.roundReopen))
				r.Get("/appraisal", srv.handle(srv.appraisalQueue))
				r.Get("/admin/holidays", srv.handle(srv.holidayList))
				r.Post("/admin/holidays", srv.handle(srv.holidaySave))
				r.Post("/admin/holidays/{year}/confirm", srv.handle(srv.holidayConfirm))
				r.Get("/admin/holidays/{day}/remove", srv.handle(srv.holidayRemoveConfirm))
				r.Post("/admin/holidays/{day}/remove", srv.handle(srv.holidayRemove))
			})

			// Admins only: people, imports, accounts, the audit trail and
			// the rule settings.
			r.Group(func(r chi.Router) {
				r.Use(srv.requireRole(auth.Admin))
				r.Get("/people/new", srv.handle(srv.personNew))
				r.Post("/people", srv.handle(srv.personCreate))
				r.Get("/people/{id}/edit", srv.handle(srv.personEdit))
				r.Post("/people/{id}", srv.handle(srv.personUpdate))
				r.Get("/people/import", srv.handle(srv.importForm))
				r.Get("/people/import/template.xlsx", srv.handle(srv.importTemplate))
				r.Post("/people/import", srv.handle(srv.importUpload))
				r.Get("/people/import/{id}", srv.handle(srv.importPreview))
				r.Post("/people/import/{id}/apply", srv.handle(srv.importApply))
				r.Post("/people/import/{id}/cancel", srv.handle(srv.importCancel))

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
				r.Get("/admin/awards", srv.handle(srv.adminAwards))
				r.Get("/admin/awards/{code}/docs", srv.handle(srv.awardDocsForm))
				r.Post("/admin/awards/{code}/docs", srv.handle(srv.awardDocsSave))
				r.Get("/admin/settings", srv.handle(srv.adminSettings))
				r.Get("/admin/base-salaries", srv.handle(srv.baseSalaryList))
				r.Post("/admin/base-salaries", srv.handle(srv.baseSalarySave))
				r.Post("/admin/settings", srv.handle(srv.adminSettingsSave))
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
