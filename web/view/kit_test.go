package view

import (
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
)

func render(t testing.TB, c templ.Component) string {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFieldsTieErrorsAndKeepValues: every field type has a label, its hint
// and error tied by aria-describedby, aria-invalid, and the value kept.
func TestFieldsTieErrorsAndKeepValues(t *testing.T) {
	f := Field{Name: "x", Label: "Nhãn", Hint: "Gợi ý", Error: "Sai rồi", Value: "giá trị <b>", Required: true}
	opts := []Option{{"a", "A"}, {"giá trị <b>", "B"}}
	for name, c := range map[string]templ.Component{
		"Input": Input(f), "Textarea": Textarea(f), "DateInput": DateInput(f), "NumberInput": NumberInput(f),
		"MoneyInput": MoneyInput(f), "FileInput": FileInput(f), "Select": Select(f, opts), "Radios": Radios(f, opts),
		"Checkboxes": Checkboxes(f, opts, map[string]bool{"giá trị <b>": true}),
	} {
		html := render(t, c)
		if !strings.Contains(html, `aria-describedby="x-hint x-error"`) {
			t.Errorf("%s: hint and error not tied by aria-describedby:\n%s", name, html)
		}
		if !strings.Contains(html, `id="x-error"`) || !strings.Contains(html, "Sai rồi") {
			t.Errorf("%s: no error message", name)
		}
		if !strings.Contains(html, `id="x"`) {
			t.Errorf("%s: nothing carries the field's id, so the error summary's link leads nowhere", name)
		}
		if name == "Radios" || name == "Checkboxes" {
			if !strings.Contains(html, "<legend>Nhãn</legend>") || !regexp.MustCompile(`value="giá trị &lt;b&gt;"[^>]*checked`).MatchString(html) {
				t.Errorf("%s: no legend or the chosen value is not kept:\n%s", name, html)
			}
			continue
		}
		if !strings.Contains(html, `<label for="x">`) {
			t.Errorf("%s: no label for the field", name)
		}
		if !strings.Contains(html, `aria-invalid="true"`) {
			t.Errorf("%s: no aria-invalid", name)
		}
		if name != "FileInput" && name != "Select" && !strings.Contains(html, "giá trị &lt;b&gt;") {
			t.Errorf("%s: value not kept (escaped)", name)
		}
	}
	if html := render(t, MoneyInput(Field{Name: "m", Label: "Tiền"})); !strings.Contains(html, `inputmode="numeric"`) || !strings.Contains(html, "(đồng)") {
		t.Errorf("MoneyInput: no numeric keyboard or unit:\n%s", html)
	}
	if html := render(t, DateInput(Field{Name: "d", Label: "Ngày"})); !strings.Contains(html, `type="text"`) || !strings.Contains(html, "31/12/2025") {
		t.Errorf("DateInput: not a text box with a dd/mm/yyyy example:\n%s", html)
	}
	if html := render(t, Input(Field{Name: "o", Label: "Ghi chú"})); !strings.Contains(html, "không bắt buộc") || strings.Contains(html, "aria-describedby") {
		t.Errorf("optional field without hint: %s", html)
	}
}

func TestErrorSummaryLinksToFields(t *testing.T) {
	e := Errors{Fields: map[string]string{"b": "Lỗi B", "a": "Lỗi A"}, Order: []string{"a", "b"}, Message: "Chung"}
	html := render(t, ErrorSummary(e))
	ia, ib := strings.Index(html, `href="#a"`), strings.Index(html, `href="#b"`)
	if ia < 0 || ib < ia || !strings.Contains(html, "Chung") || !strings.Contains(html, `tabindex="-1"`) || !strings.Contains(html, "autofocus") {
		t.Errorf("error summary: %s", html)
	}
	if html := render(t, ErrorSummary(Errors{})); html != "" {
		t.Errorf("no errors rendered %q", html)
	}
}

func TestStatusTagsAndTasks(t *testing.T) {
	for _, tone := range []Tone{ToneGrey, ToneBlue, ToneGreen, ToneYellow, ToneRed, TonePurple} {
		if html := render(t, StatusTag(Tag{"Nhãn", tone})); !strings.Contains(html, "tag-"+string(tone)) || !strings.Contains(html, ">Nhãn<") {
			t.Errorf("tag %s: %s", tone, html)
		}
	}
	html := render(t, TaskList([]TaskSection{{Title: "Phần", Tasks: []Task{
		{Label: "Mở được", Href: "/a", Status: TaskInProgress}, {Label: "Chờ", Href: "/b", Status: TaskCannotStart}}}}))
	if !strings.Contains(html, `href="/a"`) || strings.Contains(html, `href="/b"`) || !strings.Contains(html, "Đang làm") || !strings.Contains(html, "Chưa thể bắt đầu") {
		t.Errorf("task list: a task that cannot start must not link; statuses shown:\n%s", html)
	}
}

func TestSortColumns(t *testing.T) {
	keys := []string{"name", "people"}
	for raw, want := range map[string]Sort{
		"": {}, "name": {Key: "name"}, "-people": {Key: "people", Desc: true}, "-": {}, "--name": {},
		"password": {}, "name;drop": {}, "-Name": {},
	} {
		if got := ParseSort(raw, keys, Sort{}); got != want {
			t.Errorf("ParseSort(%q) = %+v; want %+v", raw, got, want)
		}
	}
	href := func(p string) string { return "/l?sort=" + p }
	if c := SortColumn("Tên", "name", Sort{}, href); c.Sort != "" || c.Href != "/l?sort=name" {
		t.Errorf("unsorted column = %+v", c)
	}
	if c := SortColumn("Tên", "name", Sort{Key: "name"}, href); c.Sort != "ascending" || c.Href != "/l?sort=-name" {
		t.Errorf("ascending column = %+v", c)
	}
	if c := SortColumn("Tên", "name", Sort{Key: "name", Desc: true}, href); c.Sort != "descending" || c.Href != "/l?sort=name" {
		t.Errorf("descending column = %+v", c)
	}
	html := render(t, TableHead([]Column{{Label: "A", Href: "/l?sort=-a", Sort: "ascending"}, {Label: "B", Numeric: true, Hide: true}}))
	if !strings.Contains(html, `aria-sort="ascending"`) || !strings.Contains(html, `scope="col"`) || !strings.Contains(html, "numeric hide-narrow") {
		t.Errorf("table head: %s", html)
	}
}

func TestLayoutLandmarksTitleAndBanner(t *testing.T) {
	p := Page{Title: "Đơn vị", User: &User{Name: "An", Roles: "Văn phòng Sở", Unread: 3},
		Nav: []NavItem{{"Trang chủ", "/", false}, {"Đơn vị", "/units", true}}, Crumbs: []Crumb{{"Trang chủ", "/"}, {"Đơn vị", ""}},
		Flash: Flash{Kind: "success", Message: "Đã lưu."}}
	html := render(t, ErrorPage(p, 404, "Không tìm thấy", "x", ""))
	for _, want := range []string{
		"<title>Đơn vị – tdkt</title>", `<html lang="vi">`, `class="skip-link" href="#main"`, "<header", `<nav class="main-nav" aria-label=`,
		`<main id="main"`, "<footer", `aria-current="page"`, `class="breadcrumbs"`, `data-testid="unread">3<`, `href="/notifications"`,
		`class="banner banner-success" role="alert"`, "Đã lưu.", OrgName,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("layout lacks %q", want)
		}
	}
	p.User.Unread, p.Flash = 0, Flash{Kind: "info", Message: "Tin."}
	html = render(t, ErrorPage(p, 404, "Không tìm thấy", "x", ""))
	if strings.Contains(html, `data-testid="unread"`) || !strings.Contains(html, `class="banner banner-info" role="region"`) {
		t.Errorf("no unread badge at 0, info banner as a region:\n%s", html)
	}
	if html := render(t, NotificationBanner(Flash{})); html != "" {
		t.Errorf("empty flash rendered %q", html)
	}
}

