package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

// mvApply binds mv-apply (Microsoft Learn, "mv-apply operator"): each input
// row is expanded as mv-expand would, the sub-query runs over that row's
// expanded rows, and its results, led by the row's other columns, are put
// together.
func (b *binder) mvApply(op *kql.MvApplyOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	if op.IDName != nil {
		return nil, unsupported(op.IDName, "mv-apply with_itemindex")
	}
	spec, err := b.bindExpand(op.Options, op.Columns, op.Limit, in, sc)
	if err != nil {
		return nil, err
	}
	key := new(byte)
	body := &tabPlan{cols: spec.out, run: func(rs *runState) (*Table, error) { return rs.applyInput[key], nil }}
	for _, sub := range op.Body.Ops {
		if body, err = b.operator(sub, body, sc); err != nil {
			return nil, err
		}
	}
	keep := keptColumns(in.cols, spec, body.cols)
	out := make([]Column, 0, len(keep)+len(body.cols))
	for _, i := range keep {
		out = append(out, in.cols[i])
	}
	out = append(out, body.cols...)
	return rowsPlan(out, in, func(rs *runState, t *Table) (*Table, error) {
		return runMvApply(rs, t, spec, key, body, keep, out)
	}), nil
}

// keptColumns lists the input columns mv-apply carries into its output: the
// ones that were not expanded and that the sub-query does not itself return
// (the page's examples: summarize in the sub-query keeps the other columns of
// the row, top returns them itself).
func keptColumns(in []Column, spec expandSpec, sub []Column) []int {
	expanded := map[int]bool{}
	for _, it := range spec.items {
		expanded[it.slot] = true
	}
	var keep []int
	for i, c := range in {
		if !expanded[i] && indexOfColumn(sub, c.Name) < 0 {
			keep = append(keep, i)
		}
	}
	return keep
}

// runMvApply runs the sub-query once per input row. Per-run caches are
// cleared around each run, since a sub-query may depend on the row.
func runMvApply(rs *runState, t *Table, spec expandSpec, key *byte, body *tabPlan, keep []int, out []Column) (*Table, error) {
	res := &Table{Columns: out}
	if rs.applyInput == nil {
		rs.applyInput = map[*byte]*Table{}
	}
	saved := rs.applyInput[key]
	defer func() { rs.applyInput[key] = saved }()
	for _, row := range t.Rows {
		one := &Table{Columns: t.Columns, Rows: [][]Value{row}}
		expanded, err := runMvExpand(rs, one, spec.items, spec.out, spec.kind, spec.limit)
		if err != nil {
			return nil, err
		}
		rs.applyInput[key], rs.subs, rs.memo = expanded, nil, nil
		sub, err := body.run(rs)
		if err != nil {
			return nil, err
		}
		for _, subRow := range sub.Rows {
			nr := make([]Value, 0, len(out))
			for _, i := range keep {
				nr = append(nr, row[i])
			}
			res.Rows = append(res.Rows, append(nr, subRow...))
		}
		if err := rs.checkRows(len(res.Rows)); err != nil {
			return nil, err
		}
	}
	rs.subs, rs.memo = nil, nil
	return res, nil
}
