package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"tdkt/internal/pgtest"
	"tdkt/internal/store"
	"tdkt/web"
)

// BenchmarkDossierPage measures the dossier page end to end on the demo
// data: session, scoped batch load (dossier, nominations, documents,
// supplements, history, names, settings, registrations) and render.
//
//	go test ./web/ -run '^$' -bench DossierPage -benchmem
func BenchmarkDossierPage(b *testing.B) {
	pool := pgtest.NewSeededPool(b, "demo", seedDemo)
	st := store.New(pool)
	srv := web.NewServer(web.Config{Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, pool)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ds, err := st.Dossiers(context.Background(), store.Scope{All: true}, store.DossierFilter{})
	if err != nil || len(ds) == 0 {
		b.Fatalf("no demo dossier: %v", err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login",
		strings.NewReader(url.Values{"username": {"vanphong"}, "password": {"demo-tdkt-2025"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res, err := c.Do(req); err != nil || res.StatusCode != http.StatusSeeOther {
		b.Fatalf("login: %v", err)
	}
	for _, page := range []string{fmt.Sprintf("/dossiers/%d", ds[0].ID), fmt.Sprintf("/rounds/%d", ds[0].RoundID), "/appraisal"} {
		b.Run(strings.SplitN(page, "/", 3)[1], func(b *testing.B) {
			for b.Loop() {
				res, err := c.Get(ts.URL + page)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", page, res.StatusCode)
				}
			}
		})
	}
}
