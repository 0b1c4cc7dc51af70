package eval

import (
	"fmt"
	"path"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// operator binds one tabular operator over the plan of its input.
func (b *binder) operator(op kql.Operator, in *tabPlan, sc *scope) (*tabPlan, error) {
	switch op := op.(type) {
	case *kql.WhereOp:
		return b.where(op, in, sc)
	case *kql.ProjectOp:
		return b.project(op.Columns, in, sc)
	case *kql.ExtendOp:
		return b.extendColumns(op.Columns, in, sc, "Column")
	case *kql.ProjectAwayOp:
		return projectPatterns(op.Columns, in, true)
	case *kql.ProjectKeepOp:
		return projectPatterns(op.Columns, in, false)
	case *kql.ProjectRenameOp:
		return projectRename(op, in)
	case *kql.ProjectReorderOp:
		return projectReorder(op, in)
	case *kql.TakeOp:
		return b.take(op.Count, in, sc)
	case *kql.CountOp:
		return countRows(op, in), nil
	case *kql.SortOp:
		return b.sort(op.By, in, sc, -1, nil)
	case *kql.TopOp:
		return b.top(op, in, sc)
	case *kql.DistinctOp:
		return b.distinct(op, in, sc)
	case *kql.SummarizeOp:
		return b.summarize(op, in, sc)
	case *kql.JoinOp:
		return b.join(op, in, sc)
	case *kql.LookupOp:
		return b.lookup(op, in, sc)
	case *kql.InvokeOp:
		return b.invoke(op, in, sc)
	case *kql.UnionOp:
		return b.union(op, in, sc)
	case *kql.MvExpandOp:
		return b.mvExpand(op, in, sc)
	case *kql.MvApplyOp:
		return b.mvApply(op, in, sc)
	case *kql.ParseOp:
		return b.parse(op, in, sc)
	case *kql.SerializeOp:
		if len(op.Columns) == 0 {
			return in, nil
		}
		return b.extendColumns(op.Columns, in, sc, "Column")
	case *kql.RenderOp:
		return in, nil // render only tells a client how to draw the rows
	}
	return nil, unsupported(op, operatorName(op))
}

// operatorWords spell operators whose names are more than one word.
var operatorWords = map[string]string{
	"MvApply": "mv-apply", "MvExpand": "mv-expand", "MakeSeries": "make-series", "TopNested": "top-nested",
	"TopHitters": "top-hitters", "ParseKv": "parse-kv", "SampleDistinct": "sample-distinct",
	"ProjectAway": "project-away", "ProjectKeep": "project-keep", "ProjectRename": "project-rename",
	"ProjectReorder": "project-reorder", "GetSchema": "getschema",
}

// operatorName names an operator for messages as the query spells it.
func operatorName(op kql.Operator) string {
	name := strings.TrimSuffix(fmt.Sprintf("%T", op)[len("*kql."):], "Op")
	if w, ok := operatorWords[name]; ok {
		return "the " + w + " operator"
	}
	return "the " + strings.ToLower(name) + " operator"
}

// rowsPlan builds a plan that maps every input table to an output table with
// the given columns.
func rowsPlan(cols []Column, in *tabPlan, f func(rs *runState, t *Table) (*Table, error)) *tabPlan {
	return &tabPlan{cols: cols, run: func(rs *runState) (*Table, error) {
		t, err := in.run(rs)
		if err != nil {
			return nil, err
		}
		return f(rs, t)
	}}
}

// where keeps the rows whose predicate is true (null counts as false).
func (b *binder) where(op *kql.WhereOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	pred, err := b.expr(op.Pred, in.cols, sc)
	if err != nil {
		return nil, err
	}
	if pred.typ != TypeBool && pred.typ != typeUnknown && pred.typ != TypeDynamic {
		return nil, errAt(op.Pred, CodeTypeMismatch, "where needs a bool predicate, not %s", pred.typ)
	}
	return rowsPlan(in.cols, in, func(rs *runState, t *Table) (*Table, error) {
		out := &Table{Columns: t.Columns}
		f := &frame{run: rs}
		for _, row := range t.Rows {
			if err := rs.tick(); err != nil {
				return nil, err
			}
			f.row = row
			if unwrapDynamic(pred.fn(f)).IsTrue() {
				out.Rows = append(out.Rows, row)
			}
		}
		return out, nil
	}), nil
}

// namedColumn is an output column computed by an expression.
type namedColumn struct {
	name string
	expr compiled
}

// columnNames names the columns a NamedExpr produces: its explicit name, the
// name Kusto derives from the expression, or prefix plus a position.
func columnName(ne *kql.NamedExpr, pos int, prefix string) string {
	if len(ne.Names) > 0 {
		return ne.Names[0].Value
	}
	if n := resultName(ne.X); n != "" {
		return n
	}
	if prefix == "print_" {
		return fmt.Sprintf("print_%d", pos) // print numbers its columns from 0
	}
	return fmt.Sprintf("%s%d", prefix, pos+1)
}

// bindColumns binds named expressions against in.
func (b *binder) bindColumns(list []*kql.NamedExpr, in []Column, sc *scope, prefix string) ([]namedColumn, error) {
	out := make([]namedColumn, 0, len(list))
	for i, ne := range list {
		if len(ne.Names) > 1 {
			return nil, unsupported(ne, "assigning to several columns")
		}
		c, err := b.expr(ne.X, in, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, namedColumn{name: columnName(ne, i, prefix), expr: c})
	}
	return out, nil
}

func typeOr(t Type, fallback Type) Type {
	if t == typeUnknown {
		return fallback
	}
	return t
}

// project computes exactly the listed columns.
func (b *binder) project(list []*kql.NamedExpr, in *tabPlan, sc *scope) (*tabPlan, error) {
	cols, err := b.bindColumns(list, in.cols, sc, "Column")
	if err != nil {
		return nil, err
	}
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.name, Type: typeOr(c.expr.typ, TypeDynamic)}
	}
	slot := make([]int, len(cols))
	for i := range slot {
		slot[i] = i
	}
	return computedRows(out, in, cols, slot, false), nil
}

