// Command tdkt serves the emulation and commendation application of Sở Tài
// chính tỉnh Tây Ninh.
//
//	tdkt [serve]   run the web server (default)
//	tdkt migrate   apply database migrations and exit
//	tdkt seed      load the demo data into an empty database and exit
//	tdkt user create NAME -roles admin[,office…] [-person ID] [-name "Display name"]
//	tdkt user reset NAME
//	               create an account or reset its password; the password is
//	               read from TDKT_PASSWORD or, when unset, from standard input
//	tdkt verify-audit  check the sealed hash chain of the audit trail
//	tdkt backup FILE   back up the database, the audit key and checkpoints
//	tdkt restore [--force] FILE  restore a backup, then verify the audit trail
//	tdkt bench-data [-scale N]  add the province-scale benchmark dataset (demo only)
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/audit"
	"tdkt/internal/auth"
	"tdkt/internal/demo"
	"tdkt/internal/localpg"
	"tdkt/internal/store"
	"tdkt/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tdkt:", err)
		os.Exit(1)
	}
}

// Config is read from the environment.
type Config struct {
	DatabaseURL string // DATABASE_URL; empty starts the embedded PostgreSQL
	// OwnerURL (TDKT_OWNER_DATABASE_URL) connects as the owner of the
	// tables, for migrations; the application itself connects with
	// DatabaseURL as a role that owns nothing. Empty: DatabaseURL does both
	// (and the audit trail is only as safe as that role).
	OwnerURL  string
	AuditKey  string // TDKT_AUDIT_KEY (hex); empty: the key file DataDir/audit.key
	Addr      string // TDKT_ADDR, default localhost:8080
	DataDir   string // TDKT_DATA_DIR, default ./var (embedded PostgreSQL lives in DataDir/pg)
	Env       string // TDKT_ENV: demo (default), production
	LogFormat string // TDKT_LOG: text (default) or json
}

func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: getenv("DATABASE_URL"),
		OwnerURL:    getenv("TDKT_OWNER_DATABASE_URL"),
		AuditKey:    getenv(audit.KeyEnv),
		Addr:        getenv("TDKT_ADDR"),
		DataDir:     getenv("TDKT_DATA_DIR"),
		Env:         getenv("TDKT_ENV"),
		LogFormat:   getenv("TDKT_LOG"),
	}
	if c.Addr == "" {
		c.Addr = "localhost:8080"
	}
	if c.DataDir == "" {
		c.DataDir = "var"
	}
	if c.Env == "" {
		c.Env = "demo"
	}
	if c.Env != "demo" && c.Env != "production" {
		return c, fmt.Errorf("TDKT_ENV must be demo or production, not %q", c.Env)
	}
	if c.Env == "production" && c.DatabaseURL == "" {
		return c, errors.New("TDKT_ENV=production needs DATABASE_URL (the embedded PostgreSQL is for trying tdkt out)")
	}
	return c, nil
}

