package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"tdkt/internal/store"
)

// provinceResult is one row of the P1–P10 table, as written to var/.
type provinceResult struct {
	Goal     string  `json:"goal"`
	What     string  `json:"what"`
	Clients  int     `json:"clients"`
	RPS      float64 `json:"rps"`
	Ratio    float64 `json:"ratio_to_anchor"` // same-run req/s ÷ anchor req/s; 0: not a ratio goal
	P50Ms    float64 `json:"p50_ms"`
	P95Ms    float64 `json:"p95_ms"`
	P99Ms    float64 `json:"p99_ms"`
	Errors   int64   `json:"errors"`
	Target   string  `json:"target"`
	Verdict  string  `json:"verdict"`
	Measured bool    `json:"measured"`
}

// provinceReport is the JSON written under var/ by a -province run.
type provinceReport struct {
	At          time.Time        `json:"at"`
	Scale       int              `json:"scale"`
	Dossiers    int              `json:"dossiers"`
	LoadSeconds float64          `json:"load_seconds"`
	LoadAvg     string           `json:"loadavg"`
	PeakRSSMB   float64          `json:"peak_rss_mb"`
	Results     []provinceResult `json:"results"`
}

// province loads the benchmark dataset (scale × 200,000 dossiers) and
// measures the P1–P10 goals of performance.md that a single process can:
// every figure next to the fortunes-templ anchor of the same run. It
// prints the table and writes var/bench-province-<scale>.json; with
// compare, the summary's p95 is also set against that earlier file (the
// 1M-dossier run against the 200k one, P4).
func province(ctx context.Context, st *store.Store, pool *pgxpool.Pool, base string, clients []*http.Client, scale int, dur time.Duration, compare string) error {
	size := store.ProvinceSize
	size.Dossiers *= scale
	start := time.Now()
	if err := st.LoadBenchData(ctx, size, func(format string, a ...any) { fmt.Printf("  "+format+"\n", a...) }); err != nil {
		return err
	}
	rep := provinceReport{At: time.Now().UTC(), Scale: scale, Dossiers: size.Dossiers, LoadSeconds: time.Since(start).Seconds()}
	fmt.Printf("province data (%d dossiers) loaded in %v\n", size.Dossiers, time.Since(start).Round(time.Second))

	var rounds, dossiers []int64
	if err := pool.QueryRow(ctx, `SELECT array_agg(id ORDER BY id) FROM rounds WHERE year = $1`, size.LastYear).Scan(&rounds); err != nil {
		return err
	}
	if err := pool.QueryRow(ctx, `SELECT array_agg(d.id) FROM dossiers d JOIN rounds r ON r.id = d.round_id WHERE r.year = $1`, size.LastYear).Scan(&dossiers); err != nil {
		return err
	}
	summary := "/reports/" + strconv.Itoa(size.LastYear)
	type run struct {
		goal, what, target string
		path               func(*rand.Rand) string
		clients            int
		check              func(r result, anchor result) (string, float64)
	}
	ratio := func(min float64) func(r, a result) (string, float64) {
		return func(r, a result) (string, float64) {
			x := r.rps / a.rps
			if x >= min {
				return "pass", x
			}
			if x >= min*0.85 {
				return "inconclusive (within 15%)", x
			}
			return "below goal", x
		}
	}
	p95 := func(limit time.Duration) func(r, a result) (string, float64) {
		return func(r, a result) (string, float64) {
			if r.p95 <= limit {
				return "pass", 0
			}
			return "above goal", 0
		}
	}
	c := len(clients)
	runs := []run{
		{"anchor", anchorName, "", func(*rand.Rand) string { return "/_anchor/fortunes" }, c, nil},
		{"P1", "dossier list: round page, 50 of 200 dossiers", "≥ 0.35 × anchor", func(r *rand.Rand) string {
			return fmt.Sprintf("/rounds/%d", rounds[r.IntN(len(rounds))])
		}, c, ratio(0.35)},
		{"P2", "dossier page", "≥ 0.5 × anchor", func(r *rand.Rand) string { return fmt.Sprintf("/dossiers/%d", dossiers[r.IntN(len(dossiers))]) }, c, ratio(0.5)},
		{"P4", "annual summary " + summary + ", 1 client", "p95 ≤ 50 ms", func(*rand.Rand) string { return summary }, 1, p95(50 * time.Millisecond)},
		{"P4", "annual summary " + summary + ", 4 clients", "p95 ≤ 150 ms", func(*rand.Rand) string { return summary }, 4, p95(150 * time.Millisecond)},
	}
	var anchor result
	fmt.Printf("\n| # | what | clients | req/s | ÷ anchor | p50 | p95 | p99 | errors | goal | verdict |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, rn := range runs {
		cs := clients[:rn.clients]
		load(base, cs, rn.path, time.Second)
		r := load(base, cs, rn.path, dur)
		res := provinceResult{Goal: rn.goal, What: rn.what, Clients: rn.clients, RPS: r.rps, Errors: r.errors, Target: rn.target, Measured: true,
			P50Ms: ms64(r.p50), P95Ms: ms64(r.p95), P99Ms: ms64(r.p99)}
		if rn.goal == "anchor" {
			anchor = r
		} else {
			res.Verdict, res.Ratio = rn.check(r, anchor)
			if r.errors > 0 {
				res.Verdict = "errors"
			}
		}
		rep.Results = append(rep.Results, res)
		printRow(res)
	}
	if compare != "" {
		var prev provinceReport
		b, err := os.ReadFile(compare)
		if err == nil {
			err = json.Unmarshal(b, &prev)
		}
		if err != nil {
			fmt.Printf("\n(no earlier run to compare with: %v)\n", err)
		} else {
			for _, p := range prev.Results {
				if p.Goal == "P4" && p.Clients == 1 {
					cur := rep.Results[3]
					x := cur.P95Ms / p.P95Ms
					res := provinceResult{Goal: "P4", What: fmt.Sprintf("summary p95 at %d vs %d dossiers", rep.Dossiers, prev.Dossiers), Clients: 1,
						Ratio: x, P95Ms: cur.P95Ms, Target: "≤ 1.5 × the 200k figure", Measured: true, Verdict: "pass"}
					if x > 1.5 {
						res.Verdict = "above goal"
					}
					rep.Results = append(rep.Results, res)
					printRow(res)
				}
			}
		}
	}
	for _, nm := range []struct{ goal, what string }{
		{"P3", "workflow transition POST (needs a bench-only route; not measured here)"},
		{"P5", "session overhead (needs a second route without sessions; not measured here)"},
		{"P7", "no errors under load: see the errors column of every row"},
		{"P8", "render budget: the go test -bench lines of make bench"},
		{"P9", "start-up to /healthz (hyperfine; not measured here)"},
		{"P10", "test-suite budget (time make test; not measured here)"},
	} {
		rep.Results = append(rep.Results, provinceResult{Goal: nm.goal, What: nm.what})
		fmt.Printf("| %s | %s | | | | | | | | | |\n", nm.goal, nm.what)
	}
	rep.PeakRSSMB = peakRSS()
	fmt.Printf("| P6 | peak RSS (VmHWM) of this process: server, load generator and data loader together | | | | | | | | ≤ 100 MB (server alone) | %.0f MB |\n", rep.PeakRSSMB)
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		rep.LoadAvg = strings.TrimSpace(string(b))
		fmt.Printf("\nload average: %s\n", rep.LoadAvg)
	}
	if err := os.MkdirAll("var", 0o755); err != nil {
		return err
	}
	out := filepath.Join("var", fmt.Sprintf("bench-province-%d.json", scale))
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("results written to %s\n", out)
	return nil
}

func printRow(r provinceResult) {
	x := "–"
	if r.Ratio > 0 {
		x = fmt.Sprintf("%.2f", r.Ratio)
	}
	rps := "–"
	if r.RPS > 0 {
		rps = fmt.Sprintf("%.0f", r.RPS)
	}
	fmt.Printf("| %s | %s | %d | %s | %s | %.1f ms | %.1f ms | %.1f ms | %d | %s | %s |\n", r.Goal, r.What, r.Clients, rps, x,
		r.P50Ms, r.P95Ms, r.P99Ms, r.Errors, r.Target, r.Verdict)
}

func ms64(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// peakRSS is VmHWM of this process in MB.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}
