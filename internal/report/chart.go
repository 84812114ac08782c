package report

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// ChartKind is how a chart draws its series.
type ChartKind int

const (
	Bars    ChartKind = iota // grouped bars: one bar per series per label
	Stacked                  // one bar per label, the series stacked
	Lines                    // one line per series over the labels (years)
)

// Series is one named row of values, one per label.
type Series struct {
	Name   string
	Values []int64
}

// Chart is a small chart drawn as SVG on the server. Title and Summary
// are what a screen reader announces (the SVG's <title> and <desc>); the
// page shows the same numbers in a table beside it.
type Chart struct {
	ID      string // unique on the page; the ids of <title> and <desc> derive from it
	Kind    ChartKind
	Title   string
	Summary string
	Labels  []string
	Series  []Series
}

// palette: dark enough for 3:1 against white (WCAG 1.4.11), distinct in
// greyscale print thanks to the hatching of every other series.
var palette = []string{"#1d4f91", "#b34700", "#2e7d32", "#6a1b9a", "#8d6e00", "#00695c"}

const (
	chartW  = 640
	chartH  = 260
	padL    = 48
	padR    = 12
	padT    = 12
	padB    = 44
	legendH = 22
)

// SVG renders the chart. It never fails: an empty chart is an empty frame
// with its title.
func (c Chart) SVG() string {
	var b strings.Builder
	h := chartH + legendH*((len(c.Series)+2)/3)
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`,
		chartW, h, esc(c.ID), esc(c.ID))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Summary))
	fmt.Fprintf(&b, `<defs><pattern id="%s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff" fill-opacity="0.0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>`, esc(c.ID))

	max := c.max()
	top := niceCeil(max)
	plotW, plotH := float64(chartW-padL-padR), float64(chartH-padT-padB)
	y := func(v int64) float64 { return float64(padT) + plotH - plotH*float64(v)/float64(top) }

	// Grid and axis labels: 0, ¼, ½, ¾ and the top.
	for i := 0; i <= 4; i++ {
		v := top * int64(i) / 4
		yy := y(v)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d0d0d0" stroke-width="1"/>`, padL, yy, chartW-padR, yy)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" text-anchor="end" fill="#333">%s</text>`, padL-6, yy+4, esc(number(v)))
	}
	n := len(c.Labels)
	if n == 0 {
		b.WriteString(`</svg>`)
		return b.String()
	}
	slot := plotW / float64(n)
	for i, l := range c.Labels {
		x := float64(padL) + slot*(float64(i)+0.5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" text-anchor="middle" fill="#333">%s</text>`, x, chartH-padB+16, esc(clip(l, int(slot/6.5))))
	}
	switch c.Kind {
	case Lines:
		for si, s := range c.Series {
			col := palette[si%len(palette)]
			var pts []string
			for i := range c.Labels {
				x := float64(padL) + slot*(float64(i)+0.5)
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y(at(s.Values, i))))
			}
			dash := ""
			if si%2 == 1 {
				dash = ` stroke-dasharray="6 3"`
			}
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5"%s points="%s"/>`, col, dash, strings.Join(pts, " "))
			for i := range c.Labels {
				x := float64(padL) + slot*(float64(i)+0.5)
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`, x, y(at(s.Values, i)), col)
			}
		}
	case Stacked:
		bw := math.Min(slot*0.6, 56)
		for i := range c.Labels {
			x := float64(padL) + slot*(float64(i)+0.5) - bw/2
			var acc int64
			for si, s := range c.Series {
				v := at(s.Values, i)
				if v <= 0 {
					continue
				}
				y0, y1 := y(acc), y(acc+v)
				c.bar(&b, si, x, y1, bw, y0-y1)
				acc += v
			}
		}
	default:
		k := len(c.Series)
		if k == 0 {
			k = 1
		}
		group := slot * 0.75
		bw := math.Min(group/float64(k), 40)
		for i := range c.Labels {
			x0 := float64(padL) + slot*(float64(i)+0.5) - bw*float64(k)/2
			for si, s := range c.Series {
				v := at(s.Values, i)
				c.bar(&b, si, x0+bw*float64(si), y(v), bw-1, y(0)-y(v))
			}
		}
	}
	// Legend, three to a row.
	for si, s := range c.Series {
		lx := padL + (si%3)*((chartW-padL)/3)
		ly := chartH + legendH*(si/3) - 8
		if c.Kind == Lines {
			fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5"/>`, lx, ly+6, lx+14, ly+6, palette[si%len(palette)])
		} else {
			c.bar(&b, si, float64(lx), float64(ly), 12, 12)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="#222">%s</text>`, lx+18, ly+11, esc(clip(s.Name, 30)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// bar draws one rectangle of series si; every other series is hatched so
// that neighbours differ without colour.
func (c Chart) bar(b *strings.Builder, si int, x, y, w, h float64) {
	if h < 0 {
		h = 0
	}
	col := palette[si%len(palette)]
	fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y, w, h, col)
	if si%2 == 1 && h > 0 {
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="url(#%s-hatch)"/>`, x, y, w, h, html.EscapeString(c.ID))
	}
}

func (c Chart) max() int64 {
	var m int64
	for i := range c.Labels {
		var sum int64
		for _, s := range c.Series {
			v := at(s.Values, i)
			if c.Kind == Stacked {
				if v > 0 {
					sum += v
				}
			} else if v > m {
				m = v
			}
		}
		if sum > m {
			m = sum
		}
	}
	return m
}

func at(v []int64, i int) int64 {
	if i < len(v) && v[i] > 0 {
		return v[i]
	}
	return 0
}

// niceCeil rounds m up to 1, 2, 2.5 or 5 times a power of ten, and to a
// multiple of 4 so that the quarter grid lines fall on whole numbers.
func niceCeil(m int64) int64 {
	if m <= 4 {
		return 4
	}
	p := int64(1)
	for p*10 < m {
		p *= 10
	}
	for _, f := range []int64{1, 2, 4, 5, 8, 10} {
		if v := f * p; v >= m && v%4 == 0 {
			return v
		}
	}
	return ((m + 3) / 4) * 4
}

// number formats n with dots between thousands (Vietnamese style).
func number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	if n < 4 {
		n = 4
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
