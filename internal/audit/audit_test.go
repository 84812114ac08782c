package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	k1, src, err := LoadKey(dir, "")
	if err != nil || len(k1) != keyLen || src != filepath.Join(dir, KeyFile) {
		t.Fatalf("LoadKey (create) = %x, %q, %v", k1, src, err)
	}
	fi, _ := os.Stat(src)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v; want 0600", fi.Mode().Perm())
	}
	k2, _, err := LoadKey(dir, "")
	if err != nil || string(k1) != string(k2) {
		t.Errorf("LoadKey (again) = %x, %v; want the same key", k2, err)
	}
	os.Chmod(src, 0o644)
	if _, _, err := LoadKey(dir, ""); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("LoadKey of a world-readable key = %v; want refused", err)
	}
	env := strings.Repeat("ab", 32)
	if k, src, err := LoadKey(dir, env); err != nil || src != KeyEnv || len(k) != 32 {
		t.Errorf("LoadKey(env) = %x, %q, %v", k, src, err)
	}
	if _, _, err := LoadKey(dir, "abcd"); err == nil {
		t.Error("a short key from the environment was accepted")
	}
}

func TestCheckpoints(t *testing.T) {
	dir := t.TempDir()
	key := []byte(strings.Repeat("k", 32))
	if cps, err := ReadCheckpoints(dir, key); err != nil || cps != nil {
		t.Fatalf("no file = %v, %v", cps, err)
	}
	now := time.Unix(1_750_000_000, 0)
	for i, h := range []string{"aa", "bb"} {
		if err := Append(dir, key, Checkpoint{ID: int64(10 * (i + 1)), Hash: []byte(h), At: now}); err != nil {
			t.Fatal(err)
		}
	}
	cps, err := ReadCheckpoints(dir, key)
	if err != nil || len(cps) != 2 || Latest(cps).ID != 20 || string(Latest(cps).Hash) != "bb" {
		t.Fatalf("ReadCheckpoints = %+v, %v", cps, err)
	}
	if _, err := ReadCheckpoints(dir, []byte(strings.Repeat("x", 32))); err == nil {
		t.Error("checkpoints read with another key")
	}
	// A forged line (a smaller head, to hide a truncation) is refused.
	path := filepath.Join(dir, CheckpointFile)
	b, _ := os.ReadFile(path)
	forged := strings.Replace(string(b), "20 ", "19 ", 1)
	os.WriteFile(path, []byte(forged), 0o600)
	if _, err := ReadCheckpoints(dir, key); err == nil {
		t.Error("a forged checkpoint line was accepted")
	}
}
