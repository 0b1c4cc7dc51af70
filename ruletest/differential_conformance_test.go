package ruletest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/ruletest"
)

// differentialCounts tallies a differential run.
type differentialCounts struct {
	rules, converted, pairs, routed, otherTable, otherLogsource, unrepresentable int
	kqlMatches, interpMatches, unroutedKQLMatches                                int
	disagreements                                                                []string
	unstorable                                                                   []string
	unchecked                                                                    []string // converted, but the local engine cannot run the KQL
	engineErrors                                                                 map[string]int
}

// TestConformanceDifferential checks every SigmaHQ rule the azure_monitor
// pipeline converts against every SigmaHQ regression event: wherever the event is
// routed to the rule (its row belongs in the rule's table and satisfies the
// pipeline's conditions), the compiled KQL on the local engine and the direct
// interpreter must agree. Unrouted pairs are counted apart; the KQL must never
// match one.
func TestConformanceDifferential(t *testing.T) {
	set := ruletest.NewEventSet(regressionEvents(t, shareddata.Dir(t, "sigma-regression")))
	c := azureMonitorChecker(t)
	n := differentialCounts{engineErrors: map[string]int{}}
	start := time.Now()
	for _, rule := range corpusRules(t) {
		n.add(t, c.Prepare(rule), set)
	}
	elapsed := time.Since(start)
	t.Logf("%d rules (%d converted) x %d events = %d pairs: %d routed (kql matched %d, interpreter %d), %d of another logsource in the rule's table, %d of another table; %v",
		n.rules, n.converted, len(set.Events), n.pairs, n.routed, n.kqlMatches, n.interpMatches, n.otherLogsource, n.otherTable, elapsed.Round(time.Millisecond))
	for _, u := range n.unchecked {
		t.Logf("not checked: %s", u)
	}
	var bugs bugTracker
	for reason, count := range n.engineErrors {
		if failure := fmt.Sprintf("local engine failed on %d rules: %s", count, reason); !bugs.explain(t, failure) {
			t.Error(failure)
		}
	}
	for _, d := range n.disagreements {
		if !bugs.explain(t, d) {
			t.Error(d)
		}
	}
	bugs.checkFixed(t, nil)
}

func (n *differentialCounts) add(t *testing.T, p *ruletest.Prepared, set *ruletest.EventSet) {
	n.rules++
	if len(p.Queries) > 0 && p.ConvertErr != nil {
		n.unchecked = append(n.unchecked, p.Rule.Pos.File+": "+firstLine(p.ConvertErr.Error()))
	}
	if p.Converted() && p.MatchErr != nil {
		n.unchecked = append(n.unchecked, p.Rule.Pos.File+": the interpreter cannot run it: "+firstLine(p.MatchErr.Error()))
	}
	if !p.Converted() || p.MatchErr != nil {
		return
	}
	n.converted++
	verdicts, err := p.Check(set)
	if err != nil {
		n.engineErrors[firstLine(err.Error())+" (e.g. "+p.Rule.Pos.File+")"]++
		return
	}
	for i, v := range verdicts {
		n.pairs++
		switch v.Route {
		case passes.OtherTable:
			n.otherTable++
			continue
		case passes.Unrepresentable:
			n.unrepresentable++
			continue
		case passes.OtherLogsource:
			n.otherLogsource++
			if v.KQL {
				n.unroutedKQLMatches++
				n.disagreements = append(n.disagreements, "matched another logsource's event: "+describeDisagreement(p, set.Events[i], v))
			}
			continue
		}
		n.routed++
		n.kqlMatches += btoi(v.KQL)
		n.interpMatches += btoi(v.Interpreter)
		if v.KQL != v.Interpreter {
			n.disagreements = append(n.disagreements, describeDisagreement(p, set.Events[i], v))
		}
	}
}

// merge adds the counts of another run.
func (n *differentialCounts) merge(o differentialCounts) {
	n.rules += o.rules
	n.converted += o.converted
	n.pairs += o.pairs
	n.routed += o.routed
	n.otherTable += o.otherTable
	n.otherLogsource += o.otherLogsource
	n.unrepresentable += o.unrepresentable
	n.kqlMatches += o.kqlMatches
	n.interpMatches += o.interpMatches
	n.unroutedKQLMatches += o.unroutedKQLMatches
	n.disagreements = append(n.disagreements, o.disagreements...)
	n.unstorable = append(n.unstorable, o.unstorable...)
	n.unchecked = append(n.unchecked, o.unchecked...)
	for k, v := range o.engineErrors {
		n.engineErrors[k] += v
	}
}

func itoa(n int) string { return fmt.Sprint(n) }

func describeDisagreement(p *ruletest.Prepared, ev *events.Event, v ruletest.Verdict) string {
	return p.Rule.Pos.File + " (" + p.Rule.Title + ") on " + ev.Pos.String() + ": kql " + verdictWord(v.KQL) + ", interpreter " + verdictWord(v.Interpreter) + "\n" + strings.Join(p.Queries, "\n")
}

func verdictWord(b bool) string {
	if b {
		return "matched"
	}
	return "did not match"
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// regressionEvents reads every event file under dir.
func regressionEvents(t testing.TB, dir string) []*events.Event {
	t.Helper()
	var evs []*events.Event
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		got, diags := events.ReadFile(path, events.DefaultLimits)
		if diags.HasErrors() {
			t.Errorf("%v", diags)
		}
		evs = append(evs, got...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// corpusRules parses every rule of the SigmaHQ corpus, in path order.
func corpusRules(t testing.TB) []*ir.Rule {
	t.Helper()
	files := slices.Clone(shareddata.SigmaRules(t))
	slices.SortFunc(files, func(a, b shareddata.RuleFile) int { return strings.Compare(a.Path, b.Path) })
	var rules []*ir.Rule
	for _, f := range files {
		file, _ := parser.ParseFile(f.Path, f.Src)
		if file == nil {
			continue
		}
		for _, doc := range file.Docs {
			if r, ok := doc.(*ir.Rule); ok {
				rules = append(rules, r)
			}
		}
	}
	return rules
}
