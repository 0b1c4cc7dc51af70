package kql

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// windowLines matches a correlation against every window of the timespan's
// length, exactly as Sigma means it, instead of fixed bins.
//
// A window [s, s+span] can lie anywhere in time, but only its content (the
// group's matches inside it) decides the condition, and as s slides the
// content changes only when a match enters (s = t-span: the window
// [t-span, t] that ends at a match) or leaves (just after s = t: the window
// (t, t+span] that follows a match). So the windows ending at each match and
// those following each match hold every content any window can hold, and the
// condition holds in some window exactly when it holds in one of them. For
// counts, distinct values and distinct rules compared with gt or gte, a larger
// content never fails where a smaller one passes, and every window lies within
// the one ending at its last match, so the windows ending at matches suffice.
// Other comparisons (lt, lte, eq, neq) and sums, averages and percentiles
// need both kinds. Like fixed bins, only windows holding at least one match
// are considered: an empty window is no detection.
//
// Each window is found by a self-join of the matches on the group-by values,
// kept when the time lies in the window. Cost: the matches are read once
// (materialize) and the join pairs each window with its group's matches, so
// it grows with the square of the largest group's matches, where bins are one
// pass; that is the price of exactness, and -O correlation=bins is there when
// it is too high. Kusto.Language accepts the form, and the local engine runs
// it, which lets the tests compare it with a direct reading of the rule.
func windowLines(c *ir.Correlation, a aggregate) []string {
	keys := strings.Join(groupKeys(c, true), ", ")
	var lines []string
	if needsFollowingWindows(c) {
		lines = []string{
			"let " + letTimes + " = " + letMatches,
			"| summarize by " + keys + ", " + colTime + " = TimeGenerated;",
			"union",
			"    (" + letTimes + " | project " + keys + ", " + colWindowStart + " = " + colTime + " - " + span(c) + ", " + colWindowEnd + " = " + colTime + "),",
			"    (" + letTimes + " | project " + keys + ", " + colWindowStart + " = " + colTime + " + 1tick, " + colWindowEnd + " = " + colTime + " + " + span(c) + ")",
		}
	} else {
		lines = []string{
			letMatches,
			"| summarize by " + keys + ", " + colWindowEnd + " = TimeGenerated",
			"| extend " + colWindowStart + " = " + colWindowEnd + " - " + span(c),
		}
	}
	lines = append(lines,
		"| join kind=inner "+letMatches+" on "+keys,
		"| where TimeGenerated between ("+colWindowStart+" .. "+colWindowEnd+")",
		"| summarize "+a.summarizeOf(c)+" by "+keys+", "+colWindowStart+", "+colWindowEnd)
	lines = append(lines, resultLines(c, a)...)
	return append(lines, dropAll(c)...)
}

// needsFollowingWindows reports whether the condition can hold in a window
// that is smaller than the one ending at its last match: anything but counts
// compared with gt or gte. The window (t, t+span] is printed as
// [t+1tick, t+span], exact since Kusto keeps datetimes in 100ns ticks.
func needsFollowingWindows(c *ir.Correlation) bool {
	switch c.Type {
	case ir.EventCount, ir.ValueCount, ir.Temporal:
	default:
		return true
	}
	for _, op := range conditionOps(c, correlationAggregates[c.Type]) {
		if op.Op != ir.OpGT && op.Op != ir.OpGTE {
			return true
		}
	}
	return false
}

// dropAll removes the constant join key of a rule that groups by nothing.
func dropAll(c *ir.Correlation) []string {
	if len(c.GroupBy) > 0 {
		return nil
	}
	return []string{"| project-away " + colAll}
}
