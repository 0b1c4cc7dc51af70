package schema

import "github.com/sigmakql/sigmakql/kql"

// topHitters checks top-hitters N of X [by Y] and returns X with its estimated
// count (approximate_count_X) or sum (approximate_sum_Y), as Kusto names them.
func (c *checker) topHitters(op *kql.TopHittersOp, in *rowSet, sc *scope) *rowSet {
	ctx := c.ctx(in, sc)
	c.expr(op.Count, ctx)
	typ := c.expr(op.Of, ctx)
	of, ok := op.Of.(*kql.NameRef)
	if !ok {
		return openRows
	}
	if op.By == nil {
		return fixedRows(Column{of.Name, typ}, Column{"approximate_count_" + of.Name, "long"})
	}
	byType := c.expr(op.By, ctx)
	by := resultName(op.By)
	if by == "" {
		return openRows
	}
	return fixedRows(Column{of.Name, typ}, Column{"approximate_sum_" + by, byType})
}

// facet checks facet by A, B [with (…)]: the listed columns must exist. Its
// output is one table per column, which the validator leaves open.
func (c *checker) facet(op *kql.FacetOp, in *rowSet, sc *scope) *rowSet {
	for _, n := range op.Columns {
		if n == nil {
			continue
		}
		if _, ok := in.column(n.Value); !ok && !in.open {
			c.unknownColumn(&kql.NameRef{Span: n.Span, Name: n.Value}, in, sc)
		}
	}
	c.subPipeline(op.With, in, sc)
	return openRows
}

// scan adds its declared columns (and with_match_id's) to the input. Each
// step's predicate and assignments see those columns, and a step's name stands
// for the values it matched (s1.S).
func (c *checker) scan(op *kql.ScanOp, in *rowSet, sc *scope) *rowSet {
	b := builderFrom(in)
	if id := optionValue(op.Options, "with_match_id"); id != "" {
		b.set(Column{id, "long"})
	}
	for _, p := range op.Declare {
		if p.Name != nil {
			b.set(Column{p.Name.Value, canonicalType(p.Type)})
		}
	}
	rows := b.rows()
	steps := newScope(sc)
	for _, st := range op.Steps {
		if st.Name != nil {
			steps.bind(st.Name.Value, &binding{kind: bindScalar, typ: "dynamic"})
		}
	}
	ctx := c.ctx(rows, steps)
	for _, st := range op.Steps {
		c.expr(st.Pred, ctx)
		for _, a := range st.Assign {
			c.expr(a.X, ctx)
		}
	}
	return rows
}

// find checks find in (T, U) where P [project …]: P sees the columns of the
// listed tables together, and the result is source_ followed by the projected
// columns, or by the columns every table has (Kusto packs the others into
// pack_, which Kusto.Language does not model). A find over every table is left
// open.
func (c *checker) find(op *kql.FindOp, sc *scope) *rowSet {
	var sides []*rowSet
	for _, t := range op.Tables {
		sides = append(sides, c.tabular(t, sc))
	}
	all := &rowBuilder{index: map[string]int{}, open: len(sides) == 0}
	for _, col := range mergeUnionColumns(sides) {
		all.addFirst(col)
	}
	for _, s := range sides {
		all.open = all.open || s.open
	}
	rows := all.rows()
	c.expr(op.Pred, c.ctx(rows, sc))
	if len(op.Project) > 0 {
		rows = c.project(op.Project, rows, sc, "Column")
	} else {
		rows = commonColumns(sides, rows.open)
	}
	out := &rowBuilder{index: map[string]int{}, open: rows.open}
	out.set(Column{"source_", "string"})
	for _, col := range rows.cols {
		out.addFirst(col)
	}
	return out.rows()
}

// commonColumns returns the columns, with their type, that every side has.
func commonColumns(sides []*rowSet, open bool) *rowSet {
	b := &rowBuilder{index: map[string]int{}, open: open}
	if len(sides) == 0 {
		return b.rows()
	}
	for _, col := range sides[0].cols {
		shared := true
		for _, s := range sides[1:] {
			other, ok := s.column(col.Name)
			shared = shared && ok && other.Type == col.Type
		}
		if shared {
			b.set(col)
		}
	}
	return b.rows()
}
