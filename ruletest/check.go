package ruletest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	kqlsyntax "github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/passes"
)

// Checker converts rules with one pipeline and checks them against events.
type Checker struct {
	// Pipeline converts the rules and maps events onto rows.
	Pipeline *passes.Pipeline
	// Options are the pipeline's options (settings, placeholders, schema).
	Options passes.Options
	// Timeout bounds one query run on the local engine; 0 means 10 seconds.
	Timeout time.Duration
	// Filters are Sigma meta filters: those that apply to a rule are AND-ed
	// onto it on both sides (passes.ApplyFilters before the pipeline, and the
	// interpreter's own filter reading), as convert applies them.
	Filters []*ir.Filter
}

// Prepared is one rule converted and compiled for both sides: its KQL programs
// for the local engine and its matcher for the direct interpreter. Either side
// may be missing, with the reason in its error.
type Prepared struct {
	Rule *ir.Rule
	// Table is the table the pipeline reads the rule from.
	Table string
	// Queries is the KQL the backend emits, one per condition.
	Queries []string
	// KeywordColumns are the columns the pipeline searches a keyword in; empty
	// means the whole row (KQL's *).
	KeywordColumns []passes.Column
	// Diagnostics are the pipeline's and the backend's findings.
	Diagnostics diag.List
	// ConvertErr is why the rule has no KQL (unsupported by the pipeline or the
	// backend, or the local engine cannot run it); nil when it converted.
	ConvertErr error
	// MatchErr is why the interpreter cannot run the rule.
	MatchErr error

	pipeline string
	rows     *passes.RowMapper
	programs []*eval.Program
	matcher  *match.Matcher
	timeout  time.Duration
}

// Verdict is one event's outcome for a rule.
type Verdict struct {
	// Route says whether the event belongs to the rule's logsource as the
	// pipeline defines it (its row is in the rule's table and satisfies the
	// conditions the pipeline adds); only then can the two sides be compared.
	// It is passes.Routed when the rule did not convert (no row was built).
	Route passes.Route
	// KQL says the compiled query returned the event's row.
	KQL bool
	// Interpreter says the direct interpreter matched the raw event.
	Interpreter bool
}

// Prepare converts rule and compiles both sides.
func (c *Checker) Prepare(rule *ir.Rule) *Prepared {
	p := &Prepared{Rule: rule, timeout: c.Timeout, pipeline: c.Pipeline.Name}
	if p.timeout == 0 {
		p.timeout = 10 * time.Second
	}
	p.matcher, p.MatchErr = match.Compile(rule, match.Options{Placeholders: c.Options.Placeholders, EmptyIsNull: true, Filters: c.Filters})
	filtered, filterDiags := passes.ApplyFilters(rule, c.Filters)
	plan := c.Pipeline.Apply(filtered, c.Options)
	p.Table, p.KeywordColumns = plan.Table, plan.Keywords
	p.Queries, p.Diagnostics = kql.Convert(plan, kql.Options{})
	p.Diagnostics = append(filterDiags, p.Diagnostics...)
	if p.Diagnostics.HasErrors() {
		p.ConvertErr = firstError(p.Diagnostics)
		return p
	}
	p.rows, p.ConvertErr = c.Pipeline.Rows(filtered, c.Options)
	if p.ConvertErr == nil {
		p.ConvertErr = p.compile()
	}
	return p
}

func firstError(l diag.List) error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return errs[0]
}

// compile parses and compiles every query for the local engine.
func (p *Prepared) compile() error {
	for _, q := range p.Queries {
		parsed, diags := kqlsyntax.Parse(q)
		if diags.HasErrors() {
			return fmt.Errorf("the emitted KQL does not parse: %w", firstError(diags))
		}
		prog, err := eval.Compile(parsed)
		if err != nil {
			return fmt.Errorf("the local engine cannot run the query: %w", err)
		}
		p.programs = append(p.programs, prog)
	}
	return nil
}

// Routed reports whether the event belongs to the rule's logsource.
func (v Verdict) Routed() bool { return v.Route == passes.Routed }

// RowsKey names the table and pipeline target the rule reads (see
// passes.RowMapper.Key): rules with the same key read the same rows. It is ""
// when the rule did not convert.
func (p *Prepared) RowsKey() string {
	if p.rows == nil {
		return ""
	}
	return p.rows.Key()
}

// Lost lists the fields of a plain event that the rule's table cannot hold (see
// passes.RowMapper.Lost); nil when the rule did not convert.
func (p *Prepared) Lost(ev *events.Event) []string {
	if p.rows == nil {
		return nil
	}
	return p.rows.Lost(ev)
}

// Converted reports whether the rule has KQL the local engine runs.
func (p *Prepared) Converted() bool { return p.ConvertErr == nil }

// Check returns the verdicts for the events of set, in order. The KQL side is
// false for every event when the rule did not convert, and the interpreter side
// when it cannot run the rule. The error is a failure of the local engine.
func (p *Prepared) Check(set *EventSet) ([]Verdict, error) {
	out := make([]Verdict, len(set.Events))
	if p.matcher != nil {
		for i, ev := range set.prepared(p.rows) {
			out[i].Interpreter = p.matcher.Match(ev)
		}
	}
	if !p.Converted() {
		return out, nil
	}
	rt, err := set.rows(p.rows)
	if err != nil {
		return out, err
	}
	for i := range out {
		out[i].Route = rt.routes[i]
	}
	hits, err := p.run(rt)
	for i := range out {
		out[i].KQL = hits[i]
	}
	return out, err
}

// run executes every query over the rows and reports which rows any returns.
func (p *Prepared) run(rt *rowTable) ([]bool, error) {
	hits := make([]bool, len(rt.routes))
	db := eval.Database{p.rows.Table(): rt.table}
	for _, prog := range p.programs {
		res, err := prog.Run(context.Background(), db, eval.Options{Timeout: p.timeout})
		if err != nil {
			return hits, fmt.Errorf("local engine: %w", err)
		}
		id := res.ColumnIndex(rowIDColumn)
		if id < 0 {
			return hits, fmt.Errorf("local engine: the query's result lost the row identity column")
		}
		for _, row := range res.Rows {
			if n := row[id].N; n >= 0 && int(n) < len(hits) {
				hits[n] = true
			}
		}
	}
	return hits, nil
}

// describe names a verdict side for messages.
func describe(matched bool) string {
	if matched {
		return "matched"
	}
	return "did not match"
}

// reason is an error's message without its position, for reports that already
// name the file.
func reason(err error) string {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return fmt.Sprintf("%s [%s]", d.Message, d.Code)
	}
	return oneLine(err)
}

// oneLine flattens an error message for one-line reports.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
