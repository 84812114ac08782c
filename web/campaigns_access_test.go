package web_test

// campaignAccess lists the routes of this area for TestRouteAccessMatrix.
var campaignAccess = map[string]access{}
