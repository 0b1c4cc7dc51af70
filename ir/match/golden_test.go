package match_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
)

// TestGolden runs each testdata/match/*.txtar case: the rule.yml section against
// every event of events.json (with options.json when present), printing each
// verdict with the per-condition and per-search results into the out section. The
// archive comment says which part of the specification the verdicts follow.
func TestGolden(t *testing.T) {
	golden.Run(t, "../../testdata/match/*.txtar", func(t *testing.T, f *golden.File) {
		f.Compare(t, "out", runGolden(t, f))
	})
}

func runGolden(t *testing.T, ar *golden.File) string {
	t.Helper()
	f, diags := parser.ParseFile("rule.yml", []byte(ar.Section("rule.yml")))
	if diags.HasErrors() {
		t.Fatalf("rule.yml: %v", diags)
	}
	var opts match.Options
	if ar.Has("options.json") {
		if err := json.Unmarshal([]byte(ar.Section("options.json")), &opts); err != nil {
			t.Fatalf("options.json: %v", err)
		}
	}
	m, err := match.Compile(f.Docs[0].(*ir.Rule), opts)
	if err != nil {
		return fmt.Sprintf("compile error:\n%v\n", err)
	}
	evs, diags := events.Read("events.json", []byte(ar.Section("events.json")), events.DefaultLimits)
	if diags.HasErrors() {
		t.Fatalf("events.json: %v", diags)
	}
	var b strings.Builder
	for i, ev := range evs {
		fmt.Fprintf(&b, "event %d (%s): %s\n", i+1, ev.Pos, formatResult(m.Explain(ev)))
	}
	return b.String()
}

func formatResult(r match.Result) string {
	names := make([]string, 0, len(r.Searches))
	for n := range r.Searches {
		names = append(names, n)
	}
	sort.Strings(names)
	var searches []string
	for _, n := range names {
		searches = append(searches, fmt.Sprintf("%s=%v", n, r.Searches[n]))
	}
	return fmt.Sprintf("match=%v conditions=%v searches: %s", r.Matched, r.Conditions, strings.Join(searches, " "))
}
