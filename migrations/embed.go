// Package migrations holds the SQL migrations of tdkt, applied with golang-migrate.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
