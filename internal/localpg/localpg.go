// Package localpg runs a private PostgreSQL cluster from the machine's own
// PostgreSQL binaries. It is the embedded default used when DATABASE_URL is
// unset, and the database of the test suite.
package localpg

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoBinaries is returned when no PostgreSQL server binaries can be found.
var ErrNoBinaries = errors.New("localpg: PostgreSQL server binaries (initdb, pg_ctl) not found; " +
	"install them with `apt-get install postgresql` or set DATABASE_URL to an existing server")

// Options configure a cluster.
type Options struct {
	// Dir holds the data directory (Dir/data). It is created when missing.
	Dir string
	// Port to listen on (127.0.0.1 only); 0 picks a free port.
	Port int
	// Fast trades durability for speed (fsync off). Only for tests.
	Fast bool
	// BinDir overrides the search for binaries.
	BinDir string
}

// Cluster is a running PostgreSQL server. Every role signs in with a
// SCRAM-SHA-256 password (no "trust"): the superuser's is kept in
// Dir/superuser.password and each role's from Role in Dir/ROLE.password,
// all mode 0600. The server listens on 127.0.0.1 and on a Unix socket in
// the data directory.
type Cluster struct {
	bin      string
	dir      string
	data     string
	port     int
	password string      // the postgres superuser's
	opts     string      // the server's options (pg_ctl -o)
	stopped  atomic.Bool // Stop was called: the supervisor lets it be
	life     sync.Mutex  // held by Stop and by the supervisor's check-and-restart
	cred     *syscall.Credential
	owned    bool // false when an already running server was reused
}

// superuserFile holds the postgres superuser's password, in Dir.
const superuserFile = "superuser.password"

