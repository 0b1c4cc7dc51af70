package kql

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/internal/oracle"
	"github.com/sigmakql/sigmakql/ir"
	kqlang "github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/passes"
)

// sampleEvent is one row of table T: a second offset, the value of F (which
// decides the rule it matches: "a", "b" or none), Computer and SentBytes.
type sampleEvent struct {
	sec   int64
	f     string
	host  string
	bytes int64
}

// ruleOn is rule ref on table T matching F =~ ref, reading Host and Bytes.
func ruleOn(ref string) CorrelatedRule {
	match := &ir.FieldMatch{Field: "F", Values: []ir.Value{ir.NewString(ir.Pos{}, ir.Part{Text: ref})}}
	rule := &ir.Rule{Detection: ir.Detection{
		Searches:   []*ir.Search{{Name: "sel", Alternatives: []*ir.Group{{Matches: []*ir.FieldMatch{match}}}}},
		Conditions: []*ir.Condition{{Expr: &ir.Ident{Name: "sel"}}},
	}}
	return CorrelatedRule{Ref: ref, Plan: &passes.Plan{Rule: rule, Table: "T", Columns: map[string]passes.Column{
		"F":     {Name: "F", Type: "string"},
		"Host":  {Name: "Computer", Type: "string"},
		"Bytes": {Name: "SentBytes", Type: "long"},
	}}}
}

func ops(pairs ...any) []ir.Comparison {
	var out []ir.Comparison
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, ir.Comparison{Op: pairs[i].(ir.CompareOp), Value: ir.Number{IsInt: true, Int: int64(pairs[i+1].(int))}})
	}
	return out
}

// corr is a correlation over rules grouped by Host (none when host is false)
// with a timespan in seconds.
func corr(typ ir.CorrelationType, rules string, seconds int64, host bool, field string, cmp []ir.Comparison) *ir.Correlation {
	c := &ir.Correlation{Type: typ, Timespan: ir.Duration{Text: fmt.Sprintf("%ds", seconds), Seconds: seconds}}
	for _, r := range strings.Split(rules, ",") {
		c.Rules = append(c.Rules, ir.RuleRef{Ref: r})
	}
	if host {
		c.GroupBy = []string{"Host"}
	}
	if field != "" || cmp != nil {
		c.Condition = &ir.CorrelationCondition{Field: field, Ops: cmp}
	}
	return c
}

// evalCorrelations are the correlations the engine runs against the
// reference reading: every type the local engine can aggregate, every kind of
// comparison, ordered sequences with a repeated rule, and no group-by.
func evalCorrelations() map[string]*ir.Correlation {
	return map[string]*ir.Correlation{
		"event_count gte":      corr(ir.EventCount, "a,b", 60, true, "", ops(ir.OpGTE, 3)),
		"event_count gt":       corr(ir.EventCount, "a", 60, true, "", ops(ir.OpGT, 1)),
		"event_count lt":       corr(ir.EventCount, "a,b", 60, true, "", ops(ir.OpLT, 2)),
		"event_count lte":      corr(ir.EventCount, "a,b", 60, true, "", ops(ir.OpLTE, 2)),
		"event_count eq":       corr(ir.EventCount, "a", 60, true, "", ops(ir.OpEQ, 2)),
		"event_count range":    corr(ir.EventCount, "a,b", 60, true, "", ops(ir.OpGT, 1, ir.OpLTE, 3)),
		"event_count no group": corr(ir.EventCount, "a", 30, false, "", ops(ir.OpGTE, 3)),
		"value_count gte":      corr(ir.ValueCount, "a,b", 60, true, "Bytes", ops(ir.OpGTE, 3)),
		"value_count lt":       corr(ir.ValueCount, "a", 60, true, "Bytes", ops(ir.OpLT, 2)),
		"temporal":             corr(ir.Temporal, "a,b", 60, true, "", nil),
		"temporal lt":          corr(ir.Temporal, "a,b", 60, true, "", ops(ir.OpLT, 2)),
		"temporal aba":         corr(ir.Temporal, "a,b,a", 60, true, "", nil),
		"temporal_ordered":     corr(ir.TemporalOrdered, "a,b", 60, true, "", nil),
		"temporal_ordered aba": corr(ir.TemporalOrdered, "a,b,a", 60, true, "", nil),
		"temporal_ordered aa":  corr(ir.TemporalOrdered, "a,a", 30, false, "", ops(ir.OpEQ, 2)),
		"value_sum gte":        corr(ir.ValueSum, "a,b", 60, true, "Bytes", ops(ir.OpGTE, 12)),
		"value_sum lt":         corr(ir.ValueSum, "a", 60, true, "Bytes", ops(ir.OpLT, 0)),
		"value_avg gte":        corr(ir.ValueAvg, "a,b", 60, true, "Bytes", ops(ir.OpGTE, 6)),
		"value_avg lte":        corr(ir.ValueAvg, "a", 60, true, "Bytes", ops(ir.OpLTE, -2)),
	}
}

