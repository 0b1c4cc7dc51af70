package tools

import (
	"context"
	"fmt"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/ruletest"
)

// TestInput is a rule, sample events and what each should do.
type TestInput struct {
	RuleSource
	Events       []SampleEvent       `json:"events" jsonschema:"sample events as JSON objects: Sigma field names as keys (e.g. {\"Image\": \"C:\\\\Windows\\\\System32\\\\whoami.exe\"}) or a Windows event log rendering {\"Event\": {\"System\": ..., \"EventData\": ...}}"`
	Expect       []bool              `json:"expect,omitempty" jsonschema:"whether each event should match, in the order of events"`
	Pipeline     string              `json:"pipeline,omitempty" jsonschema:"pipeline that compiles the KQL and maps events onto rows (default azure_monitor)"`
	TargetTable  string              `json:"target_table,omitempty" jsonschema:"read this table instead of the one the pipeline chooses"`
	Placeholders map[string][]string `json:"placeholders,omitempty" jsonschema:"values for %name% placeholders of |expand modifiers"`
	Settings     map[string]string   `json:"settings,omitempty" jsonschema:"pipeline options by name, as for convert_sigma_to_kql"`
}

// EventVerdict is what each side decided about one event.
type EventVerdict struct {
	Index       int             `json:"index" jsonschema:"0-based position in events"`
	Interpreter bool            `json:"interpreter" jsonschema:"the direct Sigma interpreter's verdict on the raw event"`
	KQL         *bool           `json:"kql,omitempty" jsonschema:"whether the compiled KQL, run on the local engine, returned the event's row; absent when the rule has no KQL the engine runs"`
	Routed      *bool           `json:"routed,omitempty" jsonschema:"whether the pipeline stores the event in the rule's table with the logsource's conditions (a Sysmon record in WindowsEvent, say); the KQL never sees an unrouted event"`
	Agree       bool            `json:"agree" jsonschema:"the two sides agree on a routed event (always true when only the interpreter ran)"`
	Expected    *bool           `json:"expected,omitempty"`
	Pass        bool            `json:"pass" jsonschema:"both sides meet the expectation, or agree when none was given"`
	Searches    map[string]bool `json:"searches" jsonschema:"the interpreter's verdict on each search identifier, to see why"`
}

