package kql

import (
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/passes"
)

// Diagnostic codes of correlation conversion.
const (
	// CodeUnsupportedCorrelation: the correlation cannot be expressed, or refers
	// to a rule that is not among the inputs.
	CodeUnsupportedCorrelation diag.Code = "unsupported-correlation"
	// CodeCorrelationWindow warns that Sigma's sliding timespan is approximated by
	// fixed bins of that length: events that straddle a bin boundary are not
	// counted together.
	CodeCorrelationWindow diag.Code = "correlation-window"
	// CodeApproximateAggregate warns that an aggregate is estimated by Kusto
	// (percentile uses a sketch).
	CodeApproximateAggregate diag.Code = "approximate-aggregate"
)

// Output columns of a correlation query. They carry an upper-case letter so the
// printer never needs to bracket them.
const (
	colRule   = "SigmaRule"
	colValue  = "SigmaValue"
	colRules  = "SigmaRules"
	colValues = "SigmaValues"
	colResult = "SigmaResult"
)

// CorrelatedRule is one rule a correlation refers to: the reference as the
// correlation writes it (the rule's name or id) and the rule's plan. The plan must
// read every field the correlation groups by or aggregates; listing them in the
// rule's fields: before the pipeline runs does that.
type CorrelatedRule struct {
	Ref  string
	Plan *passes.Plan
}

// CorrelationFields returns the fields a correlation reads from the rule it
// refers to as ref, after its aliases: the group-by fields and the aggregated
// field of value_count, value_sum, value_avg and value_percentile.
func CorrelationFields(c *ir.Correlation, ref string) []string {
	var fields []string
	for _, g := range c.GroupBy {
		fields = append(fields, aliasedField(c, g, ref))
	}
	if c.Condition != nil && c.Condition.Field != "" {
		fields = append(fields, aliasedField(c, c.Condition.Field, ref))
	}
	return fields
}

// aliasedField maps a correlation field name to the field of one rule.
func aliasedField(c *ir.Correlation, name, ref string) string {
	for _, a := range c.Aliases {
		if a.Name == name {
			if f, ok := a.Fields[ref]; ok {
				return f
			}
		}
	}
	return name
}

// ConvertCorrelation returns the query of a correlation over its rules: their
// matches, unioned, summarized per timespan bin and group-by values, filtered by
// the correlation's condition. Sigma's timespan is a sliding window; fixed bins
// approximate it, which the correlation-window warning says. temporal_ordered is
// not supported yet.
func ConvertCorrelation(c *ir.Correlation, rules []CorrelatedRule, opts Options) (string, diag.List) {
	var diags diag.List
	agg, ok := correlationAggregates[c.Type]
	if !ok {
		diags.Errorf(c.Pos, CodeUnsupportedCorrelation, "correlation type %s is not supported yet", c.Type)
		return "", diags
	}
	var branches []query
	for _, ref := range c.Rules {
		q, ds := correlationBranch(c, ref, rules)
		diags = finish(diags, ds)
		branches = append(branches, q)
	}
	if diags.HasErrors() {
		return "", diags
	}
	diags.Warnf(c.Timespan.Pos, CodeCorrelationWindow,
		"the %s timespan is matched in fixed bins, which miss events that straddle a bin boundary", c.Timespan.Text)
	if c.Type == ir.ValuePercentile {
		diags.Warnf(c.Pos, CodeApproximateAggregate, "Kusto estimates percentiles")
	}
	tail := agg(c, len(c.Rules))
	var header []string
	if opts.Header {
		header = correlationHeader(c)
	}
	return printCorrelation(header, branches, tail), diags
}

// correlationBranch is one referenced rule's query, projecting the time, the
// rule reference and the correlation's fields read as text (union needs one type
// per output column), or as a number for the summed value.
func correlationBranch(c *ir.Correlation, ref ir.RuleRef, rules []CorrelatedRule) (query, diag.List) {
	var diags diag.List
	plan := findRule(rules, ref.Ref)
	if plan == nil {
		diags.Errorf(ref.Pos, CodeUnsupportedCorrelation, "the correlation refers to rule %q, which is not among the inputs", ref.Ref)
		return query{}, diags
	}
	b, wheres, ds := buildRule(plan)
	if ds.HasErrors() {
		diags.Errorf(ref.Pos, CodeUnsupportedCorrelation, "rule %q cannot be converted: %s", ref.Ref, ds.Errors()[0].Message)
		return query{}, append(diags, ds...)
	}
	q := query{table: plan.Table, where: newOr(wheres...)}
	q.project = []projection{{name: "TimeGenerated"}, {name: colRule, value: stringLit(ref.Ref)}}
	for _, g := range c.GroupBy {
		col, ok := correlationColumn(b, c, g, ref, &diags)
		if ok {
			q.project = append(q.project, projectAs(g, readText(col)))
		}
	}
	if c.Condition != nil && c.Condition.Field != "" {
		if col, ok := correlationColumn(b, c, c.Condition.Field, ref, &diags); ok {
			q.project = append(q.project, projection{name: colValue, value: aggregatedValue(c.Type, col)})
		}
	}
	return q, diags
}