// TestCorrelationWindowsMatchReference runs the emitted sliding-window query
// of each correlation on the local engine over random event sequences and
// compares the groups it reports with referenceGroups, a direct reading of
// Sigma's meaning that slides the window over every position.
func TestCorrelationWindowsMatchReference(t *testing.T) {
	rules := []CorrelatedRule{ruleOn("a"), ruleOn("b")}
	rng := rand.New(rand.NewSource(1))
	var sequences [][]sampleEvent
	for i := 0; i < 150; i++ {
		sequences = append(sequences, randomEvents(rng))
	}
	for name, c := range evalCorrelations() {
		t.Run(name, func(t *testing.T) {
			prog := compileCorrelation(t, c, rules, Options{})
			fired := 0
			for i, events := range sequences {
				want := referenceGroups(c, events)
				got := engineGroups(t, prog, c, events)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("sequence %d %v: groups (-reference +engine):\n%s", i, events, diff)
				}
				if len(want) > 0 {
					fired++
				}
			}
			if fired == 0 || fired == len(sequences) {
				t.Errorf("the correlation fired on %d of %d sequences; the comparison proves little", fired, len(sequences))
			}
		})
	}
}

// TestCorrelationQueriesPassOracle has Kusto.Language check the queries the
// engine runs above, in both forms, against table T's schema.
func TestCorrelationQueriesPassOracle(t *testing.T) {
	rules := []CorrelatedRule{ruleOn("a"), ruleOn("b")}
	var queries []oracle.Query
	for name, c := range evalCorrelations() {
		for form, opts := range map[string]Options{"windows": {}, "bins": {Correlation: FixedBins}} {
			q, diags := ConvertCorrelation(c, rules, opts)
			if diags.HasErrors() {
				t.Fatalf("%s %s: %v", name, form, diags)
			}
			queries = append(queries, oracle.Query{ID: name + " " + form, Query: q})
		}
	}
	requireOracleAccepts(t, queries, json.RawMessage(`{"database":"db","tables":{"T":[["TimeGenerated","datetime"],["F","string"],["Computer","string"],["SentBytes","long"]]}}`))
}