const usage = `usage:
  tdkt [serve]                     run the web server
  tdkt migrate                     apply database migrations
  tdkt seed                        load the demo data into an empty database (TDKT_ENV=demo)
  tdkt user create NAME -roles R[,R…] [-person ID] [-name "Display name"]
  tdkt user reset NAME             set a new password (and lift a sign-in lock)
  tdkt verify-audit                check the audit trail's sealed hash chain and checkpoints
  tdkt backup FILE                 write the database (pg_dump), the audit key and checkpoints to FILE
  tdkt restore [--force] FILE      restore a backup into an empty database (--force: replace one
                                   that is not empty), then verify the audit trail
  tdkt bench-data [-scale N]       add the deterministic province-scale dataset of the benchmark
                                   (200 units, 20,000 people, 10 years, N × 200,000 dossiers, 2,000,000
                                   audit events) to the demo database (TDKT_ENV=demo)
The password of "user" comes from TDKT_PASSWORD or, when unset, the first line of standard input.
Roles: admin, office, dept_head, council, chair, leader, bloc_member.`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if cfg.LogFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(handler)
	switch cmd {
	case "serve", "migrate", "seed", "user", "verify-audit", "backup", "restore", "bench-data":
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}

	var file string
	var force bool
	if cmd == "backup" || cmd == "restore" {
		if file, force, err = backupFlags(cmd, args[1:]); err != nil {
			return err
		}
		if file, err = filepath.Abs(file); err != nil {
			return err
		}
	}
	// The audit key first: nothing is written unsealed.
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	key, keySource, err := audit.LoadKey(cfg.DataDir, cfg.AuditKey)
	if err != nil {
		return err
	}
	store.SetAuditKey(key)

	dbURL, ownerURL := cfg.DatabaseURL, cfg.OwnerURL
	var supervisor *localpg.Supervisor
	if dbURL == "" {
		start := time.Now()
		cluster, err := localpg.Start(ctx, localpg.Options{Dir: filepath.Join(cfg.DataDir, "pg")})
		if err != nil {
			return err
		}
		defer func() {
			if err := cluster.Stop(); err != nil {
				log.Error("stop embedded PostgreSQL", "err", err)
			}
		}()
		if err := cluster.EnsureDB(ctx, "tdkt"); err != nil {
			return err
		}
		supervisor = cluster.Supervise(ctx, func(msg string, args ...any) { log.Warn(msg, args...) })
		// Migrations run as the superuser, who owns the tables; the
		// application connects as tdkt_app, who owns nothing.
		ownerURL = cluster.URL("tdkt")
		if dbURL, err = cluster.Role(ctx, "tdkt_app", "tdkt"); err != nil {
			return err
		}
		log.Info("embedded PostgreSQL ready", "port", cluster.Port(), "dir", filepath.Join(cfg.DataDir, "pg"), "took", time.Since(start).Round(time.Millisecond))
	}
	switch cmd {
	case "backup":
		return backup(ctx, cmp.Or(ownerURL, dbURL), cfg.DataDir, cfg.AuditKey != "", file, stdout)
	case "restore":
		var envKey []byte
		if cfg.AuditKey != "" {
			envKey = key
		}
		if err := restore(ctx, cmp.Or(ownerURL, dbURL), cfg.DataDir, envKey, file, force, stdout); err != nil {
			return err
		}
		// The trail is sealed with the backup's key: verify with it.
		if key, _, err = audit.LoadKey(cfg.DataDir, cfg.AuditKey); err != nil {
			return err
		}
		store.SetAuditKey(key)
	}
	if err := migrate(ctx, log, ownerURL, dbURL); err != nil {
		return err
	}
	if cmd == "migrate" {
		return nil
	}

	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer pool.Close()
	st := store.New(pool)
	switch cmd {
	case "user":
		return userCommand(ctx, st, args[1:], getenv, stdin, stdout)
	case "verify-audit", "restore":
		return verifyAudit(ctx, st, cfg.DataDir, key, stdout, log)
	}
	if cfg.Env == "demo" {
		seeded, err := demo.Seed(ctx, st, time.Now())
		if err != nil {
			return err
		}
		if seeded {
			log.Info("demo data loaded", "accounts", strings.Join(store.DemoUsernames, ", "), "password", auth.DemoPassword)
		}
	}
	if cmd == "seed" {
		return nil
	}
	if cmd == "bench-data" {
		if cfg.Env != "demo" {
			return errors.New("bench-data adds generated data: only with TDKT_ENV=demo")
		}
		return benchData(ctx, st, args[1:], stdout)
	}
	if cfg.Env == "production" {
		inUse, err := st.DemoPasswordInUse(ctx)
		if err != nil {
			return err
		}
		if inUse {
			return errors.New("a demo account still has the demo password: change or disable it before running in production")
		}
	}

	// Sessions are touched on every request: their pool commits without
	// waiting for the WAL flush (losing a touch in a crash is harmless).
	scfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	scfg.MaxConns = 4
	scfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	spool, err := pgxpool.NewWithConfig(ctx, scfg)
	if err != nil {
		return fmt.Errorf("session database: %w", err)
	}
	defer spool.Close()

	wcfg := web.Config{Demo: cfg.Env == "demo", SecureCookies: cfg.Env == "production", Logger: log}
	if supervisor != nil {
		wcfg.DatabaseDown = supervisor.Down
	}
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           web.NewServer(wcfg, st, spool),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of 20 MB on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(handler, slog.LevelWarn),
	}
	go purge(ctx, st, log)
	log.Info("audit trail sealed", "key", keySource)
	cpCtx, cpStop := context.WithCancel(ctx)
	cpDone := make(chan struct{})
	go func() {
		defer close(cpDone)
		checkpoints(cpCtx, st, cfg.DataDir, key, log)
	}()
	defer func() { cpStop(); <-cpDone }()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	log.Info("tdkt is serving", "url", "http://"+ln.Addr().String(), "env", cfg.Env)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// migrate applies the migrations as the owner (ownerURL; "" means appURL)