// projectAs projects value under name, or the column alone when it already has
// that name.
func projectAs(name string, value expr) projection {
	if c, ok := value.(columnExpr); ok && c.name == name && len(c.path) == 0 {
		return projection{name: name}
	}
	return projection{name: name, value: value}
}

func findRule(rules []CorrelatedRule, ref string) *passes.Plan {
	for _, r := range rules {
		if r.Ref == ref {
			return r.Plan
		}
	}
	return nil
}

func correlationColumn(b *builder, c *ir.Correlation, name string, ref ir.RuleRef, diags *diag.List) (passes.Column, bool) {
	field := aliasedField(c, name, ref.Ref)
	col, ok := b.plan.Columns[field]
	if !ok {
		diags.Errorf(ref.Pos, CodeUnmappedField, "field %q of the correlation has no column in table %s of rule %q", field, b.plan.Table, ref.Ref)
	}
	return col, ok
}

// aggregatedValue reads the aggregated field: as text for counting distinct
// values, as a number (toreal; null when not a number) for sums and averages.
func aggregatedValue(t ir.CorrelationType, col passes.Column) expr {
	switch {
	case t == ir.ValueCount:
		return readText(col)
	case kindOf(col) == kindNumber:
		return readColumn(col)
	}
	return call("toreal", readColumn(col))
}

// correlationAggregates returns, per correlation type, the lines after the union:
// summarize, and the where clause of the condition.
var correlationAggregates = map[ir.CorrelationType]func(c *ir.Correlation, rules int) []string{
	ir.EventCount: func(c *ir.Correlation, _ int) []string {
		return summarizeLines(c, colResult+" = count()", "", colResult, defaultOps(c, nil))
	},
	ir.ValueCount: func(c *ir.Correlation, _ int) []string {
		return summarizeLines(c, colValues+" = make_set("+colValue+")",
			colResult+" = array_length("+colValues+")", colResult, defaultOps(c, nil))
	},
	ir.Temporal: func(c *ir.Correlation, rules int) []string {
		all := []ir.Comparison{{Op: ir.OpGTE, Value: ir.Number{IsInt: true, Int: int64(rules)}}}
		return summarizeLines(c, colRules+" = make_set("+colRule+")",
			colResult+" = array_length("+colRules+")", colResult, defaultOps(c, all))
	},
	ir.ValueSum: func(c *ir.Correlation, _ int) []string {
		return summarizeLines(c, colResult+" = sum("+colValue+")", "", colResult, defaultOps(c, nil))
	},
	ir.ValueAvg: func(c *ir.Correlation, _ int) []string {
		return summarizeLines(c, colResult+" = avg("+colValue+")", "", colResult, defaultOps(c, nil))
	},
	ir.ValuePercentile: func(c *ir.Correlation, _ int) []string {
		p := "50"
		if c.Condition != nil && c.Condition.Percentile != nil {
			p = numberText(c.Condition.Percentile)
		}
		return summarizeLines(c, colResult+" = percentile("+colValue+", "+p+")", "", colResult, defaultOps(c, nil))
	},
}

// defaultOps returns the condition's comparisons, or fallback when it has none.
func defaultOps(c *ir.Correlation, fallback []ir.Comparison) []ir.Comparison {
	if c.Condition != nil && len(c.Condition.Ops) > 0 {
		return c.Condition.Ops
	}
	return fallback
}

var correlationOps = map[ir.CompareOp]string{
	ir.OpGT: ">", ir.OpGTE: ">=", ir.OpLT: "<", ir.OpLTE: "<=", ir.OpEQ: "==", ir.OpNEQ: "!=",
}

// summarizeLines writes the summarize over timespan bins and group-by values, an
// optional extend, and the condition on the result column.
func summarizeLines(c *ir.Correlation, aggregate, extend, result string, ops []ir.Comparison) []string {
	by := []string{fmt.Sprintf("bin(TimeGenerated, %ds)", c.Timespan.Seconds)}
	for _, g := range c.GroupBy {
		by = append(by, quoteName(g))
	}
	lines := []string{"| summarize " + aggregate + " by " + strings.Join(by, ", ")}
	if extend != "" {
		lines = append(lines, "| extend "+extend)
	}
	var conds []string
	for _, op := range ops {
		conds = append(conds, result+" "+correlationOps[op.Op]+" "+numberText(&op.Value))
	}
	if len(conds) > 0 {
		lines = append(lines, "| where "+strings.Join(conds, " and "))
	}
	return lines
}

func correlationHeader(c *ir.Correlation) []string {
	var lines []string
	if t := commentText(c.Title); t != "" {
		lines = append(lines, t)
	}
	if id := commentText(c.ID); id != "" {
		lines = append(lines, "id: "+id)
	}
	return append(lines, "correlation: "+string(c.Type))
}
