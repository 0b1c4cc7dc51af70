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

// CorrelationWindows is how a correlation's timespan is matched.
type CorrelationWindows int

const (
	// SlidingWindows matches Sigma's meaning exactly: any window of the
	// timespan's length, wherever it lies in time (see windowLines).
	SlidingWindows CorrelationWindows = iota
	// FixedBins summarizes by bin(TimeGenerated, timespan): one pass over the
	// matches instead of a self-join, but events that straddle a bin boundary
	// are never counted together (warning correlation-window).
	FixedBins
)

// Names the correlation queries bind and project. They carry an upper-case
// letter so the printer never needs to bracket them.
const (
	letMatches     = "SigmaMatches"
	letTimes       = "SigmaTimes"
	colAll         = "SigmaAll"
	colWindowStart = "SigmaWindowStart"
	colWindowEnd   = "SigmaWindowEnd"
	colTime        = "SigmaTime"
	colLast        = "SigmaLast"
	colBin         = "SigmaBin"
	colShift       = "SigmaShift"
)

// MaxCorrelatedRules bounds the rules one correlation may list, since each is a
// branch of the union and, for temporal_ordered, a join step.
const MaxCorrelatedRules = 64

// ConvertCorrelation returns the query of a correlation over its rules: their
// matches, unioned, then matched against the timespan per group-by values and
// filtered by the correlation's condition. By default every window of the
// timespan's length is considered (windowLines, orderedLines), which is
// Sigma's meaning; opts.Correlation = FixedBins summarizes fixed bins instead
// and warns (correlation-window). temporal_ordered is always exact.
func ConvertCorrelation(c *ir.Correlation, rules []CorrelatedRule, opts Options) (string, diag.List) {
	var diags diag.List
	agg, ok := correlationAggregates[c.Type]
	if !ok && c.Type != ir.TemporalOrdered {
		diags.Errorf(c.Pos, CodeUnsupportedCorrelation, "correlation type %s is not supported", c.Type)
		return "", diags
	}
	if c.Timespan.Seconds <= 0 {
		diags.Errorf(c.Timespan.Pos, CodeUnsupportedCorrelation, "the correlation has no positive timespan")
		return "", diags
	}
	if len(c.Rules) > MaxCorrelatedRules {
		diags.Errorf(c.Pos, CodeUnsupportedCorrelation, "the correlation refers to %d rules; at most %d are converted", len(c.Rules), MaxCorrelatedRules)
		return "", diags
	}
	if reservedGroupBy(c, &diags) {
		return "", diags
	}
	exact := opts.Correlation == SlidingWindows || c.Type == ir.TemporalOrdered
	var branches []query
	for _, ref := range distinctRefs(c) {
		q, ds := correlationBranch(c, ref, rules)
		diags = finish(diags, ds)
		if exact && len(c.GroupBy) == 0 {
			q.project = append(q.project, projection{name: colAll, value: numberLit("1")})
		}
		branches = append(branches, q)
	}
	if diags.HasErrors() {
		return "", diags
	}
	var tail []string
	switch {
	case c.Type == ir.TemporalOrdered:
		tail = orderedLines(c, &diags)
	case exact:
		tail = windowLines(c, agg)
	default:
		diags.Warnf(c.Timespan.Pos, CodeCorrelationWindow,
			"the %s timespan is matched in fixed bins, which miss events that straddle a bin boundary", c.Timespan.Text)
		tail = binLines(c, agg)
	}
	if diags.HasErrors() {
		return "", diags
	}
	if c.Type == ir.ValuePercentile {
		diags.Warnf(c.Pos, CodeApproximateAggregate, "Kusto estimates percentiles")
	}
	var header []string
	if opts.Header {
		header = correlationHeader(c)
	}
	name := ""
	if exact {
		name = letMatches
	}
	return printCorrelation(header, name, branches, tail), diags
}

