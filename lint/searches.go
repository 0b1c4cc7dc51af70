package lint

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

// searchUsage reports searches that no condition uses and conditions that say
// "all of them". A detection with an unparsed condition is left alone: which
// searches it meant to use is unknown.
func searchUsage(det *ir.Detection) diag.List {
	var ds diag.List
	used := map[string]bool{}
	for _, c := range det.Conditions {
		if c.Expr == nil {
			return nil
		}
		walk(c.Expr, func(e ir.Expr) {
			switch n := e.(type) {
			case *ir.Ident:
				used[n.Name] = true
			case *ir.Of:
				for _, name := range n.Names {
					used[name] = true
				}
				if n.Quant == ir.AllOf && n.Pattern == "them" {
					ds.Warnf(n.At, AllOfThem, "'all of them' requires every search, so a filter added later would be required, not excluded; name the searches instead")
				}
			}
		})
	}
	if len(det.Conditions) == 0 {
		return ds
	}
	for _, s := range det.Searches {
		if !used[s.Name] {
			ds.Warnf(s.Pos, UnusedSearch, "search %q is not used by any condition", s.Name)
		}
	}
	return ds
}

// walk calls visit for e and every expression below it.
func walk(e ir.Expr, visit func(ir.Expr)) {
	visit(e)
	switch n := e.(type) {
	case *ir.Not:
		walk(n.X, visit)
	case *ir.And:
		for _, t := range n.Terms {
			walk(t, visit)
		}
	case *ir.Or:
		for _, t := range n.Terms {
			walk(t, visit)
		}
	}
}
