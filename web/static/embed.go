// Package static holds the CSS, scripts, fonts and images of tdkt, served
// from the binary.
package static

import "embed"

// FS holds the static files.
//
//go:embed *.css *.svg *.js
var FS embed.FS
