package ruletest_test

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/ruletest"
)

// Bounds of the witness differential, so it runs in well under a minute on 2
// cores: rules are checked in chunks, each against its own witnesses and an
// even sample of the other rules' witnesses of the same target.
const (
	witnessChunk    = 200
	witnessEventCap = 1000
)

// witnessSettings are the pipeline option sets the witness differential runs
// under: the default, then each choice that reads some logsource from another
// table (a rule is checked again only when it reads another target).
var witnessSettings = []map[string]string{
	{},
	{"process_creation": "security"},
	{"process_creation": "defender", "endpoint": "defender"},
	{"security": "WindowsEvent"},
}

// TestConformanceDifferentialWitnesses strengthens the differential test: the
// regression events match few rules, so here every converted SigmaHQ rule is
// checked against events synthesized from the detection values of the rules
// reading the same table and target (see witnesses), under each option set of
// witnessSettings. The compiled KQL on the local engine and the interpreter must
// agree on every pair where the event can exist in the table.
func TestConformanceDifferentialWitnesses(t *testing.T) {
	if testing.Short() {
		t.Skip("the witness differential takes tens of seconds")
	}
	rules := corpusRules(t)
	checked := map[string]bool{}
	start := time.Now()
	total := differentialCounts{engineErrors: map[string]int{}}
	for _, settings := range witnessSettings {
		c := azureMonitorChecker(t)
		c.Timeout = 2 * time.Minute // a loaded machine is not a wrong answer
		c.Options.Settings = settings
		groups := newWitnessGroups(c, rules, checked)
		n := runWitnessChunks(t, witnessJobs(groups))
		t.Logf("options %v: %d targets, %d rules read a new target, %d pairs: %d routed (kql matched %d, interpreter %d), %d unrepresentable in the table",
			settings, len(groups), n.converted, n.pairs, n.routed, n.kqlMatches, n.interpMatches, n.unrepresentable)
		total.merge(n)
	}
	t.Logf("%d pairs in all; %v", total.pairs, time.Since(start).Round(time.Millisecond))
	reportWitnessRun(t, total)
}

// newWitnessGroups prepares the rules under c's options and groups by target
// those that convert to a target they were not already checked with.
func newWitnessGroups(c *ruletest.Checker, rules []*ir.Rule, checked map[string]bool) map[string][]*ruletest.Prepared {
	groups := map[string][]*ruletest.Prepared{}
	for _, r := range rules {
		p := c.Prepare(r)
		seen := r.Pos.File + "\x00" + r.ID + "\x00" + p.RowsKey()
		if p.Converted() && p.MatchErr == nil && !checked[seen] {
			checked[seen] = true
			groups[p.RowsKey()] = append(groups[p.RowsKey()], p)
		}
	}
	return groups
}

func reportWitnessRun(t *testing.T, n differentialCounts) {
	t.Helper()
	sort.Strings(n.unstorable)
	for _, u := range compact(n.unstorable) {
		t.Logf("pipeline: %s", u)
	}
	sort.Strings(n.unchecked)
	for _, u := range compact(n.unchecked) {
		t.Logf("not checked: %s", u)
	}
	var bugs bugTracker
	for reason, count := range n.engineErrors {
		if failure := "local engine failed on " + itoa(count) + " rules: " + reason; !bugs.explain(t, failure) {
			t.Error(failure)
		}
	}
	for _, d := range n.disagreements {
		if !bugs.explain(t, d) {
			t.Error(d)
		}
	}
	bugs.checkFixed(t, knownBugRules()) // the witnesses cover every rule of the corpus
}

// compact drops adjacent duplicates of a sorted list.
func compact(list []string) []string {
	var out []string
	for i, s := range list {
		if i == 0 || s != list[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// witnessJob is a chunk of rules and the events they are checked against; the
// first events are the rules' own witnesses, own[i] of them for rules[i].
type witnessJob struct {
	rules  []*ruletest.Prepared
	own    []int
	events []*events.Event
}

func witnessJobs(groups map[string][]*ruletest.Prepared) []witnessJob {
	var jobs []witnessJob
	for _, key := range sortedGroupKeys(groups) {
		group := groups[key]
		own := make([][]*events.Event, len(group))
		var all []*events.Event
		for i, p := range group {
			own[i] = witnesses(p)
			all = append(all, own[i]...)
		}
		for lo := 0; lo < len(group); lo += witnessChunk {
			hi := min(lo+witnessChunk, len(group))
			var evs []*events.Event
			var counts []int
			for i := lo; i < hi; i++ {
				evs = append(evs, own[i]...)
				counts = append(counts, len(own[i]))
			}
			jobs = append(jobs, witnessJob{rules: group[lo:hi], own: counts, events: append(evs, sample(all, witnessEventCap-len(evs))...)})
		}
	}
	return jobs
}

// sample returns up to n events spread evenly over evs.
func sample(evs []*events.Event, n int) []*events.Event {
	if n <= 0 {
		return nil
	}
	if len(evs) <= n {
		return evs
	}
	out := make([]*events.Event, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, evs[i*len(evs)/n])
	}
	return out
}

// runWitnessChunks checks the jobs on every CPU; each job has its own EventSet.
func runWitnessChunks(t *testing.T, jobs []witnessJob) differentialCounts {
	var mu sync.Mutex
	total := differentialCounts{engineErrors: map[string]int{}}
	work := make(chan witnessJob)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range work {
				n := differentialCounts{engineErrors: map[string]int{}}
				set := ruletest.NewEventSet(job.events)
				first := 0
				for i, p := range job.rules {
					n.add(t, p, set)
					n.unstorable = append(n.unstorable, unstorable(p, set, first, first+job.own[i])...)
					first += job.own[i]
				}
				mu.Lock()
				total.merge(n)
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	return total
}

// unstorable reports a rule whose own witness the interpreter matches but
// which the rule's table cannot hold: the pipeline reads two of the rule's
// fields from one column, or a value from a column of another type, so the
// query may never fire. These are pipeline findings, logged for review.
func unstorable(p *ruletest.Prepared, set *ruletest.EventSet, lo, hi int) []string {
	verdicts, err := p.Check(set)
	if err != nil {
		return nil
	}
	for i := lo; i < hi && i < len(verdicts); i++ {
		if v := verdicts[i]; v.Route == passes.Unrepresentable && v.Interpreter {
			return []string{p.Rule.Pos.File + ": its own witness needs " + strings.Join(p.Lost(set.Events[i]), ", ") + " in table " + p.Table}
		}
	}
	return nil
}

func sortedGroupKeys(m map[string][]*ruletest.Prepared) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
