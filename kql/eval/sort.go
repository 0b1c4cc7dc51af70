package eval

import (
	"cmp"
	"sort"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// sortKey is a bound sort expression with its direction and null placement.
type sortKey struct {
	expr       compiled
	desc       bool
	nullsFirst bool
}

// bindSortKeys binds sort keys; the defaults follow Microsoft Learn, "sort
// operator": desc by default, nulls last for desc and first for asc.
func (b *binder) bindSortKeys(by []*kql.SortKey, in []Column, sc *scope) ([]sortKey, error) {
	keys := make([]sortKey, len(by))
	for i, k := range by {
		c, err := b.expr(k.X, in, sc)
		if err != nil {
			return nil, err
		}
		desc := k.Order != "asc"
		nullsFirst := !desc
		if k.Nulls != "" {
			nullsFirst = k.Nulls == "first"
		}
		keys[i] = sortKey{expr: c, desc: desc, nullsFirst: nullsFirst}
	}
	return keys, nil
}

// orderValues is a total order for sorting: nulls apart, comparable values by
// compareValues, anything else by type and text so the order is stable.
func orderValues(a, b Value, nullsFirst bool) int {
	a, b = unwrapDynamic(a), unwrapDynamic(b)
	switch {
	case a.Null && b.Null:
		return 0
	case a.Null:
		if nullsFirst {
			return -1
		}
		return 1
	case b.Null:
		if nullsFirst {
			return 1
		}
		return -1
	}
	if c, ok := compareValues(a, b); ok {
		return c
	}
	if a.Type != b.Type {
		return cmp.Compare(a.Type, b.Type)
	}
	return strings.Compare(toStringValue(a), toStringValue(b))
}

// sort binds sort/order by, keeping only the first limit rows when limit >= 0.
func (b *binder) sort(by []*kql.SortKey, in *tabPlan, sc *scope, limit int64, _ error) (*tabPlan, error) {
	keys, err := b.bindSortKeys(by, in.cols, sc)
	if err != nil {
		return nil, err
	}
	return rowsPlan(in.cols, in, func(rs *runState, t *Table) (*Table, error) {
		rows := sortRows(rs, t.Rows, keys)
		if limit >= 0 && int64(len(rows)) > limit {
			rows = rows[:limit]
		}
		return &Table{Columns: t.Columns, Rows: rows}, nil
	}), nil
}

func sortRows(rs *runState, rows [][]Value, keys []sortKey) [][]Value {
	type keyed struct {
		row  []Value
		keys []Value
	}
	items := make([]keyed, len(rows))
	f := &frame{run: rs}
	for i, row := range rows {
		f.row = row
		kv := make([]Value, len(keys))
		for j, k := range keys {
			kv[j] = k.expr.fn(f)
		}
		items[i] = keyed{row: row, keys: kv}
	}
	sort.SliceStable(items, func(i, j int) bool {
		for k, key := range keys {
			nullsFirst := key.nullsFirst
			if key.desc {
				nullsFirst = !nullsFirst // the comparison is reversed below
			}
			c := orderValues(items[i].keys[k], items[j].keys[k], nullsFirst)
			if key.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	out := make([][]Value, len(items))
	for i, it := range items {
		out[i] = it.row
	}
	return out
}

// top binds top N by keys.
func (b *binder) top(op *kql.TopOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	n, err := b.constLong(op.Count, sc)
	if err != nil {
		return nil, err
	}
	return b.sort(op.By, in, sc, n, nil)
}

// distinct binds distinct * or distinct of columns and expressions.
func (b *binder) distinct(op *kql.DistinctOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	src := in
	if !op.All {
		var err error
		if src, err = b.project(op.Columns, in, sc); err != nil {
			return nil, err
		}
	}
	return rowsPlan(src.cols, src, func(rs *runState, t *Table) (*Table, error) {
		seen := map[string]bool{}
		out := &Table{Columns: t.Columns}
		for _, row := range t.Rows {
			if err := rs.tick(); err != nil {
				return nil, err
			}
			k := rowKey(row)
			if !seen[k] {
				seen[k] = true
				out.Rows = append(out.Rows, row)
			}
		}
		return out, nil
	}), nil
}

// rowKey is a text that equal rows (by value and type) share.
func rowKey(row []Value) string {
	var b strings.Builder
	for _, v := range row {
		b.WriteString(valueKey(v))
		b.WriteByte(0)
	}
	return b.String()
}

func valueKey(v Value) string {
	v = unwrapDynamic(v)
	if v.Null {
		return "\x01null"
	}
	t := typeClass(v.Type)
	if t == TypeReal && v.Type != TypeReal {
		return "n" + toStringValue(Real(float64(v.N)))
	}
	if t == TypeReal {
		return "n" + toStringValue(v)
	}
	return t.String() + ":" + toStringValue(v)
}
