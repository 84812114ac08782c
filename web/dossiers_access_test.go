package web_test

// dossierAccess lists the routes of this area for TestRouteAccessMatrix.
var dossierAccess = map[string]access{}