// kitPage is a representative kit-heavy page: a dossier's task list,
// summary list, a 20-row table with tags, a timeline and pagination.
func kitPage() templ.Component {
	now := time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)
	p := Page{Title: "Hồ sơ đề nghị khen thưởng", User: &User{Name: "Trần Thị Bích", Roles: "Trưởng phòng", Unread: 4},
		Nav: []NavItem{{"Trang chủ", "/", false}, {"Hồ sơ", "/dossiers", true}}, Crumbs: []Crumb{{"Hồ sơ", "/dossiers"}, {"HS-2025-0012", ""}}, Version: "abc"}
	tl := kitTimeline(now)
	for len(tl) < 10 {
		tl = append(tl, tl...)
	}
	var tags []Tag
	for i := range 20 {
		tags = append(tags, kitTags[i%len(kitTags)])
	}
	parts := []templ.Component{
		ErrorSummary(Errors{}), TaskList(kitTasks), SummaryList(kitSummary), TableHead(kitColumns()),
		Timeline(tl), Pagination(Keyset{First: "/d", Next: "/d?after=20", Summary: "312 hồ sơ"}),
		EmptyState(Empty{Message: "Chưa có tệp đính kèm.", ActionLabel: "Thêm tệp", ActionHref: "/d/1/files"}),
	}
	for _, t := range tags {
		parts = append(parts, StatusTag(t))
	}
	body := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		for _, c := range parts {
			if err := c.Render(ctx, w); err != nil {
				return err
			}
		}
		return nil
	})
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return Layout(p).Render(templ.WithChildren(ctx, body), w)
	})
}

// BenchmarkRenderKitPage renders a kit-heavy page (performance.md P8: the
// same budget as the people list, ≤ 100 µs, ≤ 1,000 allocs).
func BenchmarkRenderKitPage(b *testing.B) {
	c := kitPage()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderComponentsPage renders the components page (every component).
func BenchmarkRenderComponentsPage(b *testing.B) {
	c := ComponentsPage(Page{Title: "Bộ thành phần giao diện", User: &User{Name: "An"}}, Components{Now: time.Now()})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderKitPageBudget keeps the kit-heavy page within the allocation
// budget of P8 (allocations are deterministic; time is left to make bench).
func TestRenderKitPageBudget(t *testing.T) {
	c := kitPage()
	html := render(t, c)
	for _, want := range []string{`data-testid="task-list"`, `data-testid="summary-list"`, `data-testid="timeline"`, `aria-sort=`} {
		if !strings.Contains(html, want) {
			t.Fatalf("kit page lacks %s", want)
		}
	}
	allocs := testing.AllocsPerRun(50, func() {
		if err := c.Render(context.Background(), io.Discard); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1000 {
		t.Errorf("kit page: %.0f allocs per render; budget 1,000", allocs)
	}
	t.Logf("kit page: %.0f allocs, %d bytes", allocs, len(html))
}

func TestStatusTagEscapesAndKnowsItsTones(t *testing.T) {
	var b strings.Builder
	if err := StatusTag(Tag{Label: `<b>"Đã nộp"</b>`, Tone: Tone(`x" onclick="alert(1)`)}).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), `<strong class="tag tag-grey">&lt;b&gt;&#34;Đã nộp&#34;&lt;/b&gt;</strong>`; got != want {
		t.Errorf("StatusTag = %s; want %s", got, want)
	}
}
