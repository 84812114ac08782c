// Command tdkt-bench measures tdkt's pages under load on a province-size
// dataset. It starts a private PostgreSQL (or uses -db), loads the demo data
// plus -people generated staff in -units units, serves tdkt in-process on
// loopback, signs in -c users and drives each page with -c concurrent
// clients for -d, then prints requests/s and latency percentiles.
//
//	go run ./cmd/tdkt-bench -people 20000 -c 32 -d 10s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/demo"
	"tdkt/internal/localpg"
	"tdkt/internal/store"
	"tdkt/web"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tdkt-bench:", err)
		os.Exit(1)
	}
}

func run() error {
	people := flag.Int("people", 20000, "generated people")
	units := flag.Int("units", 200, "generated units")
	conc := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration per page")
	dbURL := flag.String("db", "", "PostgreSQL URL of an empty database (default: a private cluster)")
	only := flag.String("only", "", "run only the pages whose name contains this")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the measured runs to this file")
	provinceScale := flag.Int("province", 0, "instead of the page table: load the province dataset with scale × 200,000 dossiers and print the P1–P10 table")
	compare := flag.String("compare", "", "with -province: an earlier var/bench-province-N.json to set the summary's p95 against")
	flag.Parse()
	ctx := context.Background()

	if *dbURL == "" {
		dir, err := os.MkdirTemp("", "tdkt-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cluster, err := localpg.Start(ctx, localpg.Options{Dir: dir})
		if err != nil {
			return err
		}
		defer cluster.Stop()
		if err := cluster.EnsureDB(ctx, "bench"); err != nil {
			return err
		}
		*dbURL = cluster.URL("bench")
	}
	cfg, err := pgxpool.ParseConfig(*dbURL)
	if err != nil {
		return err
	}
	cfg.MaxConns = 16
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := store.Migrate(pool); err != nil {
		return err
	}
	st := store.New(pool)
	start := time.Now()
	if _, err := demo.Seed(ctx, st, time.Now()); err != nil {
		return err
	}
	if *provinceScale == 0 {
		if err := generate(ctx, pool, *units, *people); err != nil {
			return err
		}
	}
	var nUnits, nPeople int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM people)`).Scan(&nUnits, &nPeople); err != nil {
		return err
	}
	fmt.Printf("data: %d units, %d people loaded in %v\n", nUnits, nPeople, time.Since(start).Round(time.Millisecond))

	scfg := cfg.Copy()
	scfg.MaxConns = 4
	scfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
	spool, err := pgxpool.NewWithConfig(ctx, scfg)
	if err != nil {
		return err
	}
	defer spool.Close()
	if err := createFortunes(ctx, pool); err != nil {
		return err
	}
	srv := web.NewServer(web.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, spool)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", srv)
	mux.HandleFunc("GET /_anchor/fortunes", fortunesHandler(pool))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()

	transport := &http.Transport{MaxIdleConnsPerHost: *conc * 2}
	clients := make([]*http.Client, *conc)
	for i := range clients {
		user := []string{"admin", "vanphong"}[i%2]
		if clients[i], err = login(base, user, transport); err != nil {
			return err
		}
	}
	if *provinceScale > 0 {
		return province(ctx, st, pool, base, clients, *provinceScale, *dur, *compare)
	}
	var unitIDs []int64
	if err := pool.QueryRow(ctx, `SELECT array_agg(id) FROM units`).Scan(&unitIDs); err != nil {
		return err
	}
	var personIDs []int64
	if err := pool.QueryRow(ctx, `SELECT array_agg(id) FROM people`).Scan(&personIDs); err != nil {
		return err
	}
	endpoints := []struct {
		name    string
		path    func(r *rand.Rand) string
		clients int // 0: -c
	}{
		{anchorName, func(*rand.Rand) string { return "/_anchor/fortunes" }, 0},
		{"sign-in page (no session)", func(*rand.Rand) string { return "/login" }, 0},
		{"home", func(*rand.Rand) string { return "/" }, 0},
		{"people list, 50 rows, random page", func(r *rand.Rand) string {
			return fmt.Sprintf("/people?after=%d", personIDs[r.IntN(len(personIDs))])
		}, 0},
		{"people search \"nguyen van\"", func(r *rand.Rand) string { return "/people?q=nguyen+van" }, 0},
		{"unit page with its people", func(r *rand.Rand) string { return fmt.Sprintf("/units/%d", unitIDs[r.IntN(len(unitIDs))]) }, 0},
		{"units list", func(*rand.Rand) string { return "/units" }, 0},
		{"export of the whole list (.xlsx), 2 clients", func(*rand.Rand) string { return "/people/export.xlsx" }, 2},
	}
	more, err := campaignEndpoints(ctx, st) // campaigns.go
	if err != nil {
		return err
	}
	endpoints = append(endpoints, more...)
	more, err = dossierEndpoints(ctx, pool, 10) // dossiers.go
	if err != nil {
		return err
	}
	endpoints = append(endpoints, more...)
	fmt.Printf("\n%d concurrent clients, %v per page, %s\n\n", *conc, *dur, time.Now().Format(time.DateTime))
	fmt.Println("| page | req/s | ÷ anchor | p50 | p95 | p99 | errors |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
	var anchor float64
	anon := make([]*http.Client, *conc)
	for i := range anon {
		anon[i] = &http.Client{Transport: transport}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for i, ep := range endpoints {
		if *only != "" && !strings.Contains(ep.name, *only) {
			continue
		}
		cs := clients
		if i <= 1 {
			cs = anon
		}
		if ep.clients > 0 && ep.clients < len(cs) {
			cs = cs[:ep.clients]
		}
		load(base, cs, ep.path, time.Second) // warm-up
		r := load(base, cs, ep.path, *dur)
		if ep.name == anchorName {
			anchor = r.rps
		}
		ratio := "–"
		if anchor > 0 {
			ratio = fmt.Sprintf("%.2f", r.rps/anchor)
		}
		fmt.Printf("| %s | %.0f | %s | %s | %s | %s | %d |\n", ep.name, r.rps, ratio, ms(r.p50), ms(r.p95), ms(r.p99), r.errors)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("\nload average: %s", b)
	}
	return nil
}

// anchorName is the TechEmpower "fortunes" page rendered with templ on the
// same PostgreSQL: performance.md states its goals as ratios to it, measured
// in the same run, because absolute numbers swing ±30% on a shared machine.
const anchorName = "anchor: fortunes (templ, 12+1 rows)"

func createFortunes(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `
		CREATE TABLE IF NOT EXISTS fortune (id integer PRIMARY KEY, message text NOT NULL);
		INSERT INTO fortune (id, message) VALUES
			(1, 'fortune: No such file or directory'), (2, 'A computer scientist is someone who fixes things that aren''t broken.'),
			(3, 'After enough decimal places, nobody gives a damn.'), (4, 'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1'),
			(5, 'A computer program does what you tell it to do, not what you want it to do.'), (6, 'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen'),
			(7, 'Any program that runs right is obsolete.'), (8, 'A list is only as strong as its weakest link. — Donald Knuth'),
			(9, 'Feature: A bug with seniority.'), (10, 'Computers make very fast, very accurate mistakes.'),
			(11, '<script>alert("This should not be displayed in a browser alert box.");</script>'), (12, 'フレームワークのベンチマーク')
		ON CONFLICT DO NOTHING`)
	return err
}

func fortunesHandler(pool *pgxpool.Pool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, err := pool.Query(r.Context(), `SELECT id, message FROM fortune`)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[fortune])
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		list = append(list, fortune{0, "Additional fortune added at request time."})
		slices.SortFunc(list, func(a, b fortune) int { return strings.Compare(a.Message, b.Message) })
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fortunesPage(list).Render(r.Context(), w)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// generate adds units and people with Vietnamese names, in bulk SQL.
func generate(ctx context.Context, pool *pgxpool.Pool, units, people int) error {
	if units <= 0 || people <= 0 {
		return nil // the demo data alone: the size of one Sở
	}
	_, err := pool.Exec(ctx, `
		INSERT INTO units (name, short_name, kind, sort_order)
		SELECT 'Đơn vị thử tải số ' || lpad(g::text, 4, '0'), 'T' || g, 'affiliated', 100 + g
		FROM generate_series(1, $1) g`, units)
	if err != nil {
		return fmt.Errorf("generate units: %w", err)
	}
	_, err = pool.Exec(ctx, `
		WITH u AS (SELECT array_agg(id) ids FROM units WHERE kind = 'affiliated'),
		n AS (SELECT
			ARRAY['Nguyễn','Trần','Lê','Phạm','Huỳnh','Hoàng','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý','Phan','Trương'] fam,
			ARRAY['Văn','Thị','Hữu','Minh','Thanh','Ngọc','Quốc','Thu','Đức','Kim'] mid,
			ARRAY['An','Bình','Châu','Dũng','Giang','Hà','Hải','Hạnh','Hùng','Khánh','Lan','Linh','Long','Mai','Nam','Nga','Phúc','Quân','Sơn','Tâm','Thảo','Trang','Tuấn','Uyên','Vy','Yến'] giv)
		INSERT INTO people (unit_id, full_name, gender, birth_date, position, is_leader, employment, recruited_on)
		SELECT u.ids[1 + g % array_length(u.ids, 1)],
			n.fam[1 + g % 16] || ' ' || n.mid[1 + (g / 16) % 10] || ' ' || n.giv[1 + (g / 160) % 26],
			CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
			date '1965-01-01' + (g * 7919 % 12000),
			CASE WHEN g % 25 = 0 THEN 'Trưởng phòng' WHEN g % 25 = 1 THEN 'Phó Trưởng phòng' ELSE 'Chuyên viên' END,
			g % 25 < 2, 'civil_servant',
			date '1990-01-01' + (g * 7919 % 12000)
		FROM generate_series(1, $1) g, u, n`, people)
	if err != nil {
		return fmt.Errorf("generate people: %w", err)
	}
	_, err = pool.Exec(ctx, `VACUUM ANALYZE`)
	return err
}

func login(base, user string, transport http.RoundTripper) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {user}, "password": {"demo-tdkt-2025"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login %s: status %d", user, res.StatusCode)
	}
	return c, nil
}

type result struct {
	rps           float64
	p50, p95, p99 time.Duration
	errors        int64
}

// load runs one closed-loop client per entry of clients for d.
func load(base string, clients []*http.Client, path func(*rand.Rand) string, d time.Duration) result {
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errors atomic.Int64
		wg     sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 42))
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				res, err := c.Get(base + path(r))
				if err != nil {
					errors.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					errors.Add(1)
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[int(float64(len(lat)-1)*p)]
	}
	return result{rps: float64(len(lat)) / d.Seconds(), p50: pct(0.50), p95: pct(0.95), p99: pct(0.99), errors: errors.Load()}
}
