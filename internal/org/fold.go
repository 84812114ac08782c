package org

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

func foldEqual(a, b string) bool {
	return strings.EqualFold(norm.NFC.String(strings.TrimSpace(a)), norm.NFC.String(strings.TrimSpace(b)))
}
