package web

import (
	"strings"
	"testing"
)

// awardNav is merged into the main menu by the dossiers area
// (dossierNav = append(awardNav, …)); every entry needs roles and a path.
func TestAwardNav(t *testing.T) {
	if len(awardNav) == 0 {
		t.Fatal("awardNav is empty")
	}
	for _, n := range awardNav {
		if !strings.HasPrefix(n.href, "/") || len(n.roles) == 0 || n.label == "" {
			t.Errorf("bad menu entry %+v", n)
		}
	}
}
