package convert

import (
	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// Hidden returns the rules that are converted only as part of a correlation.
// The Sigma correlation specification's generate (default false) says whether a
// correlation's referenced rules are output as queries of their own; a rule
// referred to by several correlations is output when any of them says
// generate: true, since that is an explicit request and false is only the
// default. (pySigma hides a rule as soon as one correlation has generate false.)
// A rule no input correlation refers to is always output.
func Hidden(corrs []*ir.Correlation, rules map[string]*ir.Rule) map[*ir.Rule]bool {
	referenced := map[*ir.Rule]bool{}
	generated := map[*ir.Rule]bool{}
	for _, c := range corrs {
		for _, ref := range c.Rules {
			rule, ok := rules[ref.Ref]
			if !ok {
				continue
			}
			referenced[rule] = true
			if c.Generate {
				generated[rule] = true
			}
		}
	}
	hidden := map[*ir.Rule]bool{}
	for rule := range referenced {
		if !generated[rule] {
			hidden[rule] = true
		}
	}
	return hidden
}

// convertCorrelation converts a correlation over the input rules it refers to,
// each planned with the fields the correlation reads from it.
func (r *run) convertCorrelation(corr *ir.Correlation) ([]string, diag.List) {
	var diags diag.List
	var rules []kql.CorrelatedRule
	for _, ref := range corr.Rules {
		rule, ok := r.rules[ref.Ref]
		if !ok {
			diags.Errorf(ref.Pos, kql.CodeUnsupportedCorrelation, "the correlation refers to rule %q, which is not among the inputs", ref.Ref)
			continue
		}
		plan, ds := r.plan(rule, kql.CorrelationFields(corr, ref.Ref))
		diags.Add(r.quiet[rule]...)
		diags.Add(ds...)
		rules = append(rules, kql.CorrelatedRule{Ref: ref.Ref, Plan: plan})
	}
	if diags.HasErrors() {
		return nil, diags
	}
	query, ds := kql.ConvertCorrelation(corr, rules, r.KQL)
	diags.Add(ds...)
	if diags.HasErrors() {
		return nil, diags
	}
	return []string{query}, diags
}
