package report

import (
	"encoding/xml"
	"strings"
	"testing"

	"tdkt/internal/dossier"
)

func TestPercentAndChange(t *testing.T) {
	for _, tc := range []struct {
		part, whole int64
		want        string
	}{{1, 3, "33,3%"}, {1, 2, "50%"}, {0, 5, "0%"}, {3, 0, "–"}, {2, 3, "66,7%"}} {
		if got := Percent(tc.part, tc.whole); got != tc.want {
			t.Errorf("Percent(%d, %d) = %q, want %q", tc.part, tc.whole, got, tc.want)
		}
	}
	for _, tc := range []struct {
		prev, cur  int64
		delta, rel string
	}{{10, 12, "+2", "+20%"}, {12, 9, "−3", "−25%"}, {0, 4, "+4", ""}, {5, 5, "0", "0%"}} {
		d, r := Change(tc.prev, tc.cur)
		if d != tc.delta || r != tc.rel {
			t.Errorf("Change(%d, %d) = %q %q, want %q %q", tc.prev, tc.cur, d, r, tc.delta, tc.rel)
		}
	}
}

func TestLoop(t *testing.T) {
	for _, tc := range []struct {
		awarded bool
		nom     dossier.NominationState
		want    Outcome
	}{
		{true, "", Achieved},
		{true, dossier.Failed, Achieved}, // awarded wins (e.g. by another round)
		{false, "", NotProposed},
		{false, dossier.Ineligible, Ineligible},
		{false, dossier.RejectedExternal, Ineligible},
		{false, dossier.Failed, FailedVote},
		{false, dossier.Proposed, Pending},
		{false, dossier.Passed, Pending},
	} {
		if got := Classify(tc.awarded, tc.nom); got != tc.want {
			t.Errorf("Classify(%v, %q) = %v, want %v", tc.awarded, tc.nom, got, tc.want)
		}
	}
	l := NewLoop([]string{"ldtt", "cstd_co_so"})
	l.Add("ldtt", Achieved)
	l.Add("ldtt", Achieved)
	l.Add("ldtt", FailedVote)
	l.Add("cstd_co_so", NotProposed)
	l.Add("unknown", Achieved) // ignored
	l.SetUnpledged("ldtt", 5)
	l.SetUnpledged("cstd_co_so", 0)
	if l.Counts["ldtt"][Unpledged] != 3 || l.Pledged("ldtt") != 3 || l.Pledged("cstd_co_so") != 1 {
		t.Errorf("loop = %v", l.Counts)
	}
	if l.Total(Achieved) != 2 || l.Total(Unpledged) != 3 {
		t.Errorf("totals: achieved %d, unpledged %d", l.Total(Achieved), l.Total(Unpledged))
	}
	for _, o := range Outcomes {
		if o.Label() == "" || o.Key() == "" {
			t.Errorf("outcome %d has no label or key", o)
		}
	}
}

func TestAppraisal(t *testing.T) {
	on, over := Appraisal(map[int]int64{0: 1, 5: 2, 20: 3, 21: 4, 40: 1}, 20)
	if on != 6 || over != 5 {
		t.Errorf("Appraisal = %d on time, %d overdue; want 6, 5", on, over)
	}
	if y := Years(2025, 3); len(y) != 3 || y[0] != 2023 || y[2] != 2025 {
		t.Errorf("Years = %v", y)
	}
	top := Top(map[string]int64{"b": 2, "a": 2, "c": 5})
	if top[0].Key != "c" || top[1].Key != "a" {
		t.Errorf("Top = %v", top)
	}
}

// TestChartSVG checks that every kind of chart is well-formed XML, is an
// image with a title and description for screen readers, escapes text and
// draws a mark per value.
func TestChartSVG(t *testing.T) {
	for _, kind := range []ChartKind{Bars, Stacked, Lines} {
		c := Chart{ID: "c1", Kind: kind, Title: "Hồ sơ <theo> năm", Summary: "Năm 2025 tăng & nhiều hơn",
			Labels: []string{"2023", "2024", "2025"},
			Series: []Series{{"Đã nộp", []int64{3, 5, 8}}, {"Trả lại", []int64{1, 0, 2}}}}
		svg := c.SVG()
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Fatalf("kind %d: not well-formed: %v\n%s", kind, err, svg)
		}
		for _, want := range []string{`role="img"`, `aria-labelledby="c1-t c1-d"`, `<title id="c1-t">Hồ sơ &lt;theo&gt; năm</title>`,
			`<desc id="c1-d">Năm 2025 tăng &amp; nhiều hơn</desc>`, ">Đã nộp<", ">2025<"} {
			if !strings.Contains(svg, want) {
				t.Errorf("kind %d: missing %s", kind, want)
			}
		}
		marks := strings.Count(svg, "<rect x=") + strings.Count(svg, "<circle")
		if marks < 5 {
			t.Errorf("kind %d: %d marks, want at least 5", kind, marks)
		}
	}
	if svg := (Chart{ID: "e", Title: "Trống"}).SVG(); !strings.Contains(svg, "Trống") || !strings.HasSuffix(svg, "</svg>") {
		t.Errorf("empty chart: %s", svg)
	}
	for m, want := range map[int64]int64{0: 4, 3: 4, 7: 8, 13: 20, 99: 100, 1234: 2000, 45000: 50000} {
		if got := niceCeil(m); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", m, got, want)
		}
	}
	if number(1234567) != "1.234.567" || number(12) != "12" {
		t.Error("number formatting")
	}
}
