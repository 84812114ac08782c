package web_test

// decisionAccess lists the routes of decisions, tờ trình, reward money and
// certificates for TestRouteAccessMatrix.
var decisionAccess = map[string]access{
	"GET /admin/base-salaries":  admin,
	"POST /admin/base-salaries": admin,
}
