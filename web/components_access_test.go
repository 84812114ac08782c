package web_test

// componentAccess lists the routes of this area for TestRouteAccessMatrix.
var componentAccess = map[string]access{}
