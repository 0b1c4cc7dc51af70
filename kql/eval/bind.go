package eval

import (
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// tabPlan is a bound tabular expression: its output columns are known, and run
// computes its rows.
type tabPlan struct {
	cols []Column
	run  func(rs *runState) (*Table, error)
}

// binding is what a let name or function parameter stands for.
type binding struct {
	scalar  *compiled    // a scalar let or parameter
	tabular *tabPlan     // a tabular let or parameter
	fn      *kql.FuncDef // a user function, bound at each call
	fnScope *scope       // where fn was defined
}

// scope is a level of let bindings; lookups climb to the parent.
type scope struct {
	parent *scope
	names  map[string]binding
}

// child opens a nested scope, for a function body.
func (s *scope) child() *scope { return &scope{parent: s, names: map[string]binding{}} }

// lookup finds a name in this scope or the nearest enclosing one.
func (s *scope) lookup(name string) (binding, bool) {
	for ; s != nil; s = s.parent {
		if b, ok := s.names[name]; ok {
			return b, true
		}
	}
	return binding{}, false
}

// maxCallDepth bounds nested user-function calls at bind time (Kusto forbids
// recursion; this keeps a recursive definition from looping).
const maxCallDepth = 32

// maxCallBindings bounds how many user-function calls one query may expand to
// at bind time: calls are inlined, so nested calls could otherwise grow
// exponentially.
const maxCallBindings = 10_000

// binder turns the AST into plans against the columns of a Database's tables.
type binder struct {
	db        Database
	deps      []tableDep
	callDepth int
	calls     int
}

func newBinder(db Database) *binder { return &binder{db: db} }

// query binds the statements; the last tabular expression statement is the
// result.
func (b *binder) query(q *kql.Query) (*tabPlan, error) {
	return b.statements(q.Statements, (&scope{}).child(), q)
}

// statements binds let statements in order and returns the plan of the last
// tabular expression statement, the result of a query or function body.
func (b *binder) statements(stmts []kql.Statement, sc *scope, at kql.Node) (*tabPlan, error) {
	var result *tabPlan
	for _, st := range stmts {
		switch st := st.(type) {
		case *kql.LetStmt:
			if err := b.let(st, sc); err != nil {
				return nil, err
			}
		case *kql.ExprStmt:
			p, err := b.pipeline(st.Pipe, sc)
			if err != nil {
				return nil, err
			}
			result = p
		case *kql.SetStmt:
			// Request options do not change the rows the engine returns.
		default:
			return nil, unsupported(st, "this statement")
		}
	}
	if result == nil {
		return nil, errAt(at, CodeBadArgument, "the query has no tabular expression to return")
	}
	return result, nil
}

// let binds a name to a function, a tabular expression or a scalar.
func (b *binder) let(st *kql.LetStmt, sc *scope) error {
	name := st.Name.Value
	if st.Func != nil {
		if st.Func.View {
			return unsupported(st.Func, "a view")
		}
		sc.names[name] = binding{fn: st.Func, fnScope: sc}
		return nil
	}
	if x, ok := st.Value.Scalar(); ok && !b.isTabular(x, sc) {
		c, err := b.expr(x, nil, sc)
		if err != nil {
			return err
		}
		sc.names[name] = binding{scalar: &c}
		return nil
	}
	p, err := b.pipeline(st.Value, sc)
	if err != nil {
		return err
	}
	sc.names[name] = binding{tabular: p}
	return nil
}

// isTabular reports whether a let value written as an expression stands for a
// table: a table or tabular let name, a parenthesised pipeline, or a call of a
// function whose body is tabular.
func (b *binder) isTabular(x kql.Expr, sc *scope) bool {
	switch x := x.(type) {
	case *kql.TabularExpr:
		return true
	case *kql.Paren:
		return b.isTabular(x.X, sc)
	case *kql.NameRef:
		if bd, ok := sc.lookup(x.Name); ok {
			return bd.tabular != nil || (bd.fn != nil && funcIsTabular(bd.fn))
		}
		_, ok := b.db[x.Name]
		return ok
	case *kql.Call:
		if bd, ok := sc.lookup(x.Func); ok && bd.fn != nil {
			return funcIsTabular(bd.fn)
		}
		return x.Func == "materialize" || x.Func == "view" || x.Func == "table"
	}
	return false
}

// funcIsTabular guesses from the body's last statement whether a function
// returns a table: it does when the last statement has operators or a tabular
// source.
func funcIsTabular(fn *kql.FuncDef) bool {
	stmts := fn.Body.Statements
	if len(stmts) == 0 {
		return false
	}
	es, ok := stmts[len(stmts)-1].(*kql.ExprStmt)
	if !ok {
		return false
	}
	if _, scalar := es.Pipe.Scalar(); !scalar {
		return true
	}
	x, _ := es.Pipe.Scalar()
	switch x.(type) {
	case *kql.TabularExpr, *kql.NameRef:
		return true
	}
	return false
}

// tableDep records the layout of a database table the plan depends on.
func (b *binder) table(name string, at kql.Node) (*tabPlan, error) {
	t, ok := b.db[name]
	if !ok {
		return nil, errAt(at, CodeUnknownName, "table %s is not in the local database", name)
	}
	cols := append([]Column(nil), t.Columns...)
	b.deps = append(b.deps, tableDep{name: name, cols: cols})
	return &tabPlan{cols: cols, run: func(rs *runState) (*Table, error) {
		t := rs.db[name]
		if err := rs.checkRows(len(t.Rows)); err != nil {
			return nil, err
		}
		if err := checkTable(name, t); err != nil {
			return nil, err
		}
		return t, nil
	}}, nil
}

// checkTable verifies that every row of a caller's table has one value per
// column, of the column's type, so that a malformed table is an error rather
// than a wrong answer or a crash.
func checkTable(name string, t *Table) error {
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return diag.Errorf(diag.Pos{}, CodeBadArgument, "table %s: row %d has %d values for %d columns", name, i+1, len(row), len(t.Columns))
		}
		for j, v := range row {
			if v.Type != t.Columns[j].Type {
				return diag.Errorf(diag.Pos{}, CodeBadArgument, "table %s: row %d, column %s holds a %s, not a %s", name, i+1, t.Columns[j].Name, v.Type, t.Columns[j].Type)
			}
		}
	}
	return nil
}
