package main

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/audit"
	"tdkt/internal/localpg"
)

// A backup is a tar file: the database as pg_dump's custom format
// (tdkt.dump), the audit key (audit.key, unless the key comes from the
// environment) and the checkpoints of the audit trail (audit.checkpoints),
// with manifest.json saying what and when.
const (
	backupDump     = "tdkt.dump"
	backupManifest = "manifest.json"
)

type manifest struct {
	Format    int       `json:"format"`
	CreatedAt time.Time `json:"created_at"`
	Database  string    `json:"database"`
	KeyFrom   string    `json:"key_from"` // "file" or "environment"
}

// pgTool finds a PostgreSQL client program (pg_dump, pg_restore).
func pgTool(name string) (string, error) {
	if dir, err := localpg.FindBinaries(""); err == nil {
		if p := filepath.Join(dir, name); isFile(p) {
			return p, nil
		}
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found: install the postgresql client (apt-get install postgresql-client)", name)
	}
	return p, nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// pgArgs turns a connection URL into libpq arguments and an environment
// carrying the password, so that it shows in no process list.
func pgArgs(dbURL string) ([]string, []string, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, nil, fmt.Errorf("database: %w", err)
	}
	args := []string{"-h", cfg.Host, "-p", fmt.Sprint(cfg.Port), "-U", cfg.User, "-d", cfg.Database}
	ssl := "require"
	if cfg.TLSConfig == nil {
		ssl = "disable"
	}
	env := append(os.Environ(), "PGPASSWORD="+cfg.Password, "PGSSLMODE="+ssl)
	return args, env, nil
}

// backup writes the database at ownerURL and the audit key and
// checkpoints of dataDir to file.
func backup(ctx context.Context, ownerURL, dataDir string, keyFromEnv bool, file string, stdout io.Writer) error {
	dump, err := pgTool("pg_dump")
	if err != nil {
		return err
	}
	args, env, err := pgArgs(ownerURL)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".tdkt-dump-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.CommandContext(ctx, dump, append(args, "--format=custom", "--no-owner", "--no-acl", "--file="+tmp.Name())...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
	}
	cfg, _ := pgx.ParseConfig(ownerURL)
	m := manifest{Format: 1, CreatedAt: time.Now().UTC(), Database: cfg.Database, KeyFrom: "file"}
	if keyFromEnv {
		m.KeyFrom = "environment"
	}
	mj, _ := json.MarshalIndent(m, "", "  ")

	part, err := os.CreateTemp(filepath.Dir(file), ".tdkt-backup-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(part.Name())
	if err := part.Chmod(0o600); err != nil {
		part.Close()
		return fmt.Errorf("backup: %w", err)
	}
	tw := tar.NewWriter(part)
	add := func(name string, r io.Reader, size int64) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: m.CreatedAt, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err := io.Copy(tw, r)
		return err
	}
	files := []struct{ name, path string }{{backupDump, tmp.Name()}, {audit.CheckpointFile, filepath.Join(dataDir, audit.CheckpointFile)}}
	if !keyFromEnv {
		files = append(files, struct{ name, path string }{audit.KeyFile, filepath.Join(dataDir, audit.KeyFile)})
	}
	err = add(backupManifest, bytes.NewReader(mj), int64(len(mj)))
	for _, f := range files {
		if err != nil {
			break
		}
		var fh *os.File
		fh, err = os.Open(f.path)
		if errors.Is(err, fs.ErrNotExist) && f.name == audit.CheckpointFile {
			err = nil
			continue
		}
		if err != nil {
			break
		}
		var fi os.FileInfo
		if fi, err = fh.Stat(); err == nil {
			err = add(f.name, fh, fi.Size())
		}
		fh.Close()
	}
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = part.Sync()
	}
	if cerr := part.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(part.Name(), file); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fi, _ := os.Stat(file)
	fmt.Fprintf(stdout, "backup written: %s (%d bytes, database %s, key from %s)\n", file, fi.Size(), m.Database, m.KeyFrom)
	return nil
}

