package main

import (
	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// convertCorrelation converts a correlation over the input rules it refers to,
// each planned with the fields the correlation reads from it. The referenced
// rules are converted on their own as well, as separate results.
func (c *converter) convertCorrelation(corr *ir.Correlation) ([]string, diag.List) {
	var diags diag.List
	var rules []kql.CorrelatedRule
	for _, ref := range corr.Rules {
		rule, ok := c.rules[ref.Ref]
		if !ok {
			diags.Errorf(ref.Pos, kql.CodeUnsupportedCorrelation, "the correlation refers to rule %q, which is not among the inputs", ref.Ref)
			continue
		}
		plan, ds := c.plan(rule, kql.CorrelationFields(corr, ref.Ref))
		diags.Add(ds...)
		rules = append(rules, kql.CorrelatedRule{Ref: ref.Ref, Plan: plan})
	}
	if diags.HasErrors() {
		return nil, diags
	}
	query, ds := kql.ConvertCorrelation(corr, rules, c.kopts)
	diags.Add(ds...)
	if diags.HasErrors() {
		return nil, diags
	}
	return []string{query}, diags
}
