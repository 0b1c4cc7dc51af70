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

// mvExpand binds mv-expand, following Microsoft Learn, "mv-expand operator":
// several columns expand in parallel (missing values are null), a null value
// gives one row, an empty array or bag gives none, bags expand to one
// single-key bag per property (kind=bag) or [key, value] (kind=array), and
// to typeof(T) casts elements, non-conforming ones becoming null.
func (b *binder) mvExpand(op *kql.MvExpandOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	kind := "bag"
	for _, o := range op.Options {
		switch o.Name {
		case "kind", "bagexpansion":
			kind = o.Value
		default:
			return nil, unsupported(o, "mv-expand option "+o.Name)
		}
	}
	limit := int64(-1)
	if op.Limit != nil {
		n, err := b.constLong(op.Limit, sc)
		if err != nil {
			return nil, err
		}
		limit = n
	}
	out := append([]Column(nil), in.cols...)
	items := make([]expandColumn, len(op.Columns))
	for i, it := range op.Columns {
		c, err := b.expr(it.Column.X, in.cols, sc)
		if err != nil {
			return nil, err
		}
		typ := TypeDynamic
		if it.ToType != "" {
			t, ok := ParseType(it.ToType)
			if !ok {
				return nil, errAt(it, CodeUnsupported, "type %s is not supported by the local engine", it.ToType)
			}
			typ = t
		}
		name := columnName(it.Column, i, "Column")
		slot := indexOfColumn(out, name)
		if slot < 0 {
			slot = len(out)
			out = append(out, Column{Name: name})
		}
		out[slot].Type = typ
		items[i] = expandColumn{expr: c, slot: slot, typ: typ}
	}
	return rowsPlan(out, in, func(rs *runState, t *Table) (*Table, error) {
		return runMvExpand(rs, t, items, out, kind, limit)
	}), nil
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
