package web_test

// awardAccess lists the routes of ratings, history, eligibility and the
// award catalogue for TestRouteAccessMatrix.
var awardAccess = map[string]access{
	"GET /ratings":                                       anyUser,
	"GET /ratings/{year}":                                anyUser,
	"POST /ratings/{year}":                               anyUser,
	"GET /ratings/{year}/sheet.xlsx":                     anyUser,
	"POST /ratings/{year}/import":                        anyUser,
	"POST /ratings/{year}/units":                         office,
	"GET /ratings/{year}/lock":                           office,
	"POST /ratings/{year}/lock":                          office,
	"GET /ratings/{year}/unlock":                         office,
	"POST /ratings/{year}/unlock":                        office,
	"GET /eligibility":                                   anyUser,
	"GET /admin/awards":                                  admin,
	"GET /admin/settings":                                admin,
	"POST /admin/settings":                               admin,
	"GET /people/{id}/history":                           office,
	"POST /people/{id}/history/awards":                   office,
	"GET /people/{id}/history/awards/{entry}/delete":     office,
	"POST /people/{id}/history/awards/{entry}/delete":    office,
	"POST /people/{id}/history/initiatives":              office,
	"POST /people/{id}/history/initiatives/{entry}/used": office,
	"POST /people/{id}/history/cases":                    office,
	"POST /people/{id}/history/cases/{entry}/close":      office,
	"GET /units/{id}/history":                            office,
	"POST /units/{id}/history/awards":                    office,
	"GET /people/history/import":                         office,
	"GET /people/history/import/template.xlsx":           office,
	"POST /people/history/import":                        office,
	"POST /people/history/import/apply":                  office,
}