// TestOutput is the verdict per event on both sides and the KQL that was run.
type TestOutput struct {
	Title   string         `json:"title"`
	Passed  bool           `json:"passed" jsonschema:"every event passed"`
	Engines []string       `json:"engines" jsonschema:"the sides that produced verdicts: interpreter, and kql when the compiled query ran on the local engine"`
	Table   string         `json:"table" jsonschema:"the table the compiled KQL reads"`
	Queries []string       `json:"queries" jsonschema:"the compiled KQL"`
	Results []EventVerdict `json:"results"`
	// Diagnostics are the conversion's findings and, when the KQL side could not
	// run, why; the interpreter's verdicts stand either way.
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// engineTimeout bounds one run of the compiled query on the local engine.
const engineTimeout = 5 * time.Second

// maxEventDepth bounds the nesting of a sample event.
const maxEventDepth = 64

// Check enforces the source rules, the event limit and the shape of expect.
func (in TestInput) Check() error {
	if err := in.RuleSource.check(); err != nil {
		return err
	}
	if err := toolkit.CheckCount("events", len(in.Events), toolkit.MaxEvents); err != nil {
		return err
	}
	if len(in.Events) == 0 {
		return toolkit.Errorf(toolkit.InvalidInput, "give at least one event")
	}
	if len(in.Expect) > 0 && len(in.Expect) != len(in.Events) {
		return toolkit.Errorf(toolkit.InvalidInput, "expect has %d entries for %d events", len(in.Expect), len(in.Events))
	}
	for i, ev := range in.Events {
		if depth(map[string]any(ev)) > maxEventDepth+1 {
			return toolkit.Errorf(toolkit.LimitExceeded, "event %d is nested deeper than %d levels", i, maxEventDepth)
		}
	}
	return in.conversion().Check()
}

// conversion is the convert_sigma_to_kql call that compiles the same KQL.
func (in TestInput) conversion() ConvertInput {
	return ConvertInput{RuleSource: in.RuleSource, Pipeline: in.Pipeline, TargetTable: in.TargetTable,
		Placeholders: in.Placeholders, Settings: in.Settings}
}

// Summary gives the verdict line per event.
func (out TestOutput) Summary() string {
	verdict := "PASS"
	if !out.Passed {
		verdict = "FAIL"
	}
	lines := []string{fmt.Sprintf("%s %s (%s)", verdict, out.Title, strings.Join(out.Engines, ", "))}
	for _, r := range out.Results {
		line := fmt.Sprintf("event %d: interpreter=%v", r.Index, r.Interpreter)
		if r.KQL != nil {
			line += fmt.Sprintf(" kql=%v", *r.KQL)
			if !*r.Routed {
				line += " (not routed to " + out.Table + ")"
			}
		}
		if r.Expected != nil {
			line += fmt.Sprintf(" expected=%v", *r.Expected)
		}
		if !r.Agree {
			line += " DISAGREE"
		}
		if !r.Pass {
			line += " FAIL"
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

func init() {
	register(&sdk.Tool{
		Name:  "test_sigma_rule",
		Title: "Test a Sigma rule on sample events",
		Description: "Checks a Sigma rule against inline sample events two independent ways: the compiled KQL on " +
			"sigmakql's local Kusto engine (over rows built by the pipeline's own field mapping) and the direct " +
			"Sigma interpreter. Returns both verdicts per event, whether they agree, the verdict of each search, " +
			"and whether each event met its expectation. At most 1,000 events per call.",
	}, testRule)
}

func testRule(_ context.Context, env *Env, in TestInput) (TestOutput, error) {
	file, _, err := parseRule(env, in.RuleSource)
	if err != nil {
		return TestOutput{}, err
	}
	rule, err := singleRule(file)
	if err != nil {
		return TestOutput{}, err
	}
	pipe, _, err := lookupPipeline(in.Pipeline)
	if err != nil {
		return TestOutput{}, err
	}
	if in.TargetTable != "" {
		if _, ok := env.Schema.Table(in.TargetTable); !ok {
			return TestOutput{}, unknownTable(env.Schema, in.TargetTable)
		}
	}
	opts := passes.Options{Placeholders: in.Placeholders, TargetTable: in.TargetTable, Settings: in.Settings, Schema: env.Schema}
	checker := ruletest.Checker{Pipeline: pipe, Options: opts, Timeout: engineTimeout}
	prepared := checker.Prepare(rule)
	if prepared.MatchErr != nil {
		return TestOutput{}, matchError(prepared.MatchErr)
	}
	explainer, err := match.Compile(rule, match.Options{Placeholders: in.Placeholders, EmptyIsNull: true})
	if err != nil {
		return TestOutput{}, matchError(err)
	}
	evs := make([]*events.Event, len(in.Events))
	for i, raw := range in.Events {
		evs[i] = events.New(raw)
	}
	verdicts, engineErr := prepared.Check(ruletest.NewEventSet(evs))
	out := newTestOutput(rule, prepared, file.Name)
	kqlRan := prepared.Converted() && engineErr == nil
	if kqlRan {
		out.Engines = append(out.Engines, "kql")
	} else if engineErr != nil {
		out.Diagnostics = append(out.Diagnostics, diagnostics(diag.List{diag.Warnf(rule.Pos, "local-engine-failed", "%v", engineErr)})...)
	}
	for i, v := range verdicts {
		r := eventVerdict(i, v, kqlRan, in.Expect, explainer.Explain(evs[i]).Searches)
		out.Passed = out.Passed && r.Pass
		out.Results = append(out.Results, r)
	}
	return out, nil
}

// newTestOutput fills in the rule's conversion: table, queries and findings,
// including why the KQL side cannot run when it cannot.
func newTestOutput(rule *ir.Rule, p *ruletest.Prepared, file string) TestOutput {
	ds := p.Diagnostics.WithFile(file)
	if p.ConvertErr != nil && !ds.HasErrors() {
		if d, ok := p.ConvertErr.(diag.Diagnostic); ok {
			ds.Add(d)
		} else {
			ds.Errorf(rule.Pos, "local-engine-unsupported", "%v", p.ConvertErr)
		}
	}
	queries := p.Queries
	if queries == nil {
		queries = []string{}
	}
	return TestOutput{Title: rule.Title, Passed: true, Engines: []string{"interpreter"}, Table: p.Table,
		Queries: queries, Results: []EventVerdict{}, Diagnostics: diagnostics(ds.WithFile(file))}
}

// eventVerdict judges one event: the sides must agree on a routed event, and
// both must meet the expectation when one is given (an unrouted event never
// reaches the query, so expecting it to match fails the KQL side).
func eventVerdict(i int, v ruletest.Verdict, kqlRan bool, expect []bool, searches map[string]bool) EventVerdict {
	r := EventVerdict{Index: i, Interpreter: v.Interpreter, Agree: true, Searches: searches}
	if r.Searches == nil {
		r.Searches = map[string]bool{}
	}
	if kqlRan {
		kql, routed := v.KQL, v.Routed()
		r.KQL, r.Routed = &kql, &routed
		r.Agree = !routed || kql == v.Interpreter
	}
	r.Pass = r.Agree
	if i < len(expect) {
		r.Expected = &expect[i]
		r.Pass = v.Interpreter == expect[i] && (r.KQL == nil || *r.KQL == expect[i])
	}
	return r
}

// singleRule returns the one rule a test runs, or invalid_input.
func singleRule(file *ir.File) (*ir.Rule, error) {
	if len(file.Docs) != 1 {
		return nil, toolkit.Errorf(toolkit.InvalidInput, "test_sigma_rule takes one rule; the YAML holds %d documents", len(file.Docs))
	}
	rule, ok := file.Docs[0].(*ir.Rule)
	if !ok {
		return nil, toolkit.Errorf(toolkit.InvalidInput, "test_sigma_rule takes a detection rule, not a %s", documentKind(file.Docs[0]))
	}
	return rule, nil
}

// matchError turns a rule the interpreter cannot compile into unsupported_rule
// with its diagnostics.
func matchError(err error) error {
	var ds diag.List
	switch e := err.(type) {
	case diag.List:
		ds = e
	case diag.Diagnostic:
		ds = diag.List{e}
	}
	return toolkit.WithDiagnostics(toolkit.UnsupportedRule, "the interpreter cannot run this rule: "+firstLine(err.Error()), ds)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// depth returns the nesting depth of a JSON-shaped value.
func depth(v any) int {
	switch x := v.(type) {
	case map[string]any:
		d := 0
		for _, e := range x {
			d = max(d, depth(e))
		}
		return d + 1
	case []any:
		d := 0
		for _, e := range x {
			d = max(d, depth(e))
		}
		return d + 1
	}
	return 0
}
