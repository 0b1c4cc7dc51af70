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
// Each window is found by a self-join of the matches on the group-by values
// and a time bin (binJoin), kept when the time lies in the window. Cost: the
// matches are read once (materialize) and the join pairs each window with its
// group's matches of two timespan bins, so it grows with the number of matches
// times the matches of the same group within two timespans, where bins are one
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
	lines = append(lines, binJoin(c, keys, letMatches)...)
	lines = append(lines,
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

// binJoin joins the windows (or partial sequences) on the left, each starting
// at SigmaWindowStart and at most a timespan long, with the matches on the
// right that share their group-by values and lie in one of two timespan bins:
// the bin of the window's start and the next, which together cover
// [bin(start), bin(start) + 2*span) and so the whole window. Each match lies in
// one bin, so no pair is counted twice, and the bins bound the join to the
// matches near each window instead of every match of the group: the time
// window join of Microsoft's KQL documentation ("Time window join"), exact
// here because the where clause after it still tests the window.
func binJoin(c *ir.Correlation, keys, right string) []string {
	return []string{
		"| extend " + colBin + " = bin(" + colWindowStart + ", " + span(c) + ")",
		"| mv-expand " + colShift + " = dynamic([0, 1]) to typeof(long)",
		"| extend " + colBin + " = " + colBin + " + " + colShift + " * " + span(c),
		"| join kind=inner (" + right + " | extend " + colBin + " = bin(TimeGenerated, " + span(c) + ")) on " + keys + ", " + colBin,
	}
}
