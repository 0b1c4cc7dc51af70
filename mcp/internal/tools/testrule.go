package tools

import (
	"context"
	"fmt"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

// TestInput is a rule, sample events and what each should do.
type TestInput struct {
	RuleSource
	Events       []SampleEvent       `json:"events" jsonschema:"sample events as JSON objects: Sigma field names as keys (e.g. {\"Image\": \"C:\\\\Windows\\\\System32\\\\whoami.exe\"}) or a Windows event log rendering {\"Event\": {\"System\": ..., \"EventData\": ...}}"`
	Expect       []bool              `json:"expect,omitempty" jsonschema:"whether each event should match, in the order of events"`
	Pipeline     string              `json:"pipeline,omitempty" jsonschema:"pipeline used to compile the KQL shown beside the verdicts (default azure_monitor)"`
	Placeholders map[string][]string `json:"placeholders,omitempty" jsonschema:"values for %name% placeholders of |expand modifiers"`
}

// EventVerdict is what the rule decided about one event.
type EventVerdict struct {
	Index       int             `json:"index" jsonschema:"0-based position in events"`
	Interpreter bool            `json:"interpreter" jsonschema:"the direct Sigma interpreter's verdict"`
	Expected    *bool           `json:"expected,omitempty"`
	Pass        bool            `json:"pass" jsonschema:"the verdict equals the expectation (true when none was given)"`
	Searches    map[string]bool `json:"searches" jsonschema:"verdict of each search identifier, to see why"`
}

// TestOutput is the verdict per event and the KQL the rule compiles to.
type TestOutput struct {
	Title   string         `json:"title"`
	Passed  bool           `json:"passed" jsonschema:"every event met its expectation"`
	Engines []string       `json:"engines" jsonschema:"the engines that produced verdicts"`
	Table   string         `json:"table" jsonschema:"the table the compiled KQL reads; empty when the rule does not convert"`
	Queries []string       `json:"queries" jsonschema:"the compiled KQL for reference"`
	Results []EventVerdict `json:"results"`
	// Diagnostics explain a rule that did not convert, or warnings of the
	// conversion; the interpreter's verdicts stand either way.
	Diagnostics []Diagnostic `json:"diagnostics"`
}

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
	return ConvertInput{RuleSource: in.RuleSource, Pipeline: in.Pipeline, Placeholders: in.Placeholders}.Check()
}

// Summary gives the verdict line per event.
func (out TestOutput) Summary() string {
	verdict := "PASS"
	if !out.Passed {
		verdict = "FAIL"
	}
	lines := []string{fmt.Sprintf("%s %s (%s)", verdict, out.Title, strings.Join(out.Engines, ", "))}
	for _, r := range out.Results {
		line := fmt.Sprintf("event %d: match=%v", r.Index, r.Interpreter)
		if r.Expected != nil {
			line += fmt.Sprintf(" expected=%v", *r.Expected)
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
		Description: "Runs a Sigma rule over inline sample events with the direct Sigma interpreter and reports " +
			"the verdict per event (and per search identifier), checked against optional expectations; " +
			"it also returns the KQL the rule compiles to. At most 1,000 events per call.",
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
	m, err := match.Compile(rule, match.Options{Placeholders: in.Placeholders})
	if err != nil {
		return TestOutput{}, matchError(err)
	}
	out := TestOutput{Title: rule.Title, Passed: true, Engines: []string{"interpreter"}, Queries: []string{}, Diagnostics: []Diagnostic{}}
	for i, raw := range in.Events {
		v := verdict(m, i, events.New(raw), in.Expect)
		out.Passed = out.Passed && v.Pass
		out.Results = append(out.Results, v)
	}
	compileForReference(&out, env, in, file.Name, rule)
	return out, nil
}

func verdict(m *match.Matcher, i int, ev *events.Event, expect []bool) EventVerdict {
	r := m.Explain(ev)
	v := EventVerdict{Index: i, Interpreter: r.Matched, Pass: true, Searches: r.Searches}
	if v.Searches == nil {
		v.Searches = map[string]bool{}
	}
	if i < len(expect) {
		v.Expected = &expect[i]
		v.Pass = expect[i] == r.Matched
	}
	return v
}

// compileForReference adds the rule's KQL to out; a rule that does not convert
// keeps its interpreter verdicts and gets the reasons as diagnostics.
func compileForReference(out *TestOutput, env *Env, in TestInput, file string, rule *ir.Rule) {
	conv, err := convertRule(context.Background(), env, ConvertInput{RuleSource: in.RuleSource, Pipeline: in.Pipeline, Placeholders: in.Placeholders})
	if len(conv.Rules) > 0 {
		out.Table, out.Queries, out.Diagnostics = conv.Rules[0].Table, conv.Rules[0].Queries, conv.Rules[0].Diagnostics
		return
	}
	if e := toolkit.AsError(err); e != nil {
		out.Diagnostics = diagnostics(diag.List(e.Diagnostics).WithFile(file))
		if len(out.Diagnostics) == 0 {
			out.Diagnostics = diagnostics(diag.List{diag.Errorf(rule.Pos, "not-converted", "%s", e.Message)})
		}
	}
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
