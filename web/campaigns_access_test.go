package web_test

// campaignAccess lists the routes of this area for TestRouteAccessMatrix.
var campaignAccess = map[string]access{
	"GET /campaigns":                             anyUser,
	"GET /campaigns/{id}":                        anyUser,
	"GET /campaigns/new":                         office,
	"POST /campaigns":                            office,
	"GET /campaigns/{id}/edit":                   office,
	"POST /campaigns/{id}":                       office,
	"POST /campaigns/{id}/launch":                office,
	"GET /campaigns/{id}/close":                  office,
	"POST /campaigns/{id}/close":                 office,
	"GET /campaigns/{id}/reopen":                 office,
	"POST /campaigns/{id}/reopen":                office,
	"GET /campaigns/{id}/pledge":                 deptHeadRole,
	"POST /campaigns/{id}/pledge":                deptHeadRole,
	"GET /campaigns/{id}/pledges/{unit}":         office,
	"POST /campaigns/{id}/pledges/{unit}/accept": office,
	"POST /campaigns/{id}/pledges/{unit}/return": office,
}
