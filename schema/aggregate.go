package schema

import (
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// summarize replaces the rows by the group keys followed by the aggregates, with
// Kusto's default names (count_, dcount_X, avg_X, arg_max expanding its
// arguments) made unique by numeric suffixes.
func (c *checker) summarize(op *kql.SummarizeOp, in *rowSet, sc *scope) *rowSet {
	ctx := c.ctx(in, sc)
	b := &rowBuilder{index: map[string]int{}, table: in.table}
	gen := &columnNamer{prefix: "Column"}
	keys := map[string]bool{}
	for i, ne := range op.By {
		typ := c.expr(ne.X, ctx)
		for _, name := range outputNames(ne, i, b, gen) {
			keys[name] = true
			b.addUnique(Column{name, typ})
		}
	}
	for i, ne := range op.Aggs {
		c.aggregate(ne, i, ctx, b, gen, keys)
	}
	return b.rows()
}

// aggregate checks one aggregate of summarize and adds its output columns.
func (c *checker) aggregate(ne *kql.NamedExpr, pos int, ctx *rowCtx, b *rowBuilder, gen *columnNamer, keys map[string]bool) {
	call, isCall := ne.X.(*kql.Call)
	fn := ""
	if isCall {
		fn = strings.ToLower(call.Func)
	}
	switch {
	case isCall && rowAggregates[fn]:
		cols := c.rowAggregate(call, ctx, b, keys)
		for i, col := range cols {
			if i < len(ne.Names) {
				col.Name = ne.Names[i].Value
			}
			b.addUnique(col)
		}
	case isCall && percentileAggregates[fn] && len(ne.Names) == 0:
		for _, col := range c.percentiles(call, ctx) {
			b.addUnique(col)
		}
	default:
		typ := c.expr(ne.X, ctx)
		for _, name := range outputNames(ne, pos, b, gen) {
			b.addUnique(Column{name, typ})
		}
	}
}

// rowAggregate handles take_any, arg_max and arg_min: each argument becomes a
// column, and * stands for every input column but the group keys and the
// aggregate's own arguments (a clash with another aggregate gets a suffix).
func (c *checker) rowAggregate(call *kql.Call, ctx *rowCtx, b *rowBuilder, keys map[string]bool) []Column {
	var cols []Column
	for _, a := range call.Args {
		if _, star := a.(*kql.Star); star {
			for _, col := range ctx.rows.cols {
				if !keys[col.Name] && !hasColumn(cols, col.Name) {
					cols = append(cols, col)
				}
			}
			b.open = b.open || ctx.rows.open
			continue
		}
		typ := c.expr(a, ctx)
		cols = append(cols, Column{nameOr(resultName(a), "Column"+itoa(len(cols)+1)), typ})
	}
	return cols
}

func hasColumn(cols []Column, name string) bool {
	for _, c := range cols {
		if c.Name == name {
			return true
		}
	}
	return false
}

// percentiles names percentile(X, 95) percentile_X_95, one column per value.
func (c *checker) percentiles(call *kql.Call, ctx *rowCtx) []Column {
	if len(call.Args) == 0 {
		return nil
	}
	typ := c.expr(call.Args[0], ctx)
	base := "percentile_" + resultName(call.Args[0])
	var cols []Column
	for _, a := range call.Args[1:] {
		c.expr(a, ctx)
		if lit, ok := a.(*kql.Literal); ok {
			cols = append(cols, Column{base + "_" + strings.ReplaceAll(lit.Value, ".", "_"), typ})
		}
	}
	return cols
}

// makeSeries produces the group keys, one dynamic column per aggregate, and the
// axis column.
func (c *checker) makeSeries(op *kql.MakeSeriesOp, in *rowSet, sc *scope) *rowSet {
	ctx := c.ctx(in, sc)
	b := &rowBuilder{index: map[string]int{}, table: in.table}
	gen := &columnNamer{prefix: "Column"}
	for i, ne := range op.By {
		typ := c.expr(ne.X, ctx)
		for _, name := range outputNames(ne, i, b, gen) {
			b.addUnique(Column{name, typ})
		}
	}
	for i, agg := range op.Aggs {
		if agg.Agg == nil {
			continue
		}
		c.expr(agg.Agg.X, ctx)
		c.expr(agg.Default, ctx)
		for _, name := range outputNames(agg.Agg, i, b, gen) {
			b.addUnique(Column{name, "dynamic"})
		}
	}
	for _, x := range append([]kql.Expr{op.On, op.From, op.To, op.Step}, op.InRange...) {
		c.expr(x, ctx)
	}
	b.addUnique(Column{nameOr(resultName(op.On), "Column"), "dynamic"})
	return b.rows()
}

// topNested produces, per level, the grouped column and its aggregate
// (aggregated_X unless named).
func (c *checker) topNested(op *kql.TopNestedOp, in *rowSet, sc *scope) *rowSet {
	ctx := c.ctx(in, sc)
	b := &rowBuilder{index: map[string]int{}, table: in.table}
	gen := &columnNamer{prefix: "Column"}
	for i, lv := range op.Levels {
		c.expr(lv.Count, ctx)
		c.expr(lv.Others, ctx)
		ofName := ""
		if lv.Of != nil {
			typ := c.expr(lv.Of.X, ctx)
			names := outputNames(lv.Of, i, b, gen)
			ofName = names[0]
			b.addUnique(Column{ofName, typ})
		}
		if lv.By != nil {
			typ := c.expr(lv.By.X, ctx)
			name := "aggregated_" + ofName
			if len(lv.By.Names) > 0 {
				name = lv.By.Names[0].Value
			}
			b.addUnique(Column{name, typ})
		}
	}
	return b.rows()
}
