package kql

import (
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// orderedLines matches temporal_ordered: matches of the referenced rules, one
// per rule in the order the correlation lists them, each strictly later than
// the one before, the last at most the timespan after the first, with the
// same group-by values. Ties are not an order: two matches at the same time
// never follow each other, so one event cannot stand for two steps.
//
// Each step is a let statement joining the previous step's partial sequences
// with the next rule's matches in the same group and the two timespan bins
// that cover the window (binJoin). For every first match it
// keeps only the earliest possible end (min), which is exact: a sequence that
// ends later could always continue from the earlier end instead, so no
// completion is lost, and the partial sequences stay one per first match and
// group. Cost: one join per step, each pairing a partial sequence with its
// group's matches of the next rule within two timespan bins. The output is one row per first
// match that completes the sequence, with the window it spans.
func orderedLines(c *ir.Correlation, diags *diag.List) []string {
	if !orderedConditionIsAll(c) {
		diags.Errorf(c.Pos, CodeUnsupportedCorrelation,
			"temporal_ordered is matched with all %d rules in order; a condition selecting fewer is not supported", len(c.Rules))
		return nil
	}
	keys := strings.Join(groupKeys(c, true), ", ")
	matchesOf := func(i int) string {
		return letMatches + " | where " + colRule + " == " + printExpr(stringLit(c.Rules[i].Ref))
	}
	lines := []string{
		"let SigmaStep1 = " + matchesOf(0),
		"| summarize by " + keys + ", " + colWindowStart + " = TimeGenerated",
		"| extend " + colLast + " = " + colWindowStart + ";",
	}
	for i := 1; i < len(c.Rules); i++ {
		lines = append(lines, fmt.Sprintf("let SigmaStep%d = SigmaStep%d", i+1, i))
		lines = append(lines, binJoin(c, keys, matchesOf(i))...)
		lines = append(lines,
			"| where TimeGenerated > "+colLast+" and TimeGenerated <= "+colWindowStart+" + "+span(c),
			"| summarize "+colLast+" = min(TimeGenerated) by "+keys+", "+colWindowStart+";")
	}
	lines = append(lines,
		fmt.Sprintf("SigmaStep%d", len(c.Rules)),
		"| project "+keys+", "+colWindowStart+", "+colWindowEnd+" = "+colLast)
	return append(lines, dropAll(c)...)
}

// orderedConditionIsAll reports whether the condition (distinct rules seen)
// selects exactly all the rules among 0..n, as the default does.
func orderedConditionIsAll(c *ir.Correlation) bool {
	if c.Condition == nil || len(c.Condition.Ops) == 0 {
		return true
	}
	if c.Condition.Field != "" {
		return false
	}
	n := int64(len(c.Rules))
	for k := int64(0); k <= n; k++ {
		if holdsAll(c.Condition.Ops, k) != (k == n) {
			return false
		}
	}
	return true
}

// holdsAll evaluates every comparison on k.
func holdsAll(ops []ir.Comparison, k int64) bool {
	for _, op := range ops {
		v := op.Value.Float
		if op.Value.IsInt {
			v = float64(op.Value.Int)
		}
		x := float64(k)
		var ok bool
		switch op.Op {
		case ir.OpGT:
			ok = x > v
		case ir.OpGTE:
			ok = x >= v
		case ir.OpLT:
			ok = x < v
		case ir.OpLTE:
			ok = x <= v
		case ir.OpEQ:
			ok = x == v
		case ir.OpNEQ:
			ok = x != v
		}
		if !ok {
			return false
		}
	}
	return true
}
