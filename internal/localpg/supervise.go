package localpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Supervisor keeps a cluster's server running: when the postmaster dies,
// it is started again, with a growing pause between attempts, and every
// death and restart is reported.
type Supervisor struct {
	c    *Cluster
	mu   sync.Mutex
	down string // why the server is not running now; "" when it runs
}

// supervisorEvery is how often the supervisor checks the postmaster.
const supervisorEvery = time.Second

// Supervise watches the server until ctx ends. report is called with a
// message and its key-value details on every death, restart attempt and
// recovery. It is only for clusters this process started.
func (c *Cluster) Supervise(ctx context.Context, report func(msg string, args ...any)) *Supervisor {
	s := &Supervisor{c: c}
	if !c.owned {
		return s
	}
	go s.loop(ctx, report)
	return s
}

// Down returns why the server is not running ("" when it is).
func (s *Supervisor) Down() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.down
}

func (s *Supervisor) setDown(why string) {
	s.mu.Lock()
	s.down = why
	s.mu.Unlock()
}

func (s *Supervisor) loop(ctx context.Context, report func(string, ...any)) {
	tick := time.NewTicker(supervisorEvery)
	defer tick.Stop()
	backoff := time.Second
	var next time.Time
	attempts := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !s.check(ctx, report, &backoff, &next, &attempts) {
			return
		}
	}
}

// check looks at the postmaster once and restarts it when it is dead and
// its time has come; it returns false once the cluster was stopped.
func (s *Supervisor) check(ctx context.Context, report func(string, ...any), backoff *time.Duration, next *time.Time, attempts *int) bool {
	s.c.life.Lock()
	defer s.c.life.Unlock()
	if s.c.stopped.Load() {
		return false
	}
	if s.c.alive() {
		if s.Down() != "" {
			report("embedded PostgreSQL restarted", "attempts", *attempts)
			s.setDown("")
		}
		*backoff, *attempts = time.Second, 0
		return true
	}
	if s.Down() == "" {
		s.setDown("the embedded PostgreSQL server stopped; restarting it")
		report("embedded PostgreSQL died", "data", s.c.data)
		*next = time.Now()
	}
	if time.Now().Before(*next) {
		return true
	}
	*attempts++
	if err := s.c.start(ctx); err != nil {
		s.setDown(fmt.Sprintf("the embedded PostgreSQL server stopped; restart attempt %d failed, next in %v", *attempts, *backoff))
		report("embedded PostgreSQL restart failed", "attempt", *attempts, "retry_in", *backoff, "err", err)
		*next = time.Now().Add(*backoff)
		*backoff = min(2**backoff, 30*time.Second)
	}
	return true
}

// alive reports whether the postmaster named in postmaster.pid runs.
func (c *Cluster) alive() bool {
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil || pid <= 0 {
		return false
	}
	err = syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// PostmasterPID returns the server's process id (0 when not running).
func (c *Cluster) PostmasterPID() int {
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	return pid
}
