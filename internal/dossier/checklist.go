package dossier

// Item is a nomination as the checklist sees it.
type Item struct {
	ID       int64
	Required []string        // document kinds the award needs (R27)
	Attached map[string]bool // document kinds attached to this nomination
	Summary  string          // the achievement summary
	Flagged  bool            // picked although the engine said not eligible
	Reason   string          // the written justification of a flagged pick
}

// ItemCheck is what is done and missing for one nomination.
type ItemCheck struct {
	ID                   int64
	Done, Missing        []string // required document kinds
	SummaryMissing       bool
	JustificationMissing bool
}

// Complete reports whether the nomination is ready to submit.
func (c ItemCheck) Complete() bool {
	return len(c.Missing) == 0 && !c.SummaryMissing && !c.JustificationMissing
}

// Checklist is the dossier's completeness (R27).
type Checklist struct {
	Items    []ItemCheck
	Shared   ItemCheck // the documents made once for the whole dossier (ID 0)
	Complete bool      // at least one nomination, every one complete, and the shared documents
}

// MinSummary is the shortest achievement summary accepted, in characters.
const MinSummary = 20

// Check works out what each nomination still needs. A required document
// counts when it is attached to the nomination or to the whole dossier
// (dossierDocs: e.g. one tờ trình and one biên bản for every nominee).
func Check(items []Item, dossierDocs map[string]bool) Checklist {
	out := Checklist{Complete: len(items) > 0}
	for _, it := range items {
		c := ItemCheck{ID: it.ID}
		for _, k := range it.Required {
			if it.Attached[k] || dossierDocs[k] {
				c.Done = append(c.Done, k)
			} else {
				c.Missing = append(c.Missing, k)
			}
		}
		c.SummaryMissing = len([]rune(it.Summary)) < MinSummary
		c.JustificationMissing = it.Flagged && len([]rune(it.Reason)) < 5
		if !c.Complete() {
			out.Complete = false
		}
		out.Items = append(out.Items, c)
	}
	return out
}

// CheckDossier is Check with the documents made once for the whole dossier
// (shared: the kinds any nomination needs, e.g. the tờ trình and the
// minutes) checked once, not under each nomination. A shared kind counts
// when attached to the dossier or, as older dossiers did, to a nomination.
func CheckDossier(items []Item, shared []string, dossierDocs map[string]bool) Checklist {
	c := Check(items, dossierDocs)
	anywhere := map[string]bool{}
	for k := range dossierDocs {
		anywhere[k] = true
	}
	for _, it := range items {
		for k := range it.Attached {
			anywhere[k] = true
		}
	}
	for _, k := range shared {
		if anywhere[k] {
			c.Shared.Done = append(c.Shared.Done, k)
		} else {
			c.Shared.Missing = append(c.Shared.Missing, k)
		}
	}
	if len(c.Shared.Missing) > 0 {
		c.Complete = false
	}
	return c
}