// TestCorrelationWindowsStraddleBins pins the case fixed bins miss: matches
// that straddle a bin boundary are within the timespan of each other, so the
// sliding form reports them and the bins do not.
func TestCorrelationWindowsStraddleBins(t *testing.T) {
	rules := []CorrelatedRule{ruleOn("a"), ruleOn("b")}
	tests := []struct {
		name   string
		c      *ir.Correlation
		events []sampleEvent
		bins   []string
	}{
		{"event_count", corr(ir.EventCount, "a", 600, true, "", ops(ir.OpGTE, 2)),
			[]sampleEvent{{sec: 595, f: "a", host: "h1"}, {sec: 605, f: "a", host: "h1"}}, nil},
		{"temporal", corr(ir.Temporal, "a,b", 600, true, "", nil),
			[]sampleEvent{{sec: 1190, f: "b", host: "h1"}, {sec: 1210, f: "a", host: "h1"}}, nil},
		{"in one bin", corr(ir.EventCount, "a", 600, true, "", ops(ir.OpGTE, 2)),
			[]sampleEvent{{sec: 601, f: "a", host: "h1"}, {sec: 1199, f: "a", host: "h1"}}, []string{"h1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff([]string{"h1"}, engineGroups(t, compileCorrelation(t, tt.c, rules, Options{}), tt.c, tt.events)); diff != "" {
				t.Errorf("sliding windows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.bins, engineGroups(t, compileCorrelation(t, tt.c, rules, Options{Correlation: FixedBins}), tt.c, tt.events)); diff != "" {
				t.Errorf("fixed bins (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTemporalOrderedSequences pins the order cases by hand.
func TestTemporalOrderedSequences(t *testing.T) {
	rules := []CorrelatedRule{ruleOn("a"), ruleOn("b")}
	c := corr(ir.TemporalOrdered, "a,b", 60, true, "", nil)
	prog := compileCorrelation(t, c, rules, Options{})
	tests := []struct {
		name   string
		events []sampleEvent
		want   []string
	}{
		{"in order", []sampleEvent{{sec: 0, f: "a", host: "h"}, {sec: 60, f: "b", host: "h"}}, []string{"h"}},
		{"reversed", []sampleEvent{{sec: 0, f: "b", host: "h"}, {sec: 30, f: "a", host: "h"}}, nil},
		{"same time", []sampleEvent{{sec: 5, f: "a", host: "h"}, {sec: 5, f: "b", host: "h"}}, nil},
		{"too far apart", []sampleEvent{{sec: 0, f: "a", host: "h"}, {sec: 61, f: "b", host: "h"}}, nil},
		{"later first match", []sampleEvent{{sec: 0, f: "a", host: "h"}, {sec: 50, f: "a", host: "h"}, {sec: 100, f: "b", host: "h"}}, []string{"h"}},
		{"other group", []sampleEvent{{sec: 0, f: "a", host: "h"}, {sec: 10, f: "b", host: "g"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, engineGroups(t, prog, c, tt.events)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func randomEvents(rng *rand.Rand) []sampleEvent {
	n := rng.Intn(9)
	events := make([]sampleEvent, n)
	for i := range events {
		events[i] = sampleEvent{
			sec:   int64(rng.Intn(240)),
			f:     []string{"a", "a", "b", "z"}[rng.Intn(4)],
			host:  []string{"h1", "h2"}[rng.Intn(2)],
			bytes: int64(rng.Intn(13) - 4),
		}
		if rng.Intn(4) == 0 && i > 0 { // ties and exact timespan distances
			events[i].sec = events[i-1].sec + []int64{0, 30, 60}[rng.Intn(3)]
		}
	}
	return events
}

// compileCorrelation converts c and compiles its query for the local engine.
func compileCorrelation(t testing.TB, c *ir.Correlation, rules []CorrelatedRule, opts Options) *eval.Program {
	t.Helper()
	src, diags := ConvertCorrelation(c, rules, opts)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	q, pd := kqlang.Parse(src)
	if pd.HasErrors() {
		t.Fatalf("%v\n%s", pd, src)
	}
	prog, err := eval.Compile(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return prog
}

var sampleEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// engineGroups runs prog over events and returns the sorted distinct Host
// values of its rows ("" for every row when c groups by nothing).
func engineGroups(t testing.TB, prog *eval.Program, c *ir.Correlation, events []sampleEvent) []string {
	t.Helper()
	table := &eval.Table{Columns: []eval.Column{
		{Name: "TimeGenerated", Type: eval.TypeDatetime}, {Name: "F", Type: eval.TypeString},
		{Name: "Computer", Type: eval.TypeString}, {Name: "SentBytes", Type: eval.TypeLong},
	}}
	for _, e := range events {
		at := eval.TicksOf(sampleEpoch.Add(time.Duration(e.sec) * time.Second))
		table.Rows = append(table.Rows, []eval.Value{eval.Datetime(at), eval.String(e.f), eval.String(e.host), eval.Long(e.bytes)})
	}
	out, err := prog.Run(context.Background(), eval.Database{"T": table}, eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	col := out.ColumnIndex("Host")
	seen := map[string]bool{}
	for _, row := range out.Rows {
		if col < 0 {
			seen[""] = true
		} else {
			seen[row[col].S] = true
		}
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// BenchmarkCorrelationForms runs event_count (gte 5, 10 minutes, by host) in
// both forms on the local engine over 2,000 matches of 4 hosts spread over a
// day: the relative cost of exact windows against fixed bins.
func BenchmarkCorrelationForms(b *testing.B) {
	rules := []CorrelatedRule{ruleOn("a")}
	c := corr(ir.EventCount, "a", 600, true, "", ops(ir.OpGTE, 5))
	rng := rand.New(rand.NewSource(2))
	var events []sampleEvent
	for i := 0; i < 2000; i++ {
		events = append(events, sampleEvent{sec: int64(rng.Intn(86400)), f: "a", host: fmt.Sprintf("h%d", rng.Intn(4))})
	}
	for _, form := range []struct {
		name string
		opts Options
	}{{"windows", Options{}}, {"bins", Options{Correlation: FixedBins}}} {
		b.Run(form.name, func(b *testing.B) {
			prog := compileCorrelation(b, c, rules, form.opts)
			for i := 0; i < b.N; i++ {
				engineGroups(b, prog, c, events)
			}
		})
	}
}
