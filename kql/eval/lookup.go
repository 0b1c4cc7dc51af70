package eval

import (
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// lookup binds the lookup operator (Microsoft Learn, "lookup operator"): a
// join of kind leftouter (the default) or inner whose result leaves out the
// right-hand columns the join is based on.
func (b *binder) lookup(op *kql.LookupOp, left *tabPlan, sc *scope) (*tabPlan, error) {
	kind := "leftouter"
	if v, ok := optionValue(op.Options, "kind"); ok {
		kind = strings.ToLower(v)
	}
	if kind != "leftouter" && kind != "inner" {
		return nil, errAt(op, CodeUnsupported, "lookup kind=%s is not supported by the local engine", kind)
	}
	join := &kql.JoinOp{Span: op.Span, Right: op.Right, On: op.On, Options: []*kql.Option{{Name: "kind", Value: kind}}}
	joined, err := b.join(join, left, sc)
	if err != nil {
		return nil, err
	}
	var keep []int
	for i := range joined.cols {
		if i < len(left.cols) || !isRightKey(op.On, joined.cols, i, len(left.cols)) {
			keep = append(keep, i)
		}
	}
	return selectColumns(joined, keep), nil
}

// isRightKey reports whether output column i (a right-hand column, right
// columns starting at offset) is named in the on clause as a right key.
func isRightKey(on []kql.Expr, cols []Column, i, offset int) bool {
	for _, x := range flattenAnd(on) {
		switch x := x.(type) {
		case *kql.NameRef:
			if rightName(cols, i, offset) == x.Name {
				return true
			}
		case *kql.Binary:
			l, lside := sideColumn(x.X)
			r, rside := sideColumn(x.Y)
			if lside == "$right" {
				r = l
			} else if rside != "$right" {
				continue
			}
			if rightName(cols, i, offset) == r {
				return true
			}
		}
	}
	return false
}

// rightName recovers the right table's own name of output column i: join
// suffixed it with a number when the left side had the same name.
func rightName(cols []Column, i, offset int) string {
	name := cols[i].Name
	for j := 0; j < offset; j++ {
		if trimmed := strings.TrimRight(name, "0123456789"); trimmed != name && cols[j].Name == trimmed {
			return trimmed
		}
	}
	return name
}
