package eval

import (
	"fmt"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// aggState accumulates one aggregate over the rows of a group.
type aggState interface {
	add(f *frame)
	result() Value
}

// aggSpec binds an aggregate call: its output columns and a factory for the
// per-group state. Row aggregates (arg_max, take_any) produce several columns.
type aggSpec struct {
	cols   []Column
	newAgg func() aggState
	multi  bool // result is a dynamic array of the columns' values
}

// aggregateBinder binds one aggregate call against the input columns.
type aggregateBinder func(b *binder, call *kql.Call, in []Column, sc *scope) (aggSpec, error)

// aggregates are the aggregate functions summarize supports.
var aggregates = map[string]aggregateBinder{}

// summarize groups rows by the by-expressions and computes the aggregates.
// Hints (hint.strategy, hint.shufflekey, …) only steer how Kusto distributes
// the work, so they are accepted and ignored.
func (b *binder) summarize(op *kql.SummarizeOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	for _, o := range op.Options {
		if !strings.HasPrefix(o.Name, "hint.") {
			return nil, unsupported(o, "summarize option "+o.Name)
		}
	}
	keys, err := b.bindColumns(op.By, in.cols, sc, "Column")
	if err != nil {
		return nil, err
	}
	var out []Column
	for _, k := range keys {
		out = append(out, Column{Name: k.name, Type: typeOr(k.expr.typ, TypeDynamic)})
	}
	specs := make([]aggSpec, len(op.Aggs))
	for i, ne := range op.Aggs {
		spec, err := b.aggregate(ne, i, in.cols, sc)
		if err != nil {
			return nil, err
		}
		specs[i] = spec
		out = append(out, spec.cols...)
	}
	out = uniqueNames(out)
	return rowsPlan(out, in, func(rs *runState, t *Table) (*Table, error) {
		return runSummarize(rs, t, keys, specs, out)
	}), nil
}

// aggregate binds one aggregate of summarize, applying its explicit name(s).
func (b *binder) aggregate(ne *kql.NamedExpr, pos int, in []Column, sc *scope) (aggSpec, error) {
	call, ok := ne.X.(*kql.Call)
	if !ok {
		return aggSpec{}, unsupported(ne.X, "an expression over aggregates in summarize")
	}
	bindAgg, ok := aggregates[call.Func]
	if !ok {
		return aggSpec{}, errAt(call, CodeUnsupported, "aggregate %s() is not supported by the local engine", call.Func)
	}
	spec, err := bindAgg(b, call, in, sc)
	if err != nil {
		return aggSpec{}, err
	}
	for i := range spec.cols {
		if i < len(ne.Names) {
			spec.cols[i].Name = ne.Names[i].Value
		}
	}
	return spec, nil
}

// uniqueNames renames repeated column names with numeric suffixes (Name1,
// Name2), as Kusto does.
func uniqueNames(cols []Column) []Column {
	seen := map[string]bool{}
	for i, c := range cols {
		name := c.Name
		for n := 1; seen[name]; n++ {
			name = fmt.Sprintf("%s%d", c.Name, n)
		}
		seen[name] = true
		cols[i].Name = name
	}
	return cols
}

type group struct {
	key  []Value
	aggs []aggState
}

func runSummarize(rs *runState, t *Table, keys []namedColumn, specs []aggSpec, out []Column) (*Table, error) {
	groups := map[string]*group{}
	var order []*group
	f := &frame{run: rs}
	for _, row := range t.Rows {
		if err := rs.tick(); err != nil {
			return nil, err
		}
		f.row = row
		kv := make([]Value, len(keys))
		for i, k := range keys {
			kv[i] = convertValue(k.expr.fn(f), out[i].Type)
		}
		id := rowKey(kv)
		g := groups[id]
		if g == nil {
			g = &group{key: kv, aggs: make([]aggState, len(specs))}
			for i, s := range specs {
				g.aggs[i] = s.newAgg()
			}
			groups[id] = g
			order = append(order, g)
			if err := rs.checkRows(len(order)); err != nil {
				return nil, err
			}
		}
		for _, a := range g.aggs {
			a.add(f)
		}
	}
	if len(keys) == 0 && len(order) == 0 {
		g := &group{aggs: make([]aggState, len(specs))}
		for i, s := range specs {
			g.aggs[i] = s.newAgg()
		}
		order = append(order, g)
	}
	res := &Table{Columns: out, Rows: make([][]Value, 0, len(order))}
	for _, g := range order {
		row := append([]Value(nil), g.key...)
		for i, a := range g.aggs {
			v := a.result()
			if specs[i].multi {
				row = append(row, v.D.([]Value)...)
			} else {
				row = append(row, v)
			}
		}
		for i := range row {
			row[i] = convertValue(row[i], out[i].Type)
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}
