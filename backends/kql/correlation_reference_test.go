package kql

import (
	"strconv"

	"github.com/sigmakql/sigmakql/ir"
)

// referenceGroups reads a correlation as the Sigma specification states it,
// independently of the backend: a group fires when some window [s, s+span],
// anywhere in time, holds matches of the group that satisfy the condition.
// It slides s over every half second from before the first match to after
// the last (matches lie on whole seconds, so every content a window can hold
// is seen), and skips windows without a match, as the backend does.
func referenceGroups(c *ir.Correlation, events []sampleEvent) []string {
	groups := map[string][]sampleEvent{}
	for _, e := range events {
		if !refersTo(c, e.f) {
			continue
		}
		key := ""
		if len(c.GroupBy) > 0 {
			key = e.host
		}
		groups[key] = append(groups[key], e)
	}
	fired := map[string]bool{}
	for key, evs := range groups {
		lo, hi := evs[0].sec, evs[0].sec
		for _, e := range evs {
			lo, hi = min(lo, e.sec), max(hi, e.sec)
		}
		for half := 2 * (lo - c.Timespan.Seconds - 1); half <= 2*(hi+1); half++ {
			var in []sampleEvent
			for _, e := range evs {
				if 2*e.sec >= half && 2*e.sec <= half+2*c.Timespan.Seconds {
					in = append(in, e)
				}
			}
			if len(in) > 0 && windowFires(c, in) {
				fired[key] = true
				break
			}
		}
	}
	return sortedKeys(fired)
}

func refersTo(c *ir.Correlation, f string) bool {
	for _, r := range c.Rules {
		if r.Ref == f {
			return true
		}
	}
	return false
}

// windowFires applies the correlation's aggregate and condition to the
// matches of one window.
func windowFires(c *ir.Correlation, in []sampleEvent) bool {
	var conds []ir.Comparison
	if c.Condition != nil {
		conds = c.Condition.Ops
	}
	if c.Type == ir.TemporalOrdered {
		return inOrder(c.Rules, in, -1)
	}
	if c.Type == ir.Temporal && len(conds) == 0 {
		all := map[string]bool{}
		for _, r := range c.Rules {
			all[r.Ref] = true
		}
		conds = []ir.Comparison{{Op: ir.OpGTE, Value: ir.Number{IsInt: true, Int: int64(len(all))}}}
	}
	var x float64
	distinct := map[string]bool{}
	switch c.Type {
	case ir.EventCount:
		x = float64(len(in))
	case ir.ValueCount:
		for _, e := range in {
			distinct[strconv.FormatInt(e.bytes, 10)] = true
		}
		x = float64(len(distinct))
	case ir.Temporal:
		for _, e := range in {
			distinct[e.f] = true
		}
		x = float64(len(distinct))
	case ir.ValueSum, ir.ValueAvg:
		for _, e := range in {
			x += float64(e.bytes)
		}
		if c.Type == ir.ValueAvg {
			x /= float64(len(in))
		}
	}
	for _, op := range conds {
		if !compareRef(x, op) {
			return false
		}
	}
	return true
}

// inOrder reports whether distinct matches of rules[0], rules[1], … follow each
// other at strictly increasing times, all after second after.
func inOrder(rules []ir.RuleRef, in []sampleEvent, after int64) bool {
	if len(rules) == 0 {
		return true
	}
	for _, e := range in {
		if e.f == rules[0].Ref && e.sec > after && inOrder(rules[1:], in, e.sec) {
			return true
		}
	}
	return false
}

func compareRef(x float64, op ir.Comparison) bool {
	v := float64(op.Value.Int)
	switch op.Op {
	case ir.OpGT:
		return x > v
	case ir.OpGTE:
		return x >= v
	case ir.OpLT:
		return x < v
	case ir.OpLTE:
		return x <= v
	case ir.OpEQ:
		return x == v
	}
	return x != v
}
