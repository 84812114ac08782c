package localpg

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNoBinaries(t *testing.T) {
	_, err := Start(context.Background(), Options{Dir: t.TempDir(), BinDir: filepath.Join(t.TempDir(), "nothing")})
	if !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("Start with no binaries = %v; want ErrNoBinaries", err)
	}
	for _, hint := range []string{"apt-get install postgresql", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("message %q does not say %q", err, hint)
		}
	}
}

func TestFindBinaries(t *testing.T) {
	dir, err := FindBinaries("")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("FindBinaries: %v", err)
		}
		t.Skip(err)
	}
	for _, name := range []string{"initdb", "pg_ctl"} {
		if !isExec(filepath.Join(dir, name)) {
			t.Errorf("FindBinaries() = %s without %s", dir, name)
		}
	}
}
