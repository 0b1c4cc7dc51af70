package match

import (
	"strings"

	"github.com/sigmakql/sigmakql/ir"
)

// filterApplies reports whether a meta filter applies to a rule, as pySigma decides
// (Sigma filters specification; pySigma SigmaFilter._should_apply_on_rule): the
// filter's logsource must cover the rule's (every field the filter sets is equal in
// the rule), and its rules list must name the rule by id or name, or be empty,
// "any" or "all".
func filterApplies(f *ir.Filter, rule *ir.Rule) bool {
	if !logsourceCovers(f.Logsource, rule.Logsource) {
		return false
	}
	if len(f.Rules) == 0 {
		return true
	}
	for _, ref := range f.Rules {
		switch {
		case strings.EqualFold(ref.Ref, "any"), strings.EqualFold(ref.Ref, "all"):
			return true
		case ref.Ref != "" && (ref.Ref == rule.ID || ref.Ref == rule.Name):
			return true
		}
	}
	return false
}

func logsourceCovers(outer, inner ir.Logsource) bool {
	covers := func(o, i string) bool { return o == "" || o == i }
	if !covers(outer.Category, inner.Category) || !covers(outer.Product, inner.Product) ||
		!covers(outer.Service, inner.Service) {
		return false
	}
	for k, v := range outer.Custom {
		if inner.Custom[k] != v {
			return false
		}
	}
	return true
}
