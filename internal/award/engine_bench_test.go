package award_test

import (
	"testing"
	"time"

	"tdkt/internal/award"
)

// histories builds n people with ten years (2016–2025) of ratings, titles
// and a few initiatives and cases, varied so that every rule path runs.
func histories(n int) []award.History {
	out := make([]award.History, n)
	ratings := []award.Rating{award.HTXS, award.HTT, award.HTT, award.HTXS, award.HTNV, award.HTT, award.HTXS}
	for i := range out {
		h := award.History{Subject: award.Individual, ID: int64(i + 1), RecruitedOn: time.Date(2000+i%20, 3, 1, 0, 0, 0, 0, time.UTC),
			Female: i%2 == 0, Ratings: make(map[int]award.Rating, 10)}
		for y := 2016; y <= 2025; y++ {
			r := ratings[(i+y)%len(ratings)]
			h.Ratings[y] = r
			if r.AtLeast(award.HTT) {
				h.Awards = append(h.Awards, award.AwardRecord{Year: y, Code: award.LDTT, Kind: award.Merit})
			}
			if r == award.HTXS {
				h.Awards = append(h.Awards, award.AwardRecord{Year: y, Code: award.CSTDCoSo, Kind: award.Merit})
			}
		}
		if i%5 == 0 {
			h.Awards = append(h.Awards, award.AwardRecord{Year: 2018, Code: award.BangKhenTinh, Kind: award.Merit})
		}
		if i%3 == 0 {
			h.Initiatives = append(h.Initiatives, award.Initiative{Title: "x", Scope: award.ScopeBase, RecognisedOn: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
				award.Initiative{Title: "y", Scope: award.ScopeProvince, RecognisedOn: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), UsedAsGrounds: i%2 == 0})
		}
		if i%97 == 0 {
			h.Cases = append(h.Cases, award.Case{Kind: award.CaseComplaint, OpenedOn: time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)})
		}
		out[i] = h
	}
	return out
}

// BenchmarkEvaluate20k evaluates 20,000 people with ten years of history
// for the four heaviest individual awards (one op = 80,000 verdicts).
func BenchmarkEvaluate20k(b *testing.B) {
	hs := histories(20000)
	rules := award.RulesFor(award.ConsiderationDate(2025))
	var types []award.AwardType
	for _, c := range []string{award.CSTDCoSo, award.CSTDTinh, award.BangKhenTinh, award.BangKhenTTg} {
		t, _ := award.Lookup(c)
		types = append(types, t)
	}
	b.ReportAllocs()
	for b.Loop() {
		eligible := 0
		for _, t := range types {
			for _, h := range hs {
				if award.Evaluate(rules, h, t, 2025).Outcome == award.Eligible {
					eligible++
				}
			}
		}
		if eligible == 0 {
			b.Fatal("nobody eligible")
		}
	}
}