// databaseEmpty reports whether the database at url has no table of its own.
func databaseEmpty(ctx context.Context, url string) (bool, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return false, fmt.Errorf("database: %w", err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`).Scan(&n)
	return n == 0, err
}

// restore puts the backup file into the database at ownerURL (refused when
// it has tables, unless force) and its audit key and checkpoints into
// dataDir.
func restore(ctx context.Context, ownerURL, dataDir string, envKey []byte, file string, force bool, stdout io.Writer) error {
	empty, err := databaseEmpty(ctx, ownerURL)
	if err != nil {
		return err
	}
	if !empty && !force {
		return errors.New("restore: the database is not empty; restoring would replace its data: run again with --force to do so")
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	tmpDir, err := os.MkdirTemp(filepath.Dir(file), ".tdkt-restore-*")
	if err != nil {
		tmpDir, err = os.MkdirTemp("", "tdkt-restore-*")
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	defer os.RemoveAll(tmpDir)
	got := map[string]string{}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("restore: %s is not a tdkt backup: %w", file, err)
		}
		switch h.Name {
		case backupDump, backupManifest, audit.KeyFile, audit.CheckpointFile:
		default:
			continue
		}
		p := filepath.Join(tmpDir, h.Name)
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		_, err = io.Copy(out, tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		got[h.Name] = p
	}
	if got[backupDump] == "" || got[backupManifest] == "" {
		return fmt.Errorf("restore: %s is not a tdkt backup (no %s)", file, backupDump)
	}
	var m manifest
	if b, err := os.ReadFile(got[backupManifest]); err != nil || json.Unmarshal(b, &m) != nil || m.Format != 1 {
		return fmt.Errorf("restore: %s has no readable manifest", file)
	}
	if got[audit.KeyFile] == "" && envKey == nil {
		return fmt.Errorf("restore: the backup holds no audit key (it came from %s when it was made): set %s to that key", audit.KeyEnv, audit.KeyEnv)
	}
	// The key: the backup's, unless the environment provides one (which
	// must then be the one the trail was sealed with).
	if got[audit.KeyFile] != "" && envKey != nil {
		k, _, err := audit.LoadKey(filepath.Dir(got[audit.KeyFile]), "")
		if err == nil && !bytes.Equal(k, envKey) {
			return fmt.Errorf("restore: the backup's audit key differs from %s", audit.KeyEnv)
		}
	}
	pgRestore, err := pgTool("pg_restore")
	if err != nil {
		return err
	}
	args, env, err := pgArgs(ownerURL)
	if err != nil {
		return err
	}
	args = append(args, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction")
	if !empty {
		args = append(args, "--clean", "--if-exists")
	}
	cmd := exec.CommandContext(ctx, pgRestore, append(args, got[backupDump])...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("restore: pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, name := range []string{audit.KeyFile, audit.CheckpointFile} {
		if got[name] == "" || (name == audit.KeyFile && envKey != nil) {
			continue
		}
		b, err := os.ReadFile(got[name])
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		dst := filepath.Join(dataDir, name)
		if err := os.WriteFile(dst+".new", b, 0o600); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if err := os.Rename(dst+".new", dst); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	fmt.Fprintf(stdout, "restored %s\n", file)
	return nil
}

// backupFlags parses "backup FILE" / "restore [--force] FILE".
func backupFlags(cmd string, args []string) (file string, force bool, err error) {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&force, "force", false, "replace a database that is not empty")
	if err := fs.Parse(args); err != nil {
		return "", false, fmt.Errorf("%s: %w\n%s", cmd, err, usage)
	}
	if fs.NArg() != 1 {
		return "", false, fmt.Errorf("%s needs one FILE\n%s", cmd, usage)
	}
	return fs.Arg(0), force, nil
}
