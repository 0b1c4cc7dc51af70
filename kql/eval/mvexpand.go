package eval

import (
	"sort"

	"github.com/sigmakql/sigmakql/kql"
)

// expandColumn is one expanded expression of mv-expand and where it goes.
type expandColumn struct {
	expr compiled
	slot int
	typ  Type
}

// expandSpec is a bound list of expanded columns, shared by mv-expand and
// mv-apply.
type expandSpec struct {
	items []expandColumn
	out   []Column
	kind  string
	limit int64
}

// mvExpand binds mv-expand, following Microsoft Learn, "mv-expand operator":
// several columns expand in parallel (missing values are null), a null value
// gives one row, an empty array or bag gives none, bags expand to one
// single-key bag per property (kind=bag) or [key, value] (kind=array), and
// to typeof(T) casts elements, non-conforming ones becoming null.
func (b *binder) mvExpand(op *kql.MvExpandOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	spec, err := b.bindExpand(op.Options, op.Columns, op.Limit, in, sc)
	if err != nil {
		return nil, err
	}
	return rowsPlan(spec.out, in, func(rs *runState, t *Table) (*Table, error) {
		return runMvExpand(rs, t, spec.items, spec.out, spec.kind, spec.limit)
	}), nil
}

// bindExpand binds the options, expanded columns and row limit of mv-expand
// or mv-apply.
func (b *binder) bindExpand(opts []*kql.Option, columns []*kql.ExpandItem, limitExpr kql.Expr, in *tabPlan, sc *scope) (expandSpec, error) {
	spec := expandSpec{kind: "bag", limit: -1, out: append([]Column(nil), in.cols...)}
	for _, o := range opts {
		switch o.Name {
		case "kind", "bagexpansion":
			spec.kind = o.Value
		default:
			return spec, unsupported(o, "the option "+o.Name)
		}
	}
	if limitExpr != nil {
		n, err := b.constLong(limitExpr, sc)
		if err != nil {
			return spec, err
		}
		spec.limit = n
	}
	for i, it := range columns {
		item, err := b.expandItem(it, i, &spec.out, in, sc)
		if err != nil {
			return spec, err
		}
		spec.items = append(spec.items, item)
	}
	return spec, nil
}

// expandItem binds one expanded column, adding or retyping its output column.
func (b *binder) expandItem(it *kql.ExpandItem, pos int, out *[]Column, in *tabPlan, sc *scope) (expandColumn, error) {
	c, err := b.expr(it.Column.X, in.cols, sc)
	if err != nil {
		return expandColumn{}, err
	}
	typ := TypeDynamic
	if it.ToType != "" {
		t, ok := ParseType(it.ToType)
		if !ok {
			return expandColumn{}, errAt(it, CodeUnsupported, "type %s is not supported by the local engine", it.ToType)
		}
		typ = t
	}
	name := columnName(it.Column, pos, "Column")
	slot := indexOfColumn(*out, name)
	if slot < 0 {
		slot = len(*out)
		*out = append(*out, Column{Name: name})
	}
	(*out)[slot].Type = typ
	return expandColumn{expr: c, slot: slot, typ: typ}, nil
}

func runMvExpand(rs *runState, t *Table, items []expandColumn, out []Column, kind string, limit int64) (*Table, error) {
	res := &Table{Columns: out}
	f := &frame{run: rs}
	for _, row := range t.Rows {
		if err := rs.tick(); err != nil {
			return nil, err
		}
		f.row = row
		lists := make([][]any, len(items))
		n := 0
		for i, it := range items {
			lists[i] = expandElements(it.expr.fn(f), kind)
			n = max(n, len(lists[i]))
		}
		if limit >= 0 && int64(n) > limit {
			n = int(limit)
		}
		for k := 0; k < n; k++ {
			nr := make([]Value, len(out))
			copy(nr, row)
			for i, it := range items {
				var e any
				if k < len(lists[i]) {
					e = lists[i][k]
				}
				nr[it.slot] = castElement(e, it.typ)
			}
			res.Rows = append(res.Rows, nr)
		}
		if err := rs.checkRows(len(res.Rows)); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// expandElements lists the elements one value expands to.
func expandElements(v Value, kind string) []any {
	if v.Type != TypeDynamic {
		return []any{dynamicOf(v)}
	}
	switch d := v.D.(type) {
	case nil:
		return []any{nil}
	case []any:
		return d
	case map[string]any:
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			if kind == "array" {
				out[i] = []any{k, d[k]}
			} else {
				out[i] = map[string]any{k: d[k]}
			}
		}
		return out
	}
	return []any{v.D}
}

// castElement casts an expanded element to the target type; an element of
// another type becomes null, since to typeof() casts rather than converts.
func castElement(e any, t Type) Value {
	v := Dynamic(e)
	if t == TypeDynamic {
		return v
	}
	u := unwrapDynamic(v)
	if u.Type == t || (isNumeric(u.Type) && isNumeric(t)) {
		return convertTo(u, t)
	}
	return Null(t)
}
