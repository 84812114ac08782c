package web_test

// dossierAccess lists the routes of this area for TestRouteAccessMatrix.
// Object-level scope (a department head sees only her unit's dossiers) is
// tested route by route in TestDossierObjectAccess.
var dossierAccess = map[string]access{
	"GET /rounds":                                  anyUser,
	"GET /rounds/{id}":                             anyUser,
	"GET /dossiers/{id}":                           anyUser,
	"GET /dossiers/{id}/history":                   anyUser,
	"GET /dossiers/{id}/documents/{doc}":           anyUser,
	"POST /rounds/{id}/dossiers":                   deptHeadRole,
	"GET /dossiers/{id}/nominations/new":           deptHeadRole,
	"POST /dossiers/{id}/nominations":              deptHeadRole,
	"GET /dossiers/{id}/nominations/{nom}/edit":    deptHeadRole,
	"POST /dossiers/{id}/nominations/{nom}":        deptHeadRole,
	"GET /dossiers/{id}/nominations/{nom}/remove":  deptHeadRole,
	"POST /dossiers/{id}/nominations/{nom}/remove": deptHeadRole,
	"POST /dossiers/{id}/documents":                deptHeadRole,
	"POST /dossiers/{id}/documents/{doc}/remove":   deptHeadRole,
	"GET /dossiers/{id}/check":                     deptHeadRole,
	"POST /dossiers/{id}/submit":                   deptHeadRole,
	"GET /dossiers/{id}/withdraw":                  deptHeadRole,
	"POST /dossiers/{id}/withdraw":                 deptHeadRole,
	"GET /rounds/new":                              office,
	"POST /rounds":                                 office,
	"GET /appraisal":                               office,
	"POST /dossiers/{id}/receive":                  office,
	"GET /dossiers/{id}/return":                    office,
	"POST /dossiers/{id}/return":                   office,
	"POST /dossiers/{id}/appraise":                 office,
	"GET /dossiers/{id}/nominations/{nom}/mark":    office,
	"POST /dossiers/{id}/nominations/{nom}/mark":   office,
	"GET /admin/holidays":                          office,
	"POST /admin/holidays":                         office,
	"GET /admin/holidays/{day}/remove":             office,
	"POST /admin/holidays/{day}/remove":            office,
}
