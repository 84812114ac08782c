// Package docgentest proves in tests that generated documents open in
// LibreOffice: it converts them with soffice --headless (Debian
// libreoffice-writer-nogui) and returns the text LibreOffice read.
package docgentest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// soffice finds the LibreOffice binary.
func soffice() string {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Convert converts every file (name → bytes; the name's extension tells
// LibreOffice the format) to plain text in one soffice run, which is slow
// to start, and returns the text by name. Without LibreOffice the test is
// skipped, except in CI (CI set), where it fails.
func Convert(t testing.TB, files map[string][]byte) map[string]string {
	t.Helper()
	bin := soffice()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice (soffice) is missing: install libreoffice-writer-nogui")
		}
		t.Skip("LibreOffice (soffice) is not installed; CI runs this test")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	for _, d := range []string{in, out} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out}
	for name, b := range files {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	texts := map[string]string{}
	for name := range files {
		base := strings.TrimSuffix(name, filepath.Ext(name))
		b, err := os.ReadFile(filepath.Join(out, base+".txt"))
		if err != nil {
			t.Fatalf("LibreOffice did not convert %s: %v\n%s", name, err, msg)
		}
		texts[name] = strings.TrimPrefix(string(b), "\ufeff")
	}
	return texts
}