// convertValue keeps a column's values of its declared type; expressions of
// unknown static type may produce others.
func convertValue(v Value, t Type) Value {
	if v.Type == t {
		return v
	}
	if t == TypeDynamic {
		return Dynamic(dynamicOf(v))
	}
	return convertTo(v, t)
}

// extendColumns adds computed columns; a name that exists replaces that
// column in place.
func (b *binder) extendColumns(list []*kql.NamedExpr, in *tabPlan, sc *scope, prefix string) (*tabPlan, error) {
	cols, err := b.bindColumns(list, in.cols, sc, prefix)
	if err != nil {
		return nil, err
	}
	out := append([]Column(nil), in.cols...)
	slot := make([]int, len(cols))
	for i, c := range cols {
		col := Column{Name: c.name, Type: typeOr(c.expr.typ, TypeDynamic)}
		slot[i] = indexOfColumn(out, c.name)
		if slot[i] < 0 {
			slot[i] = len(out)
			out = append(out, col)
		} else {
			out[slot[i]] = col
		}
	}
	return computedRows(out, in, cols, slot, true), nil
}

// computedRows plans project and extend: each output row is out wide, starts
// as a copy of its input row when keepInput is set, and has cols[i] computed
// into column slot[i].
func computedRows(out []Column, in *tabPlan, cols []namedColumn, slot []int, keepInput bool) *tabPlan {
	return rowsPlan(out, in, func(rs *runState, t *Table) (*Table, error) {
		res := &Table{Columns: out, Rows: make([][]Value, 0, len(t.Rows))}
		f := &frame{run: rs}
		for _, row := range t.Rows {
			if err := rs.tick(); err != nil {
				return nil, err
			}
			f.row = row
			nr := make([]Value, len(out))
			if keepInput {
				copy(nr, row)
			}
			for i, c := range cols {
				nr[slot[i]] = convertValue(c.expr.fn(f), out[slot[i]].Type)
			}
			res.Rows = append(res.Rows, nr)
		}
		return res, nil
	})
}