// reservedGroupBy reports a group-by name that the query needs for a column
// of its own (TimeGenerated, or any Sigma… name it projects), which would
// silently merge two columns.
func reservedGroupBy(c *ir.Correlation, diags *diag.List) bool {
	for _, g := range c.GroupBy {
		if g == "TimeGenerated" || strings.HasPrefix(g, "Sigma") {
			diags.Errorf(c.Pos, CodeUnsupportedCorrelation, "group-by field %q has the name of a column the correlation query computes", g)
			return true
		}
	}
	return false
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
// values (where an empty text is no value, as Log Analytics stores a missing
// one), as a number (toreal; null when not a number, which sum and avg skip)
// for sums, averages and percentiles.
func aggregatedValue(t ir.CorrelationType, col passes.Column) expr {
	switch {
	case t == ir.ValueCount:
		return readText(col)
	case kindOf(col) == kindNumber:
		return readColumn(col)
	}
	return call("toreal", readColumn(col))
}

// aggregate is what a correlation computes over the matches of one window or
// bin: the summarize aggregate, an optional extend that derives SigmaResult,
// and the comparisons that apply when the rule states none.
type aggregate struct {
	summarize string
	extend    string
	fallback  func(c *ir.Correlation) []ir.Comparison
}

// correlationAggregates holds the aggregate of each correlation type but
// temporal_ordered, which orderedLines matches as a sequence.
var correlationAggregates = map[ir.CorrelationType]aggregate{
	ir.EventCount: {summarize: colResult + " = count()"},
	ir.ValueCount: {summarize: colValues + " = make_set_if(" + colValue + ", isnotempty(" + colValue + "))",
		extend: colResult + " = array_length(" + colValues + ")"},
	ir.Temporal: {summarize: colRules + " = make_set(" + colRule + ")", extend: colResult + " = array_length(" + colRules + ")",
		fallback: allRules},
	ir.ValueSum:        {summarize: colResult + " = sum(" + colValue + ")"},
	ir.ValueAvg:        {summarize: colResult + " = avg(" + colValue + ")"},
	ir.ValuePercentile: {},
}

// allRules is temporal's default condition: every referenced rule matched.
func allRules(c *ir.Correlation) []ir.Comparison {
	return []ir.Comparison{{Op: ir.OpGTE, Value: ir.Number{IsInt: true, Int: int64(len(distinctRefs(c)))}}}
}

// distinctRefs returns the referenced rules once each, in order: a rule listed
// twice contributes its matches once (temporal_ordered still steps through
// every listed position).
func distinctRefs(c *ir.Correlation) []ir.RuleRef {
	var out []ir.RuleRef
	seen := map[string]bool{}
	for _, r := range c.Rules {
		if !seen[r.Ref] {
			seen[r.Ref] = true
			out = append(out, r)
		}
	}
	return out
}

// summarizeOf returns the aggregate text, which for percentiles depends on the
// rule's percentile.
func (a aggregate) summarizeOf(c *ir.Correlation) string {
	if c.Type != ir.ValuePercentile {
		return a.summarize
	}
	p := "50"
	if c.Condition != nil && c.Condition.Percentile != nil {
		p = numberText(c.Condition.Percentile)
	}
	return colResult + " = percentile(" + colValue + ", " + p + ")"
}

// conditionOps returns the rule's comparisons, or the aggregate's default.
func conditionOps(c *ir.Correlation, a aggregate) []ir.Comparison {
	if c.Condition != nil && len(c.Condition.Ops) > 0 {
		return c.Condition.Ops
	}
	if a.fallback != nil {
		return a.fallback(c)
	}
	return nil
}

var correlationOps = map[ir.CompareOp]string{
	ir.OpGT: ">", ir.OpGTE: ">=", ir.OpLT: "<", ir.OpLTE: "<=", ir.OpEQ: "==", ir.OpNEQ: "!=",
}

// resultLines are the optional extend and the condition on SigmaResult.
func resultLines(c *ir.Correlation, a aggregate) []string {
	var lines []string
	if a.extend != "" {
		lines = append(lines, "| extend "+a.extend)
	}
	var conds []string
	for _, op := range conditionOps(c, a) {
		conds = append(conds, colResult+" "+correlationOps[op.Op]+" "+numberText(&op.Value))
	}
	if len(conds) > 0 {
		lines = append(lines, "| where "+strings.Join(conds, " and "))
	}
	return lines
}

// binLines summarizes fixed bins of the timespan per group-by values, the
// cheaper approximation of -O correlation=bins.
func binLines(c *ir.Correlation, a aggregate) []string {
	by := append([]string{fmt.Sprintf("bin(TimeGenerated, %ds)", c.Timespan.Seconds)}, groupKeys(c, false)...)
	lines := []string{"| summarize " + a.summarizeOf(c) + " by " + strings.Join(by, ", ")}
	return append(lines, resultLines(c, a)...)
}

// groupKeys returns the group-by names as printed; exact forms join on a
// constant SigmaAll when the rule groups by nothing.
func groupKeys(c *ir.Correlation, exact bool) []string {
	var keys []string
	for _, g := range c.GroupBy {
		keys = append(keys, quoteName(g))
	}
	if exact && len(keys) == 0 {
		keys = []string{colAll}
	}
	return keys
}

// span is the timespan as a KQL literal.
func span(c *ir.Correlation) string { return fmt.Sprintf("%ds", c.Timespan.Seconds) }

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