// FindBinaries returns the directory holding initdb and pg_ctl: binDir when
// given, then PATH, then the newest /usr/lib/postgresql/*/bin.
func FindBinaries(binDir string) (string, error) {
	if binDir != "" {
		if isExec(filepath.Join(binDir, "pg_ctl")) && isExec(filepath.Join(binDir, "initdb")) {
			return binDir, nil
		}
		return "", ErrNoBinaries
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if isExec(filepath.Join(dir, "initdb")) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if isExec(filepath.Join(d, "pg_ctl")) && isExec(filepath.Join(d, "initdb")) {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Start initialises the cluster when needed and starts it. When a server is
// already running on the same data directory, it is reused and left running
// by Stop.
func Start(ctx context.Context, o Options) (*Cluster, error) {
	bin, err := FindBinaries(o.BinDir)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	c := &Cluster{bin: bin, data: filepath.Join(dir, "data"), owned: true}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("localpg: create %s: %w", dir, err)
	}
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root: run them as "postgres".
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("localpg: running as root needs the postgres system user (apt-get install postgresql): %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := makeTraversable(dir); err != nil {
			return nil, err
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, fmt.Errorf("localpg: chown %s: %w", dir, err)
		}
	}
	c.dir = dir
	pwPath := filepath.Join(dir, superuserFile)
	legacyTrust := false
	if _, err := os.Stat(filepath.Join(c.data, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if c.password, err = c.newPasswordFile(pwPath); err != nil {
			return nil, err
		}
		args := []string{"-D", c.data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwPath, "-E", "UTF8", "--locale=C.UTF-8"}
		if o.Fast {
			args = append(args, "--no-sync")
		}
		if out, err := c.run(ctx, "initdb", args...); err != nil {
			return nil, fmt.Errorf("localpg: initdb: %w: %s", err, lastLines(out))
		}
	} else if b, err := os.ReadFile(pwPath); err == nil {
		c.password = strings.TrimSpace(string(b))
	} else {
		// A cluster from before passwords (initdb -A trust): given one below.
		legacyTrust = true
	}
	if port, ok := c.runningPort(ctx); ok {
		c.port, c.owned = port, false
		if legacyTrust {
			return c, c.requirePasswords(ctx, pwPath)
		}
		return c, nil
	}
	c.port = o.Port
	if c.port == 0 {
		if c.port, err = freePort(); err != nil {
			return nil, err
		}
	}
	c.opts = fmt.Sprintf("-p %d -h 127.0.0.1 -k %s -c max_connections=200", c.port, c.data)
	if o.Fast {
		c.opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	if legacyTrust {
		if err := c.requirePasswords(ctx, pwPath); err != nil {
			c.Stop()
			return nil, err
		}
	}
	return c, nil
}

// start runs pg_ctl start with the cluster's options and waits until the
// server accepts connections.
func (c *Cluster) start(ctx context.Context) error {
	logFile := filepath.Join(c.data, "server.log")
	if out, err := c.run(ctx, "pg_ctl", "-D", c.data, "-l", logFile, "-w", "-t", "60", "-o", c.opts, "start"); err != nil {
		log, _ := os.ReadFile(logFile)
		return fmt.Errorf("localpg: pg_ctl start: %w: %s %s", err, lastLines(out), lastLines(log))
	}
	return nil
}

// newPasswordFile writes a random password to path (mode 0600, readable by
// the server's user) and returns it.
func (c *Cluster) newPasswordFile(path string) (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("localpg: %w", err)
	}
	pw := hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(pw+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("localpg: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return "", fmt.Errorf("localpg: %w", err)
	}
	if c.cred != nil {
		if err := os.Chown(path, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return "", fmt.Errorf("localpg: %w", err)
		}
	}
	return pw, nil
}

// hbaConf lets every role sign in with its SCRAM password only.
const hbaConf = `# tdkt: every connection needs a password (SCRAM-SHA-256).
local   all          all                  scram-sha-256
host    all          all   127.0.0.1/32   scram-sha-256
host    all          all   ::1/128        scram-sha-256
local   replication  all                  scram-sha-256
host    replication  all   127.0.0.1/32   scram-sha-256
`

// requirePasswords turns a cluster created with "trust" into one that
// needs passwords: it gives the superuser a password (kept in pwPath),
// rewrites pg_hba.conf and reloads the server.
func (c *Cluster) requirePasswords(ctx context.Context, pwPath string) error {
	pw, err := c.newPasswordFile(pwPath + ".new")
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port))
	if err != nil {
		return fmt.Errorf("localpg: require passwords: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SET password_encryption = 'scram-sha-256'`); err != nil {
		return fmt.Errorf("localpg: require passwords: %w", err)
	}
	if _, err := conn.Exec(ctx, `ALTER ROLE postgres PASSWORD '`+pw+`'`); err != nil {
		return fmt.Errorf("localpg: require passwords: %w", err)
	}
	if err := os.Rename(pwPath+".new", pwPath); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	c.password = pw
	hba := filepath.Join(c.data, "pg_hba.conf")
	if err := os.WriteFile(hba, []byte(hbaConf), 0o600); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	if c.cred != nil {
		os.Chown(hba, int(c.cred.Uid), int(c.cred.Gid))
	}
	if _, err := conn.Exec(ctx, `SELECT pg_reload_conf()`); err != nil {
		return fmt.Errorf("localpg: reload: %w", err)
	}
	return nil
}

// Role makes sure role exists with LOGIN, a SCRAM password kept in
// Dir/ROLE.password (created when missing) and no other attribute, and
// returns a URL connecting to database db as that role.
func (c *Cluster) Role(ctx context.Context, role, db string) (string, error) {
	path := filepath.Join(c.dir, role+".password")
	var pw string
	if b, err := os.ReadFile(path); err == nil {
		pw = strings.TrimSpace(string(b))
	} else if pw, err = c.newPasswordFile(path); err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return "", fmt.Errorf("localpg: connect: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)`, role).Scan(&exists); err != nil {
		return "", fmt.Errorf("localpg: role %s: %w", role, err)
	}
	verb := "CREATE"
	if exists {
		verb = "ALTER"
	}
	if _, err := conn.Exec(ctx, `SET password_encryption = 'scram-sha-256'`); err != nil {
		return "", fmt.Errorf("localpg: role %s: %w", role, err)
	}
	if _, err := conn.Exec(ctx, verb+" ROLE "+pgx.Identifier{role}.Sanitize()+
		" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"+pw+"'"); err != nil {
		return "", fmt.Errorf("localpg: role %s: %w", role, err)
	}
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", role, pw, c.port, db), nil
}

// runningPort reports the port of a server already running on the data dir.
func (c *Cluster) runningPort(ctx context.Context) (int, bool) {
	if _, err := c.run(ctx, "pg_ctl", "-D", c.data, "status"); err != nil {
		return 0, false
	}
	pid, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	lines := strings.Split(string(pid), "\n")
	if len(lines) < 4 {
		return 0, false
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	return port, err == nil
}

// Stop shuts the server down (fast mode) unless it was already running before Start.
func (c *Cluster) Stop() error {
	if !c.owned {
		return nil
	}
	c.life.Lock()
	defer c.life.Unlock()
	c.stopped.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := c.run(ctx, "pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop"); err != nil {
		return fmt.Errorf("localpg: pg_ctl stop: %w: %s", err, lastLines(out))
	}
	return nil
}

// Crash stops the server at once, without a checkpoint, as a crash would:
// the next start replays the WAL. For durability tests.
func (c *Cluster) Crash() error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := c.run(ctx, "pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop"); err != nil {
		return fmt.Errorf("localpg: pg_ctl stop -m immediate: %w: %s", err, lastLines(out))
	}
	return nil
}

// Port is the TCP port the server listens on.
func (c *Cluster) Port() int { return c.port }

// URL returns a connection URL for database db as the postgres superuser.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/%s?sslmode=disable", c.password, c.port, db)
}

// EnsureDB creates database name when it does not exist.
func (c *Cluster) EnsureDB(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("localpg: connect: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("localpg: look up database: %w", err)
	}
	if exists {
		return nil
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("localpg: create database %s: %w", name, err)
	}
	return nil
}

func (c *Cluster) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = "/"
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// pg_ctl start leaves postgres running with our pipes open unless the
	// log goes to a file (-l), which every start above does.
	err := cmd.Run()
	return out.Bytes(), err
}

// makeTraversable lets the postgres user reach dir through its parents.
func makeTraversable(dir string) error {
	for d := filepath.Dir(dir); d != "/" && d != "."; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("localpg: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(d, fi.Mode().Perm()|0o011); err != nil {
				return fmt.Errorf("localpg: make %s traversable for postgres: %w", d, err)
			}
		}
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("localpg: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}