func indexOfColumn(cols []Column, name string) int {
	for i, c := range cols {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// selectColumns returns a plan keeping the columns at idx, in that order.
func selectColumns(in *tabPlan, idx []int) *tabPlan {
	out := make([]Column, len(idx))
	for i, j := range idx {
		out[i] = in.cols[j]
	}
	return rowsPlan(out, in, func(rs *runState, t *Table) (*Table, error) {
		res := &Table{Columns: out, Rows: make([][]Value, len(t.Rows))}
		for r, row := range t.Rows {
			nr := make([]Value, len(idx))
			for i, j := range idx {
				nr[i] = row[j]
			}
			res.Rows[r] = nr
		}
		return res, nil
	})
}

// projectPatterns binds project-away (away) and project-keep: columns are
// chosen by name patterns with * wildcards.
func projectPatterns(pats []*kql.NamePattern, in *tabPlan, away bool) (*tabPlan, error) {
	var idx []int
	for i, c := range in.cols {
		hit := false
		for _, p := range pats {
			if ok, _ := path.Match(p.Value, c.Name); ok {
				hit = true
			}
		}
		if hit != away {
			idx = append(idx, i)
		}
	}
	for _, p := range pats {
		if !hasWildcard(p.Value) && indexOfColumn(in.cols, p.Value) < 0 {
			return nil, errAt(p, CodeUnknownName, "unknown column %s", p.Value)
		}
	}
	return selectColumns(in, idx), nil
}

func hasWildcard(s string) bool {
	for _, c := range s {
		if c == '*' || c == '?' || c == '[' {
			return true
		}
	}
	return false
}

// projectRename renames columns in place.
func projectRename(op *kql.ProjectRenameOp, in *tabPlan) (*tabPlan, error) {
	out := append([]Column(nil), in.cols...)
	for _, ne := range op.Columns {
		ref, ok := ne.X.(*kql.NameRef)
		if len(ne.Names) != 1 || !ok {
			return nil, errAt(ne, CodeBadArgument, "project-rename needs NewName = OldName")
		}
		i := indexOfColumn(in.cols, ref.Name)
		if i < 0 {
			return nil, errAt(ref, CodeUnknownName, "unknown column %s", ref.Name)
		}
		out[i].Name = ne.Names[0].Value
	}
	return &tabPlan{cols: out, run: func(rs *runState) (*Table, error) {
		t, err := in.run(rs)
		if err != nil {
			return nil, err
		}
		return &Table{Columns: out, Rows: t.Rows}, nil
	}}, nil
}

// projectReorder moves the matching columns first, in the order listed.
func projectReorder(op *kql.ProjectReorderOp, in *tabPlan) (*tabPlan, error) {
	var idx []int
	used := make([]bool, len(in.cols))
	for _, it := range op.Columns {
		if it.Order != "" {
			return nil, unsupported(it, "project-reorder with an order")
		}
		for i, c := range in.cols {
			if ok, _ := path.Match(it.Column.Value, c.Name); ok && !used[i] {
				idx, used[i] = append(idx, i), true
			}
		}
	}
	for i := range in.cols {
		if !used[i] {
			idx = append(idx, i)
		}
	}
	return selectColumns(in, idx), nil
}

// countRows binds count: one row holding the number of input rows.
func countRows(op *kql.CountOp, in *tabPlan) *tabPlan {
	name := "Count"
	if op.As != nil {
		name = op.As.Value
	}
	cols := []Column{{Name: name, Type: TypeLong}}
	return rowsPlan(cols, in, func(rs *runState, t *Table) (*Table, error) {
		return &Table{Columns: cols, Rows: [][]Value{{Long(int64(len(t.Rows)))}}}, nil
	})
}

// take keeps the first n rows.
func (b *binder) take(count kql.Expr, in *tabPlan, sc *scope) (*tabPlan, error) {
	n, err := b.constLong(count, sc)
	if err != nil {
		return nil, err
	}
	return rowsPlan(in.cols, in, func(rs *runState, t *Table) (*Table, error) {
		rows := t.Rows
		if int64(len(rows)) > n {
			rows = rows[:n]
		}
		return &Table{Columns: t.Columns, Rows: rows}, nil
	}), nil
}

// constLong evaluates a constant row count.
func (b *binder) constLong(x kql.Expr, sc *scope) (int64, error) {
	c, err := b.expr(x, nil, sc)
	if err != nil {
		return 0, err
	}
	if !c.konst {
		return 0, unsupported(x, "a non-constant row count")
	}
	v := toLong(c.value())
	if v.Null || v.N < 0 {
		return 0, errAt(x, CodeBadArgument, "row count must be a non-negative number")
	}
	return v.N, nil
}

// resultName is the name Kusto gives a column computed by x when the query
// names none, or "" when it generates ColumnN. tostring(X) and the other
// conversions keep X's name; X.a and X["a"] are X_a.
func resultName(x kql.Expr) string {
	switch x := x.(type) {
	case *kql.NameRef:
		return x.Name
	case *kql.Paren:
		return resultName(x.X)
	case *kql.Member:
		if base := resultName(x.X); base != "" {
			return base + "_" + x.Name
		}
	case *kql.Index:
		if lit, ok := x.Index.(*kql.Literal); ok && lit.Kind == kql.LitString {
			if base := resultName(x.X); base != "" {
				return base + "_" + lit.Value
			}
		}
	case *kql.Call:
		if namedByFirstArg[x.Func] && len(x.Args) > 0 {
			return resultName(x.Args[0])
		}
	}
	return ""
}

// namedByFirstArg lists functions whose result column keeps the name of their
// first argument, as Kusto.Language names them.
var namedByFirstArg = map[string]bool{
	"tostring": true, "tolong": true, "toint": true, "toreal": true, "todouble": true, "tobool": true,
	"todatetime": true, "totimespan": true, "todynamic": true, "parse_json": true, "parsejson": true,
	"bin": true, "floor": true, "startofday": true, "split": true, "toguid": true,
}
