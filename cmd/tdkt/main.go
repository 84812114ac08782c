// Command tdkt serves the emulation and commendation application of Sở Tài
// chính tỉnh Tây Ninh.
//
//	tdkt [serve]   run the web server (default)
//	tdkt migrate   apply database migrations and exit
//	tdkt seed      load the demo data into an empty database and exit
//	tdkt user create NAME -roles admin[,office…] [-person ID] [-name "Display name"]
//	tdkt user reset NAME
//	tdkt verify-audit  check the hash chain of the audit trail
//	tdkt bench-data [-scale N]  add the province-scale benchmark dataset (demo only)
//	               create an account or reset its password; the password is
//	               read from TDKT_PASSWORD or, when unset, from standard input
package main

import (
	"context"
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

	"github.com/jackc/pgx/v5/pgxpool"

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
	Addr        string // TDKT_ADDR, default localhost:8080
	DataDir     string // TDKT_DATA_DIR, default ./var (embedded PostgreSQL lives in DataDir/pg)
	Env         string // TDKT_ENV: demo (default), production
	LogFormat   string // TDKT_LOG: text (default) or json
}

func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: getenv("DATABASE_URL"),
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
  tdkt verify-audit                check the hash chain of the audit trail
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
	case "serve", "migrate", "seed", "user", "verify-audit", "bench-data":
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", cmd, usage)
	}

	dbURL := cfg.DatabaseURL
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
		dbURL = cluster.URL("tdkt")
		log.Info("embedded PostgreSQL ready", "port", cluster.Port(), "dir", filepath.Join(cfg.DataDir, "pg"), "took", time.Since(start).Round(time.Millisecond))
	}

	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer pool.Close()
	if err := store.Migrate(pool); err != nil {
		return err
	}
	log.Info("migrations applied")
	if cmd == "migrate" {
		return nil
	}
	st := store.New(pool)
	switch cmd {
	case "user":
		return userCommand(ctx, st, args[1:], getenv, stdin, stdout)
	case "verify-audit":
		n, bad, err := st.VerifyEvents(ctx)
		if err != nil {
			return err
		}
		if bad != 0 {
			return fmt.Errorf("audit trail broken: event %d was changed or the event before it was removed (%d events checked)", bad, n)
		}
		fmt.Fprintf(stdout, "audit trail intact: %d events checked\n", n)
		return nil
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
