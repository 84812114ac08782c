package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The Nu HTML Checker (vnu.jar, the W3C validator) checks every page the
// browser tests are served: the server's HTML as sent, also the pages that
// answer a POST. It is a test-only npm package pinned in testdata/vnu
// (make vnu installs it; it needs a Java runtime, Debian's
// default-jre-headless). The pages are collected while the tests run and
// checked in one run of the checker when they are done (checkHTML, from
// TestMain); any error fails the test binary.

const vnuPath = "testdata/vnu/node_modules/vnu-jar/build/dist/vnu.jar"

// vnuRequired: under CI and make test a missing checker or Java is a
// failure, as for axe-core.
func vnuRequired() bool { return axeRequired() }

var vnuReady = sync.OnceValue(func() error {
	if _, err := os.Stat(vnuPath); err != nil {
		return fmt.Errorf("vnu.jar not installed (run make vnu): %w", err)
	}
	if _, err := exec.LookPath("java"); err != nil {
		return fmt.Errorf("no Java runtime for vnu.jar (apt-get install default-jre-headless): %w", err)
	}
	return nil
})

// servedPages are the HTML pages served to the browser, by method, path
// and status (the first of each is kept).
var servedPages = struct {
	sync.Mutex
	byKey map[string][]byte
}{byKey: map[string][]byte{}}

// recordHTML keeps a copy of every HTML page served to a browser (the
// browser tests' Chromium; the Go test clients are not browsers).
func recordHTML(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.UserAgent(), "Chrome") || vnuReady() != nil {
			next.ServeHTTP(w, r)
			return
		}
		rec := &htmlRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || rec.body.Len() == 0 ||
			(rec.status >= 300 && rec.status < 400) { // a redirect's note is no page
			return
		}
		key := fmt.Sprintf("%s %s (%d)", r.Method, r.URL.Path, rec.status)
		servedPages.Lock()
		if _, ok := servedPages.byKey[key]; !ok {
			servedPages.byKey[key] = rec.body.Bytes()
		}
		servedPages.Unlock()
	})
}

type htmlRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (h *htmlRecorder) WriteHeader(code int) {
	h.status = code
	h.ResponseWriter.WriteHeader(code)
}

func (h *htmlRecorder) Write(b []byte) (int, error) {
	h.body.Write(b)
	return h.ResponseWriter.Write(b)
}

func (h *htmlRecorder) Flush() {
	if f, ok := h.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// vnuMessage is one message of vnu's JSON output.
type vnuMessage struct {
	Type     string `json:"type"`
	URL      string `json:"url"`
	Line     int    `json:"lastLine"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
	SubType  string `json:"subType"`
	Severity string `json:"severity"`
}

// checkHTML runs vnu.jar once over every collected page and prints each
// error with the page it is on; it returns 1 when there is any.
func checkHTML() int {
	servedPages.Lock()
	defer servedPages.Unlock()
	if len(servedPages.byKey) == 0 {
		if err := vnuReady(); err != nil && vnuRequired() {
			fmt.Fprintln(os.Stderr, "vnu: the HTML checker is required here:", err)
			return 1
		}
		return 0
	}
	errs, err := runVnu(servedPages.byKey)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vnu:", err)
		return 1
	}
	for _, e := range errs {
		fmt.Fprintln(os.Stderr, "vnu: "+e)
	}
	fmt.Fprintf(os.Stderr, "vnu: %d pages checked, %d errors\n", len(servedPages.byKey), len(errs))
	if len(errs) > 0 {
		return 1
	}
	return 0
}

// runVnu checks pages (by name) in one run of vnu.jar and returns its
// errors, each with the page's name, line, message and extract.
func runVnu(pages map[string][]byte) ([]string, error) {
	dir, err := os.MkdirTemp("", "tdkt-vnu-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	keys := make([]string, 0, len(pages))
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pageOf := map[string]string{}
	args := []string{"-jar", vnuPath, "--errors-only", "--format", "json"}
	for i, k := range keys {
		name := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		if err := os.WriteFile(name, pages[k], 0o644); err != nil {
			return nil, err
		}
		pageOf[filepath.Base(name)] = k
		args = append(args, name)
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command("java", args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	_ = cmd.Run() // exit status 1 when there are errors; the JSON says which
	var res struct {
		Messages []vnuMessage `json:"messages"`
	}
	js := stderr.Bytes() // vnu writes its report to stderr
	if len(bytes.TrimSpace(js)) == 0 {
		js = out.Bytes()
	}
	if err := json.Unmarshal(js, &res); err != nil {
		return nil, fmt.Errorf("unreadable output: %v\n%s", err, js)
	}
	var errs []string
	for _, m := range res.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		errs = append(errs, fmt.Sprintf("%s line %d: %s\n    %s", pageOf[filepath.Base(m.URL)], m.Line, m.Message, strings.TrimSpace(m.Extract)))
	}
	return errs, nil
}

// TestVnuFindsErrors: the harness reports what the checker finds (a
// literal else attribute, a duplicate id, a label for a hidden input).
func TestVnuFindsErrors(t *testing.T) {
	t.Parallel()
	if err := vnuReady(); err != nil {
		if vnuRequired() {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	errs, err := runVnu(map[string][]byte{"bad page": []byte(`<!DOCTYPE html><html lang="vi"><head><title>x</title></head><body>` +
		`<input class="input" else id="a"><p id="x"></p><p id="x"></p><label for="h">H</label><input type="hidden" id="h"></body></html>`)})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(errs, "\n")
	for _, want := range []string{"“else”", "Duplicate ID “x”", "label"} {
		if !strings.Contains(all, want) {
			t.Errorf("vnu did not report %s; it found:\n%s", want, all)
		}
	}
}
