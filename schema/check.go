package schema

import (
	"path"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// checker walks one query, carrying the rows in scope through each operator.
type checker struct {
	schema *Schema
	an     *Analysis
	seen   map[int]bool // offsets already reported, so a name is reported once
	// quiet suppresses reports while a function body is re-checked for a call,
	// since its findings were reported at its definition.
	quiet bool
	depth int // nesting of function re-checks, bounded by maxCallDepth
	calls int // function re-checks so far, bounded by maxCalls
	// stored caches the bindings of stored functions by name (nil: no such
	// function), so each body is checked once per query.
	stored map[string]*binding
}

// Bounds on following calls into function bodies, so that functions calling
// each other many times cannot make validation take exponential time.
const (
	maxCallDepth = 8
	maxCalls     = 256
)

// query checks the statements in order; let statements bind names for the rest.
func (c *checker) query(q *kql.Query) {
	c.statements(q.Statements, c.rootScope())
}

// statements checks a statement list and returns the rows of its last tabular
// expression statement (nil when it has none).
func (c *checker) statements(stmts []kql.Statement, sc *scope) *rowSet {
	var last *rowSet
	for _, st := range stmts {
		switch st := st.(type) {
		case *kql.LetStmt:
			c.let(st, sc)
		case *kql.DeclareStmt:
			sc.bindParams(st.Params)
		case *kql.ExprStmt:
			last = c.letValue(st.Pipe, sc).rows
		}
	}
	return last
}

func (c *checker) let(st *kql.LetStmt, sc *scope) {
	if st.Name == nil {
		return
	}
	if st.Func != nil {
		inner := newScope(sc)
		inner.bindParams(st.Func.Params)
		var rows *rowSet
		if st.Func.Body != nil {
			rows = c.statements(st.Func.Body.Statements, inner)
		}
		sc.bind(st.Name.Value, &binding{kind: bindFunc, rows: rows, fn: st.Func, defScope: sc})
		return
	}
	if st.Value != nil {
		b := c.letValue(st.Value, sc)
		sc.bind(st.Name.Value, &b)
	}
}

// letValue evaluates the value of a let statement or the final statement, which
// may be tabular (a pipeline, a table name, materialize(…)) or scalar.
func (c *checker) letValue(p *kql.Pipeline, sc *scope) binding {
	x, scalar := p.Scalar()
	if !scalar {
		return binding{kind: bindTabular, rows: c.pipeline(p, sc)}
	}
	if c.isTabularExpr(x, sc) {
		return binding{kind: bindTabular, rows: c.tabular(x, sc)}
	}
	return binding{kind: bindScalar, typ: c.expr(x, &rowCtx{rows: &rowSet{}, sc: sc})}
}

// isTabularExpr reports whether x, standing alone, denotes a table.
func (c *checker) isTabularExpr(x kql.Expr, sc *scope) bool {
	switch x := x.(type) {
	case *kql.NameRef:
		if b, ok := sc.lookup(x.Name); ok {
			return b.kind != bindScalar
		}
		_, ok := c.schema.Table(x.Name)
		return ok
	case *kql.TabularExpr:
		return true
	case *kql.Paren:
		return c.isTabularExpr(x.X, sc)
	case *kql.Member:
		return isDatabaseCall(x.X)
	case *kql.Call:
		switch strings.ToLower(x.Func) {
		case "materialize", "table", "view", "externaldata", "external_table", "materialized_view":
			return true
		}
		if b, ok := sc.lookup(x.Func); ok {
			return b.kind == bindFunc && b.rows != nil
		}
	}
	return false
}

// pipeline checks a source and its operators and returns the resulting rows.
func (c *checker) pipeline(p *kql.Pipeline, sc *scope) *rowSet {
	rows := c.source(p.Source, sc)
	for _, op := range p.Ops {
		rows = c.operator(op, rows, sc)
	}
	return rows
}

// subPipeline checks operators applied to rows (mv-apply, fork, facet bodies).
func (c *checker) subPipeline(p *kql.SubPipeline, rows *rowSet, sc *scope) *rowSet {
	if p == nil {
		return rows
	}
	for _, op := range p.Ops {
		rows = c.operator(op, rows, sc)
	}
	return rows
}

// source returns the rows a pipeline starts with.
func (c *checker) source(src kql.Source, sc *scope) *rowSet {
	switch src := src.(type) {
	case *kql.ExprSource:
		if c.isTabularExpr(src.X, sc) || isTableLike(src.X) {
			return c.tabular(src.X, sc)
		}
		c.expr(src.X, &rowCtx{rows: &rowSet{}, sc: sc})
		return openRows
	case *kql.DatatableSource:
		return declaredRows(src.Columns)
	case *kql.ExternalDataSource:
		return declaredRows(src.Columns)
	case *kql.PrintSource:
		return c.project(src.Columns, &rowSet{}, sc, "print_")
	case *kql.RangeSource:
		ctx := &rowCtx{rows: &rowSet{}, sc: sc}
		typ := c.expr(src.From, ctx)
		c.expr(src.To, ctx)
		c.expr(src.Step, ctx)
		if src.Column == nil {
			return openRows
		}
		return (&rowBuilder{cols: []Column{{src.Column.Value, typ}}, index: map[string]int{src.Column.Value: 0}}).rows()
	case *kql.UnionOp:
		return c.union(src, nil, sc)
	case *kql.SearchOp:
		return c.search(src, nil, sc)
	case *kql.FindOp:
		return c.find(src, sc)
	case *kql.EvaluateOp:
		return openRows
	}
	return openRows
}

// isTableLike reports whether x, as a pipeline source, must be a table even if
// its name resolves nowhere: a bare name or a call of an unknown function.
func isTableLike(x kql.Expr) bool {
	switch x.(type) {
	case *kql.NameRef, *kql.Call, *kql.Member:
		return true
	}
	return false
}

func isDatabaseCall(x kql.Expr) bool {
	for {
		switch e := x.(type) {
		case *kql.Call:
			f := strings.ToLower(e.Func)
			return f == "database" || f == "cluster"
		case *kql.Member:
			x = e.X
		default:
			return false
		}
	}
}

// tabular returns the rows of an expression that denotes a table.
func (c *checker) tabular(x kql.Expr, sc *scope) *rowSet {
	switch x := x.(type) {
	case *kql.NameRef:
		return c.tableName(x.Name, x.Pos, sc)
	case *kql.TabularExpr:
		if x.Pipe == nil {
			return openRows
		}
		return c.letValue(x.Pipe, sc).rowsOrOpen()
	case *kql.Paren:
		return c.tabular(x.X, sc)
	case *kql.Member:
		if isDatabaseCall(x.X) {
			if t, ok := c.schema.Table(x.Name); ok {
				return tableRows(t)
			}
		}
		return openRows
	case *kql.Call:
		return c.tabularCall(x, sc)
	}
	return openRows
}

func (b binding) rowsOrOpen() *rowSet {
	if b.rows == nil {
		return openRows
	}
	return b.rows
}

// tableName resolves a name used as a table: a let-bound or as-bound name first,
// then the schema. An unknown table is reported and leaves the rows open.
func (c *checker) tableName(name string, pos lexer.Position, sc *scope) *rowSet {
	if b, ok := sc.lookup(name); ok {
		return b.rowsOrOpen()
	}
	if t, ok := c.schema.Table(name); ok {
		return tableRows(t)
	}
	if strings.ContainsAny(name, "*") && c.matchesAnyTable(name) {
		return openRows // the workspace may hold further matching tables
	}
	cands := append(c.schema.Tables()[:len(c.schema.Tables()):len(c.schema.Tables())], sc.tabularNames()...)
	c.report(&c.an.UnknownTables, name, "", pos, cands)
	return openRows
}

// matchesAnyTable reports whether a wildcard table pattern (union Device*)
// matches a table of the schema; Kusto reports one that matches none.
func (c *checker) matchesAnyTable(pattern string) bool {
	for _, n := range c.schema.Tables() {
		if ok, _ := path.Match(pattern, n); ok {
			return true
		}
	}
	return false
}

// tabularCall resolves a function call used as a table.
func (c *checker) tabularCall(call *kql.Call, sc *scope) *rowSet {
	ctx := &rowCtx{rows: &rowSet{}, sc: sc}
	switch strings.ToLower(call.Func) {
	case "materialize", "view":
		if len(call.Args) == 1 {
			return c.tabular(call.Args[0], sc)
		}
	case "table":
		if len(call.Args) > 0 {
			if lit, ok := call.Args[0].(*kql.Literal); ok && lit.Kind == kql.LitString {
				return c.tableName(lit.Value, lit.Pos, sc)
			}
		}
	}
	for _, a := range call.Args {
		c.listItem(a, ctx)
	}
	c.checkFunctionName(call, sc) // a let-bound table is no function either
	if rows, ok := c.watchlist(call); ok {
		return rows
	}
	if b, ok := sc.lookup(call.Func); ok {
		return c.apply(b, call.Args, nil, sc)
	}
	return openRows
}

// apply returns the rows a let-bound function returns for a call. A function
// with tabular parameters is re-checked with the tables actually passed (input
// is the piped rows of invoke, bound to the first parameter).
func (c *checker) apply(b *binding, args []kql.Expr, input *rowSet, sc *scope) *rowSet {
	if b.fn == nil || b.fn.Body == nil || !hasTabularParam(b.fn.Params) || c.depth >= maxCallDepth || c.calls >= maxCalls {
		return b.rowsOrOpen()
	}
	inner := newScope(b.defScope)
	inner.bindParams(b.fn.Params)
	params := b.fn.Params
	if input != nil && len(params) > 0 {
		bindTable(inner, params[0], input)
		params = params[1:]
	}
	for i, p := range params {
		if p.Columns != nil && i < len(args) {
			bindTable(inner, p, c.tabular(args[i], sc))
		}
	}
	quiet := c.quiet
	c.calls++
	c.quiet, c.depth = true, c.depth+1
	rows := c.statements(b.fn.Body.Statements, inner)
	c.quiet, c.depth = quiet, c.depth-1
	if rows == nil {
		return openRows
	}
	return b.result(rows)
}

func hasTabularParam(params []*kql.Param) bool {
	for _, p := range params {
		if p.Columns != nil {
			return true
		}
	}
	return false
}

func bindTable(sc *scope, p *kql.Param, rows *rowSet) {
	if p.Name != nil {
		sc.bind(p.Name.Value, &binding{kind: bindTabular, rows: rows})
	}
}

// report records an unknown name once per position, with suggestions.
func (c *checker) report(list *[]Unknown, name, table string, pos lexer.Position, candidates []string) {
	if c.quiet || c.seen[pos.Offset] {
		return
	}
	c.seen[pos.Offset] = true
	*list = append(*list, Unknown{
		Name: name, Table: table, Line: pos.Line, Col: pos.Column, Offset: pos.Offset,
		Suggestions: Suggest(name, candidates),
	})
}

func diagPos(p lexer.Position) diag.Pos { return diag.Pos{Line: p.Line, Col: p.Column} }
