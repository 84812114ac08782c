package web_test

// chairRole is the council's chair (giamdoc): none of the matrix's test
// clients, so they all get 403 on the chair's routes.
const chairRole access = 0

// councilAccess lists the council's routes for TestRouteAccessMatrix. A
// session, its ballot, documents and minutes are open to any signed-in
// user at the route and answer 404 to anyone not seated on the session
// who does not read every session (TestCouncilSessionAccess).
var councilAccess = map[string]access{
	"GET /council":          anyUser, // tp.ngansach and vanphong are council members
	"GET /council/sessions": anyUser,

	"GET /council/sessions/{id}":                 anyUser,
	"GET /council/sessions/{id}/minutes":         anyUser,
	"GET /council/sessions/{id}/documents/{doc}": anyUser,
	"GET /council/sessions/{id}/vote":            anyUser,
	"POST /council/sessions/{id}/vote":           anyUser,

	"POST /council/sessions/{id}/open":         chairRole,
	"POST /council/sessions/{id}/close":        chairRole,
	"POST /council/sessions/{id}/second-round": chairRole,
	"POST /council/sessions/{id}/conclude":     chairRole,
	"GET /council/sessions/{id}/reset":         chairRole,
	"POST /council/sessions/{id}/reset":        chairRole,

	"GET /council/sessions/{id}/paper":                 office,
	"GET /council/sessions/{id}/papers":                office,
	"POST /council/sessions/{id}/paper/confirm":        office,
	"POST /council/sessions/{id}/paper":                office,
	"POST /council/members":                            office,
	"GET /council/members/{id}/edit":                   office,
	"POST /council/members/{id}":                       office,
	"GET /council/sessions/new":                        office,
	"POST /council/sessions":                           office,
	"POST /council/sessions/{id}/attendance":           office,
	"POST /council/sessions/{id}/agenda/{item}/remove": office,
	"GET /council/sessions/{id}/written/{member}":      office,
	"POST /council/sessions/{id}/written/{member}":     office,
}
