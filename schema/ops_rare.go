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
