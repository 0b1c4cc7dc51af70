package match_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
)

// regressionCase is one line of sigma-regression/index.jsonl.
type regressionCase struct {
	Folder     string `json:"folder"`
	RuleID     string `json:"rule_id"`
	RulePath   string `json:"rule_path"`
	EventsFile string `json:"events_file"`
	EventCount int    `json:"event_count"`
	MatchCount *int   `json:"match_count"`
}

func readRegressionIndex(t testing.TB, dir string) []regressionCase {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []regressionCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c regressionCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("index.jsonl: %v", err)
		}
		cases = append(cases, c)
	}
	return cases
}

// parseRule reads the single rule of a Sigma file.
func parseRule(t testing.TB, path string) *ir.Rule {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := parser.ParseFile(path, src)
	if diags.HasErrors() {
		t.Fatalf("parse: %v", diags.Errors())
	}
	for _, d := range f.Docs {
		if r, ok := d.(*ir.Rule); ok {
			return r
		}
	}
	t.Fatalf("%s holds no rule", path)
	return nil
}

// TestConformanceRegressionInterpreter runs every SigmaHQ regression rule on its
// events. The upstream runner (SigmaHQ regression data specification) requires at
// least match_count matches in the file, or at least one when match_count is absent;
// a miss is an interpreter bug.
func TestConformanceRegressionInterpreter(t *testing.T) {
	regDir := shareddata.Dir(t, "sigma-regression")
	rulesDir := shareddata.Dir(t, "sigma")
	cases := readRegressionIndex(t, regDir)
	total, matched, nEvents, hits := 0, 0, 0, 0
	for _, c := range cases {
		t.Run(c.Folder, func(t *testing.T) {
			rule := parseRule(t, filepath.Join(rulesDir, c.RulePath))
			m, err := match.Compile(rule, match.Options{})
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			evs, diags := events.ReadFile(filepath.Join(regDir, c.Folder, c.EventsFile), events.DefaultLimits)
			if diags.HasErrors() {
				t.Fatalf("events: %v", diags)
			}
			want := 1
			if c.MatchCount != nil {
				want = *c.MatchCount
			}
			got := 0
			for _, ev := range evs {
				if m.Match(ev) {
					got++
				}
			}
			nEvents, hits = nEvents+len(evs), hits+got
			total += want
			matched += min(got, want)
			if got < want {
				t.Errorf("%d of %d events match, want %d (rule %s)", got, len(evs), want, c.RulePath)
			}
		})
	}
	t.Logf("%d rule folders: %d of %d required matches; %d of %d events match", len(cases), matched, total, hits, nEvents)
}
