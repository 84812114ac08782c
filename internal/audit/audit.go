// Package audit keeps what makes the audit trail tamper-evident outside
// the database: the HMAC key that seals the hash chain of the events
// table, and an append-only file of checkpoints of the chain's head, so
// that an edited, re-chained or truncated trail is found by
// `tdkt verify-audit` even when whoever changed it controlled PostgreSQL.
package audit

import (
	"bufio"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// KeyEnv is the environment variable that carries the key (64 hex digits)
// in production; without it the key is the file KeyFile in the data
// directory, created on first use with mode 0600.
const (
	KeyEnv         = "TDKT_AUDIT_KEY"
	KeyFile        = "audit.key"
	CheckpointFile = "audit.checkpoints"
	keyLen         = 32
)

// LoadKey returns the audit key: from the environment value env when it is
// set, otherwise from dir/audit.key, which is created when missing and
// must not be readable by group or others. source says where it came from.
func LoadKey(dir, env string) (key []byte, source string, err error) {
	if env != "" {
		key, err := hex.DecodeString(strings.TrimSpace(env))
		if err != nil || len(key) < keyLen {
			return nil, "", fmt.Errorf("audit: %s must be at least %d bytes as hex digits", KeyEnv, keyLen)
		}
		return key, KeyEnv, nil
	}
	path := filepath.Join(dir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createKey(path)
	}
	if err != nil {
		return nil, "", fmt.Errorf("audit: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, "", fmt.Errorf("audit: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, "", fmt.Errorf("audit: %s is readable by others (mode %v): chmod 600 it", path, fi.Mode().Perm())
	}
	key, err = hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < keyLen {
		return nil, "", fmt.Errorf("audit: %s does not hold a key of %d hex bytes", path, keyLen)
	}
	return key, path, nil
}

func createKey(path string) ([]byte, string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, "", fmt.Errorf("audit: %w", err)
	}
	key := make([]byte, keyLen)
	rand.Read(key)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it first: use theirs.
		return LoadKey(filepath.Dir(path), "")
	}
	if err != nil {
		return nil, "", fmt.Errorf("audit: %w", err)
	}
	if _, err := fmt.Fprintln(f, hex.EncodeToString(key)); err != nil {
		f.Close()
		return nil, "", fmt.Errorf("audit: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, "", fmt.Errorf("audit: %w", err)
	}
	return key, path, f.Close()
}

// Checkpoint is the head of the chain at one moment: the newest event's id
// and hash.
type Checkpoint struct {
	ID   int64
	Hash []byte
	At   time.Time
}

// mac seals a checkpoint line with the key, so that a line cannot be
// forged without it.
func mac(key []byte, id int64, hash []byte, at int64) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "checkpoint %d %x %d", id, hash, at)
	return hex.EncodeToString(m.Sum(nil))
}

// Append adds a checkpoint to dir/audit.checkpoints (created with mode
// 0600), written and synced before it returns.
func Append(dir string, key []byte, c Checkpoint) error {
	f, err := os.OpenFile(filepath.Join(dir, CheckpointFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("audit: checkpoint: %w", err)
	}
	at := c.At.Unix()
	if _, err := fmt.Fprintf(f, "%d %x %d %s\n", c.ID, c.Hash, at, mac(key, c.ID, c.Hash, at)); err != nil {
		f.Close()
		return fmt.Errorf("audit: checkpoint: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("audit: checkpoint: %w", err)
	}
	return f.Close()
}

// ReadCheckpoints returns the checkpoints of dir in the order written; a
// missing file is none. A line that is malformed or not sealed with key is
// an error: the file was tampered with.
func ReadCheckpoints(dir string, key []byte) ([]Checkpoint, error) {
	f, err := os.Open(filepath.Join(dir, CheckpointFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: checkpoints: %w", err)
	}
	defer f.Close()
	var out []Checkpoint
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		parts := strings.Fields(sc.Text())
		if len(parts) != 4 {
			return nil, fmt.Errorf("audit: checkpoints line %d is malformed", line)
		}
		id, err1 := strconv.ParseInt(parts[0], 10, 64)
		hash, err2 := hex.DecodeString(parts[1])
		at, err3 := strconv.ParseInt(parts[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("audit: checkpoints line %d is malformed", line)
		}
		if !hmac.Equal([]byte(parts[3]), []byte(mac(key, id, hash, at))) {
			return nil, fmt.Errorf("audit: checkpoints line %d is not sealed with this key", line)
		}
		out = append(out, Checkpoint{ID: id, Hash: hash, At: time.Unix(at, 0)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("audit: checkpoints: %w", err)
	}
	return out, nil
}

// Latest returns the checkpoint with the highest id (the zero value when
// there is none).
func Latest(cps []Checkpoint) Checkpoint {
	var last Checkpoint
	for _, c := range cps {
		if c.ID > last.ID {
			last = c
		}
	}
	return last
}
