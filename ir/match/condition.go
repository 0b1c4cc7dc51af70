package match

import (
	"fmt"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// searchMatcher is a compiled ir.Search: an OR over groups, each an AND over field
// matches (Sigma specification, "Lists" and "Maps").
type searchMatcher struct {
	name   string
	groups [][]*fieldMatcher
}

func compileSearch(s *ir.Search, opts *Options) (*searchMatcher, error) {
	sm := &searchMatcher{name: s.Name}
	if len(s.Alternatives) == 0 {
		return nil, diag.Errorf(s.Pos, CodeEmptySearch, "search %q is empty", s.Name)
	}
	var diags diag.List
	for _, g := range s.Alternatives {
		if len(g.Matches) == 0 {
			diags.Errorf(g.Pos, CodeEmptySearch, "search %q has an empty map", s.Name)
			continue
		}
		var group []*fieldMatcher
		for _, fm := range g.Matches {
			m, err := compileFieldMatch(fm, opts)
			if err != nil {
				diags.Add(asDiagnostics(err)...)
				continue
			}
			group = append(group, m)
		}
		sm.groups = append(sm.groups, group)
	}
	return sm, diags.Err()
}

func (s *searchMatcher) eval(ev *Prepared, opts *Options) bool {
	for _, group := range s.groups {
		if allHold(group, ev, opts) {
			return true
		}
	}
	return false
}

func allHold(group []*fieldMatcher, ev *Prepared, opts *Options) bool {
	for _, m := range group {
		if !m.eval(ev, opts) {
			return false
		}
	}
	return true
}

// condition is a compiled condition expression.
type condition func(st *state) bool

// compileExpr compiles a condition: and, or, not, identifiers, and "1 of"/"all of"
// over the names the parser expanded (identifiers starting with '_' are already left
// out of "them"; Sigma specification, "Condition").
func compileExpr(e ir.Expr, index map[string]int) (condition, error) {
	switch e := e.(type) {
	case *ir.Ident:
		return identCondition(e.Name, e.At, index)
	case *ir.Not:
		x, err := compileExpr(e.X, index)
		if err != nil {
			return nil, err
		}
		return func(st *state) bool { return !x(st) }, nil
	case *ir.And:
		terms, err := compileTerms(e.Terms, index)
		return allOf(terms), err
	case *ir.Or:
		terms, err := compileTerms(e.Terms, index)
		return anyOf(terms), err
	case *ir.Of:
		return ofCondition(e, index)
	}
	return nil, fmt.Errorf("unknown condition node %T", e)
}

func identCondition(name string, at ir.Pos, index map[string]int) (condition, error) {
	i, ok := index[name]
	if !ok {
		return nil, diag.Errorf(at, CodeUndefinedSearch, "condition names undefined search %q", name)
	}
	return func(st *state) bool { return st.search(i) }, nil
}

func compileTerms(exprs []ir.Expr, index map[string]int) ([]condition, error) {
	terms := make([]condition, 0, len(exprs))
	for _, x := range exprs {
		c, err := compileExpr(x, index)
		if err != nil {
			return nil, err
		}
		terms = append(terms, c)
	}
	return terms, nil
}

func ofCondition(e *ir.Of, index map[string]int) (condition, error) {
	if len(e.Names) == 0 {
		return nil, diag.Errorf(e.At, CodeEmptySearch, "%q matches no search identifier", e.String())
	}
	terms := make([]condition, 0, len(e.Names))
	for _, name := range e.Names {
		c, err := identCondition(name, e.At, index)
		if err != nil {
			return nil, err
		}
		terms = append(terms, c)
	}
	if e.Quant == ir.AllOf {
		return allOf(terms), nil
	}
	return anyOf(terms), nil
}

func allOf(terms []condition) condition {
	return func(st *state) bool {
		for _, t := range terms {
			if !t(st) {
				return false
			}
		}
		return true
	}
}

func anyOf(terms []condition) condition {
	return func(st *state) bool {
		for _, t := range terms {
			if t(st) {
				return true
			}
		}
		return false
	}
}
