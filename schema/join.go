package schema

import (
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// optionValue returns the value of a kind=…, withsource=… style option.
func optionValue(opts []*kql.Option, name string) string {
	for _, o := range opts {
		if strings.EqualFold(o.Name, name) {
			return strings.Trim(o.Value, `'"`)
		}
	}
	return ""
}

// join merges the two sides. Semi and anti joins keep one side; the others keep
// both, renaming right-side columns that clash with left ones (A becomes A1).
func (c *checker) join(op *kql.JoinOp, left *rowSet, sc *scope) *rowSet {
	right := c.tabular(op.Right, sc)
	c.joinConditions(op.On, left, right, sc)
	switch strings.ToLower(optionValue(op.Options, "kind")) {
	case "leftsemi", "leftanti", "leftantisemi", "anti":
		return left
	case "rightsemi", "rightanti", "rightantisemi":
		return right
	}
	b := builderFrom(left)
	b.open = left.open || right.open
	b.table = sameTable(left, right)
	appendRight(b, right.cols, right)
	return b.rows()
}

// appendRight adds a join's right-side columns. One whose name the left side
// already has is renamed with the smallest numeric suffix that neither side
// uses (A becomes A1, or A2 when the right side has its own A1).
func appendRight(b *rowBuilder, cols []Column, right *rowSet) {
	for _, col := range cols {
		if b.has(col.Name) {
			base := col.Name
			for i := 1; ; i++ {
				col.Name = base + itoa(i)
				if _, inRight := right.column(col.Name); !b.has(col.Name) && !inRight {
					break
				}
			}
		}
		b.set(col)
	}
}

func sameTable(a, b *rowSet) string {
	if a.table == b.table {
		return a.table
	}
	return ""
}

// joinConditions checks on A, which both sides must have, and
// $left.A == $right.B against each side.
func (c *checker) joinConditions(on []kql.Expr, left, right *rowSet, sc *scope) {
	ctx := &rowCtx{rows: left, sc: sc, left: left, right: right}
	for _, x := range on {
		ref, ok := x.(*kql.NameRef)
		if !ok {
			c.expr(x, ctx)
			continue
		}
		_, inLeft := left.column(ref.Name)
		_, inRight := right.column(ref.Name)
		switch {
		case inLeft && inRight || left.open || right.open:
		case !inRight && inLeft:
			c.unknownColumn(ref, right, nil)
		default:
			c.unknownColumn(ref, left, nil)
		}
	}
}

// lookup extends the left rows with the right side's columns other than the
// keys.
func (c *checker) lookup(op *kql.LookupOp, left *rowSet, sc *scope) *rowSet {
	right := c.tabular(op.Right, sc)
	c.joinConditions(op.On, left, right, sc)
	keys := map[string]bool{}
	for _, x := range op.On {
		switch x := x.(type) {
		case *kql.NameRef:
			keys[x.Name] = true
		case *kql.Binary:
			if m, ok := x.Y.(*kql.Member); ok {
				keys[m.Name] = true
			}
		}
	}
	b := builderFrom(left)
	b.open = left.open || right.open
	var nonKeys []Column
	for _, col := range right.cols {
		if !keys[col.Name] {
			nonKeys = append(nonKeys, col)
		}
	}
	appendRight(b, nonKeys, right)
	return b.rows()
}

// union merges the columns of all its tables (and of the piped input, in).
// withsource= adds the column naming each row's table.
func (c *checker) union(op *kql.UnionOp, in *rowSet, sc *scope) *rowSet {
	b := &rowBuilder{index: map[string]int{}}
	if src := optionValue(op.Options, "withsource"); src != "" {
		b.set(Column{src, "string"})
	}
	fuzzy := strings.EqualFold(optionValue(op.Options, "isfuzzy"), "true")
	var sides []*rowSet
	if in != nil {
		sides = append(sides, in)
	}
	for _, t := range op.Tables {
		sides = append(sides, c.unionTable(t, fuzzy, sc))
	}
	b.table = commonTable(sides)
	for _, col := range mergeUnionColumns(sides) {
		b.addFirst(col)
	}
	for _, side := range sides {
		b.open = b.open || side.open
	}
	return b.rows()
}

func commonTable(sides []*rowSet) string {
	if len(sides) == 0 {
		return ""
	}
	for _, s := range sides[1:] {
		if s.table != sides[0].table {
			return ""
		}
	}
	return sides[0].table
}

// mergeUnionColumns lists each column name once, in order of first appearance;
// a name that has different types in different tables becomes one column per
// type, Name_type, as Kusto's union does (Status_string, Status_dynamic).
func mergeUnionColumns(sides []*rowSet) []Column {
	var names []string
	types := map[string][]string{}
	for _, s := range sides {
		for _, col := range s.cols {
			ts, seen := types[col.Name]
			if !seen {
				names = append(names, col.Name)
			}
			if col.Type != "" && !contains(ts, col.Type) {
				ts = append(ts, col.Type)
			}
			types[col.Name] = ts
		}
	}
	var out []Column
	for _, n := range names {
		switch ts := types[n]; len(ts) {
		case 0:
			out = append(out, Column{n, ""})
		case 1:
			out = append(out, Column{n, ts[0]})
		default:
			for _, t := range ts {
				out = append(out, Column{n + "_" + t, t})
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unionTable resolves one table of a union; with isfuzzy=true a missing table is
// allowed and contributes nothing.
func (c *checker) unionTable(x kql.Expr, fuzzy bool, sc *scope) *rowSet {
	if ref, ok := x.(*kql.NameRef); ok && fuzzy && !c.isTabularExpr(ref, sc) {
		return &rowSet{}
	}
	return c.tabular(x, sc)
}

// mvExpand replaces each expanded column by its elements (dynamic, or the type
// named by to typeof(…)), adding with_itemindex's column.
func (c *checker) mvExpand(opts []*kql.Option, items []*kql.ExpandItem, limit kql.Expr, in *rowSet, sc *scope) *rowSet {
	ctx := c.ctx(in, sc)
	c.expr(limit, ctx)
	b := builderFrom(in)
	if idx := optionValue(opts, "with_itemindex"); idx != "" {
		b.set(Column{idx, "long"})
	}
	gen := &columnNamer{prefix: "Column"}
	for i, it := range items {
		if it.Column == nil {
			continue
		}
		c.expr(it.Column.X, ctx)
		typ := nameOr(canonicalType(it.ToType), "dynamic")
		for _, name := range outputNames(it.Column, i, b, gen) {
			b.set(Column{name, typ})
		}
	}
	return b.rows()
}

// mvApply expands like mv-expand, runs the sub-query over the expanded rows, and
// returns the input's other columns followed by the sub-query's output.
func (c *checker) mvApply(op *kql.MvApplyOp, in *rowSet, sc *scope) *rowSet {
	expanded := c.mvExpand(op.Options, op.Columns, op.Limit, in, sc)
	if op.IDName != nil {
		b := builderFrom(expanded)
		b.set(Column{op.IDName.Value, "long"})
		expanded = b.rows()
	}
	sub := c.subPipeline(op.Body, expanded, sc)
	b := builderFrom(in)
	for _, col := range expanded.cols {
		if _, ok := in.column(col.Name); !ok {
			continue
		}
		if _, kept := sub.column(col.Name); !kept && isExpanded(op.Columns, col.Name) {
			name := col.Name
			b.remove(func(n string) bool { return n == name })
		}
	}
	b.open = b.open || sub.open
	for _, col := range sub.cols {
		b.set(col)
	}
	return b.rows()
}

func isExpanded(items []*kql.ExpandItem, name string) bool {
	for _, it := range items {
		if it.Column == nil {
			continue
		}
		if len(it.Column.Names) > 0 && it.Column.Names[0].Value == name {
			return true
		}
		if len(it.Column.Names) == 0 && resultName(it.Column.X) == name {
			return true
		}
	}
	return false
}

// search returns the searched rows with the $table column first: the piped
// input, or the union of the tables listed after in. Searching every table of
// the database leaves the rows open.
func (c *checker) search(op *kql.SearchOp, in *rowSet, sc *scope) *rowSet {
	var sides []*rowSet
	switch {
	case in != nil:
		sides = []*rowSet{in}
	case len(op.Tables) == 0:
		c.expr(op.Pred, c.ctx(openRows, sc))
		return openRows
	}
	for _, t := range op.Tables {
		sides = append(sides, c.tabular(t, sc))
	}
	b := &rowBuilder{index: map[string]int{}, table: commonTable(sides)}
	b.set(Column{"$table", "string"})
	for _, col := range mergeUnionColumns(sides) {
		b.addFirst(col)
	}
	for _, side := range sides {
		b.open = b.open || side.open
	}
	rows := b.rows()
	c.expr(op.Pred, c.ctx(rows, sc))
	return rows
}
