package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the module root, from this package's directory.
const root = "../.."

// goFiles lists the non-test Go files under dir, generated ones included.
func goFiles(t *testing.T, dir string, recursive bool) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (!recursive || d.Name() == "testdata" || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sqlLike matches the start of an SQL statement in a string literal.
var sqlLike = regexp.MustCompile(`(?i)^\s*(SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+\w+\s+AS\s*\(|CREATE\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s)`)

// TestNoSQLOutsideStore: handlers (web/…) and domain packages hold no SQL;
// every statement lives in internal/store (and the migrations).
func TestNoSQLOutsideStore(t *testing.T) {
	files := goFiles(t, filepath.Join(root, "web"), true)
	for _, dir := range domainPackages(t) {
		files = append(files, goFiles(t, dir, false)...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d files found: wrong root?", len(files))
	}
	for _, path := range files {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && sqlLike.MatchString(strings.ReplaceAll(s, "\n", " ")) {
				t.Errorf("%s: SQL outside internal/store: %.60q", path, s)
			}
			return true
		})
	}
}

// notDomain are the packages under internal/ that talk to the outside
// world: the store, the local PostgreSQL, the test database, the demo
// data loader and this test.
var notDomain = map[string]bool{"store": true, "localpg": true, "pgtest": true, "demo": true, "archtest": true}

// domainPackages lists the directories of the domain packages.
func domainPackages(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "internal"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !notDomain[e.Name()] {
			out = append(out, filepath.Join(root, "internal", e.Name()))
		}
	}
	return out
}

// forbidden are the imports a domain package must not have.
var forbidden = []string{"net/http", "github.com/jackc/pgx", "github.com/a-h/templ", "github.com/alexedwards/scs",
	"github.com/go-chi/chi", "tdkt/internal/store", "tdkt/internal/localpg", "tdkt/internal/pgtest", "tdkt/internal/demo", "tdkt/web"}

// TestDomainImports: domain packages are plain Go, free of HTTP, the
// database, templates, sessions and the store.
func TestDomainImports(t *testing.T) {
	dirs := domainPackages(t)
	if len(dirs) < 10 {
		t.Fatalf("only %d domain packages found: wrong root?", len(dirs))
	}
	for _, dir := range dirs {
		for _, path := range goFiles(t, dir, false) {
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, bad := range forbidden {
					if p == bad || strings.HasPrefix(p, bad+"/") {
						t.Errorf("%s imports %s: domain packages do not", path, p)
					}
				}
			}
		}
	}
}

// TestCatchesViolations makes sure the checks above would fail.
func TestCatchesViolations(t *testing.T) {
	for _, s := range []string{"SELECT id FROM people WHERE x", "insert into t (a) values (1)", "UPDATE dossiers SET state = $1",
		"\n\t\tDELETE FROM x", "WITH t AS (SELECT 1) SELECT"} {
		if !sqlLike.MatchString(strings.ReplaceAll(s, "\n", " ")) {
			t.Errorf("%q is not seen as SQL", s)
		}
	}
	for _, s := range []string{"Chọn đơn vị", "select", "Update your password", "/dossiers/%d", "delete"} {
		if sqlLike.MatchString(s) {
			t.Errorf("%q is seen as SQL", s)
		}
	}
}
