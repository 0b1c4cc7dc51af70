package passes

import (
	"strconv"

	"github.com/sigmakql/sigmakql/ir"
)

// cloneRule copies the parts of a rule that passes rewrite (searches, groups,
// field matches and their value lists, conditions), so a pipeline never modifies
// its input. Values themselves are immutable and shared; rewrites replace them.
func cloneRule(r *ir.Rule) *ir.Rule {
	out := *r
	out.Detection.Searches = make([]*ir.Search, len(r.Detection.Searches))
	for i, s := range r.Detection.Searches {
		out.Detection.Searches[i] = cloneSearch(s)
	}
	out.Detection.Conditions = make([]*ir.Condition, len(r.Detection.Conditions))
	for i, c := range r.Detection.Conditions {
		cc := *c
		out.Detection.Conditions[i] = &cc
	}
	return &out
}

func cloneSearch(s *ir.Search) *ir.Search {
	out := *s
	out.Alternatives = make([]*ir.Group, len(s.Alternatives))
	for i, g := range s.Alternatives {
		gc := *g
		gc.Matches = make([]*ir.FieldMatch, len(g.Matches))
		for j, m := range g.Matches {
			mc := *m
			mc.Modifiers = append([]ir.Modifier(nil), m.Modifiers...)
			mc.Values = append([]ir.Value(nil), m.Values...)
			gc.Matches[j] = &mc
		}
		out.Alternatives[i] = &gc
	}
	return &out
}

// eachMatch calls fn for every field match of the rule's detection, in document
// order.
func eachMatch(r *ir.Rule, fn func(*ir.FieldMatch)) {
	for _, s := range r.Detection.Searches {
		for _, g := range s.Alternatives {
			for _, m := range g.Matches {
				fn(m)
			}
		}
	}
}

// dropMatches removes the field matches for which drop reports true.
func dropMatches(r *ir.Rule, drop func(*ir.FieldMatch) bool) {
	for _, s := range r.Detection.Searches {
		for _, g := range s.Alternatives {
			kept := g.Matches[:0]
			for _, m := range g.Matches {
				if !drop(m) {
					kept = append(kept, m)
				}
			}
			g.Matches = kept
		}
	}
}

// addSearch appends a search to the rule and AND-s it onto every condition, the
// way pySigma's add_condition does. Its name starts with '_' so that "1 of them"
// and "all of them" never include it.
func addSearch(r *ir.Rule, s *ir.Search) {
	s.Name = uniqueSearchName(r, s.Name)
	r.Detection.Searches = append(r.Detection.Searches, s)
	for _, c := range r.Detection.Conditions {
		id := &ir.Ident{At: s.Pos, Name: s.Name}
		terms := []ir.Expr{id}
		if and, ok := c.Expr.(*ir.And); ok {
			terms = append(terms, and.Terms...)
		} else if c.Expr != nil {
			terms = append(terms, c.Expr)
		}
		c.Expr = &ir.And{At: c.Pos, Terms: terms}
	}
}

func uniqueSearchName(r *ir.Rule, base string) string {
	name := base
	for i := 2; r.Detection.Search(name) != nil; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	return name
}