// and, when the application connects as another role, grants that role
// what it needs and no more (store.GrantApp).
func migrate(ctx context.Context, log *slog.Logger, ownerURL, appURL string) error {
	if ownerURL == "" {
		ownerURL = appURL
	}
	owner, err := pgxpool.New(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer owner.Close()
	if err := store.Migrate(owner); err != nil {
		return err
	}
	log.Info("migrations applied")
	if ownerURL == appURL {
		log.Warn("audit_unprotected", "why", "the application connects as the owner of the tables, who could rewrite the audit trail; set TDKT_OWNER_DATABASE_URL for migrations and connect DATABASE_URL as a role that owns nothing")
		return nil
	}
	cfg, err := pgx.ParseConfig(appURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	return store.GrantApp(ctx, owner, cfg.User)
}

// verifyAudit checks the audit trail against the key and the checkpoints
// of dir; when it is intact, the head is checkpointed.
func verifyAudit(ctx context.Context, st *store.Store, dir string, key []byte, stdout io.Writer, log *slog.Logger) error {
	cps, err := audit.ReadCheckpoints(dir, key)
	if err != nil {
		return err
	}
	r, err := st.VerifyAudit(ctx, cps)
	if err != nil {
		return err
	}
	if !r.OK() {
		log.Error("audit_broken", "first_bad", r.FirstBad, "reason", r.Reason, "checked", r.Checked)
		return fmt.Errorf("audit trail broken: first bad event %d: %s (%d events checked, %d checkpoints)", r.FirstBad, r.Reason, r.Checked, len(cps))
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events checked (%d sealed with the key), %d checkpoints, last event %d\n",
		r.Checked, r.Keyed, len(cps), r.LastID)
	_, err = checkpoint(ctx, st, dir, key, audit.Latest(cps), log)
	return err
}

// checkpointEvery is how often a serving tdkt records the head of the
// audit trail outside the database.
const checkpointEvery = time.Minute

// checkpoints records the head of the audit trail in dir every
// checkpointEvery while it changes, and once more when ctx ends.
func checkpoints(ctx context.Context, st *store.Store, dir string, key []byte, log *slog.Logger) {
	cps, err := audit.ReadCheckpoints(dir, key)
	if err != nil {
		log.Error("audit_checkpoint", "err", err)
	}
	last := audit.Latest(cps)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		head, err := checkpoint(ctx, st, dir, key, last, log)
		if err != nil && ctx.Err() == nil {
			log.Error("audit_checkpoint", "err", err)
		}
		if head.ID != 0 {
			last = head
		}
		select {
		case <-ctx.Done():
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			checkpoint(cctx, st, dir, key, last, log)
			cancel()
			return
		case <-tick.C:
		}
	}
}

// checkpoint appends the current head to dir unless it is last, and
// returns it (the zero value when there is none or on error).
func checkpoint(ctx context.Context, st *store.Store, dir string, key []byte, last audit.Checkpoint, log *slog.Logger) (audit.Checkpoint, error) {
	head, err := st.ChainHead(ctx)
	if err != nil || head.ID == 0 || (head.ID == last.ID && bytes.Equal(head.Hash, last.Hash)) {
		return head, err
	}
	if err := audit.Append(dir, key, head); err != nil {
		return audit.Checkpoint{}, err
	}
	log.Info("audit_checkpoint", "id", head.ID, "hash", hex.EncodeToString(head.Hash))
	return head, nil
}

// purge removes expired working data (see store.Purge) now and every hour
// until ctx ends. Every app server runs it; the work is idempotent.
func purge(ctx context.Context, st *store.Store, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		imports, submissions, err := st.Purge(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("purge", "err", err)
		case imports+submissions > 0:
			log.Info("purged expired working data", "imports", imports, "submissions", submissions)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
