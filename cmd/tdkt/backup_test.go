package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/pgtest"
)

// emptyDB creates an empty database (no migrations) on the test server
// next to migrated and returns its URL.
func emptyDB(t *testing.T, migrated string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, migrated)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var db string
	conn.QueryRow(ctx, `SELECT current_database()`).Scan(&db)
	name := db + "_restored"
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), migrated)
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	u, _ := url.Parse(migrated)
	u.Path = "/" + name
	return u.String()
}

// fingerprint is every table's row count and every attachment's sha256.
func fingerprint(t *testing.T, dbURL string) (counts map[string]int64, files map[int64]string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	counts = map[string]int64{}
	for _, tb := range tables {
		var n int64
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{tb}.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[tb] = n
	}
	files = map[int64]string{}
	rows, _ = conn.Query(ctx, `SELECT id, encode(sha256(data), 'hex') FROM attachments`)
	var id int64
	var sum string
	pgx.ForEachRow(rows, []any{&id, &sum}, func() error { files[id] = sum; return nil })
	return counts, files
}

// TestBackupRestoreRoundTrip backs up a seeded database with attachments,
// restores it into a fresh one, and proves the round trip: the audit
// trail verifies, every table has the same rows, every attachment the
// same sha256, and tdkt serves the restored data. A database that is not
// empty is only replaced with --force.
func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := pgtest.URL(t)
	srcEnv := dbEnv(t, src, nil)
	if err := run(ctx, []string{"seed"}, envOf(srcEnv), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		data := make([]byte, 200_000+i)
		rand.Read(data)
		if _, err := conn.Exec(ctx, `INSERT INTO attachments (name, kind, media_type, size, sha256, data)
			VALUES ($1, 'pdf', 'application/pdf', $2, sha256($3), $3)`, fmt.Sprintf("Tờ trình %d.pdf", i), len(data), data); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close(ctx)
	// A checkpoint of the source's trail, then the backup.
	if err := run(ctx, []string{"verify-audit"}, envOf(srcEnv), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "tdkt-backup.tar")
	var out bytes.Buffer
	start := time.Now()
	if err := run(ctx, []string{"backup", file}, envOf(srcEnv), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "backup written") {
		t.Fatalf("backup = %v, %q", err, out.String())
	}
	backupTook := time.Since(start)

	dst := emptyDB(t, src)
	// The source's key came from TDKT_AUDIT_KEY, so the backup holds none:
	// the restore needs the same key (the file-key path is TestRunEmbedded's).
	dstEnv := dbEnv(t, dst, nil)
	noKey := dbEnv(t, dst, nil)
	delete(noKey, "TDKT_AUDIT_KEY")
	if err := run(ctx, []string{"restore", file}, envOf(noKey), nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "TDKT_AUDIT_KEY") {
		t.Errorf("restore of an env-key backup without the key = %v; want a refusal naming TDKT_AUDIT_KEY", err)
	}
	out.Reset()
	start = time.Now()
	if err := run(ctx, []string{"restore", file}, envOf(dstEnv), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "audit trail intact") {
		t.Fatalf("restore = %v, %q", err, out.String())
	}
	restoreTook := time.Since(start)
	srcCounts, srcFiles := fingerprint(t, src)
	dstCounts, dstFiles := fingerprint(t, dst)
	for tb, n := range srcCounts {
		if tb == "sessions" {
			continue
		}
		if dstCounts[tb] != n {
			t.Errorf("table %s: %d rows restored; want %d", tb, dstCounts[tb], n)
		}
	}
	if len(srcFiles) < 3 || len(dstFiles) != len(srcFiles) {
		t.Errorf("attachments: %d restored of %d", len(dstFiles), len(srcFiles))
	}
	for id, sum := range srcFiles {
		if dstFiles[id] != sum {
			t.Errorf("attachment %d: sha256 %s restored; want %s", id, dstFiles[id], sum)
		}
	}
	// A second restore over the now non-empty database is refused...
	if err := run(ctx, []string{"restore", file}, envOf(dstEnv), nil, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore over a non-empty database = %v; want a refusal naming --force", err)
	}
	// ...unless forced.
	if err := run(ctx, []string{"restore", "--force", file}, envOf(dstEnv), nil, io.Discard, io.Discard); err != nil {
		t.Errorf("restore --force = %v", err)
	}

	// tdkt serves the restored data.
	dstEnv["TDKT_ADDR"] = freeAddr(t)
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run(sctx, nil, envOf(dstEnv), nil, io.Discard, io.Discard) }()
	defer func() {
		cancel()
		<-done
	}()
	base := "http://" + dstEnv["TDKT_ADDR"]
	for deadline := time.Now().Add(60 * time.Second); ; {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("restored tdkt not ready after 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	form := url.Values{"username": {"vanphong"}, "password": {"demo-tdkt-2025"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	res, err = c.Get(base + "/units")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Văn phòng Sở") {
		t.Errorf("GET /units on the restored data = %d; want the demo units", res.StatusCode)
	}
	t.Logf("METRIC backup_restore tables=%d attachments=%d backup=%v restore=%v", len(srcCounts), len(srcFiles),
		backupTook.Round(time.Millisecond), restoreTook.Round(time.Millisecond))
}
