package passes

import (
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// CodeFilterCondition: a meta filter has no condition or more than one, so there
// is no single expression to AND onto the rule.
const CodeFilterCondition diag.Code = "filter-condition"

// ApplyFilters returns a copy of rule with every filter that applies to it AND-ed
// onto each of its conditions, as Sigma meta filters mean: a filter applies when
// its rules list names the rule's id or name and its logsource fields all equal
// the rule's. The filter's searches are added under names prefixed with
// "_filter<N>_", so they never collide with the rule's or join "1 of them". Run it
// before a pipeline, so the filter's fields are mapped like the rule's.
func ApplyFilters(rule *ir.Rule, filters []*ir.Filter) (*ir.Rule, diag.List) {
	out := cloneRule(rule)
	var diags diag.List
	n := 0
	for _, f := range filters {
		if !filterApplies(f, rule) {
			continue
		}
		if len(f.Detection.Conditions) != 1 {
			diags.Errorf(f.Detection.Pos, CodeFilterCondition, "filter %q has %d conditions; a filter needs exactly one", f.Title, len(f.Detection.Conditions))
			continue
		}
		n++
		addFilter(out, f, "_filter"+strconv.Itoa(n)+"_")
	}
	return out, diags
}

func filterApplies(f *ir.Filter, r *ir.Rule) bool {
	named := false
	for _, ref := range f.Rules {
		if ref.Ref != "" && (ref.Ref == r.ID || ref.Ref == r.Name) {
			named = true
		}
	}
	l, rl := f.Logsource, r.Logsource
	return named && sameOrUnset(l.Product, rl.Product) && sameOrUnset(l.Category, rl.Category) && sameOrUnset(l.Service, rl.Service)
}

func sameOrUnset(want, got string) bool { return want == "" || strings.EqualFold(want, got) }

// addFilter copies the filter's searches into the rule under prefixed names and
// ANDs its condition, renamed alike, onto every rule condition.
func addFilter(r *ir.Rule, f *ir.Filter, prefix string) {
	for _, s := range f.Detection.Searches {
		c := cloneSearch(s)
		c.Name = prefix + s.Name
		r.Detection.Searches = append(r.Detection.Searches, c)
	}
	cond := renameSearches(f.Detection.Conditions[0].Expr, prefix)
	for _, c := range r.Detection.Conditions {
		terms := []ir.Expr{c.Expr}
		if and, ok := c.Expr.(*ir.And); ok {
			terms = append([]ir.Expr(nil), and.Terms...)
		}
		if and, ok := cond.(*ir.And); ok {
			terms = append(terms, and.Terms...)
		} else {
			terms = append(terms, cond)
		}
		c.Expr = &ir.And{At: c.Pos, Terms: terms}
	}
}

// renameSearches returns a copy of e with every search name prefixed.
func renameSearches(e ir.Expr, prefix string) ir.Expr {
	switch e := e.(type) {
	case *ir.Ident:
		return &ir.Ident{At: e.At, Name: prefix + e.Name}
	case *ir.Not:
		return &ir.Not{At: e.At, X: renameSearches(e.X, prefix)}
	case *ir.And:
		return &ir.And{At: e.At, Terms: renameAll(e.Terms, prefix)}
	case *ir.Or:
		return &ir.Or{At: e.At, Terms: renameAll(e.Terms, prefix)}
	case *ir.Of:
		c := *e
		c.Pattern = prefix + e.Pattern
		c.Names = make([]string, len(e.Names))
		for i, n := range e.Names {
			c.Names[i] = prefix + n
		}
		return &c
	}
	return e
}

func renameAll(terms []ir.Expr, prefix string) []ir.Expr {
	out := make([]ir.Expr, len(terms))
	for i, t := range terms {
		out[i] = renameSearches(t, prefix)
	}
	return out
}
