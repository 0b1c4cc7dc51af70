package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

// pipeline binds a source and its operators in order.
func (b *binder) pipeline(p *kql.Pipeline, sc *scope) (*tabPlan, error) {
	plan, err := b.source(p.Source, sc)
	if err != nil {
		return nil, err
	}
	for _, op := range p.Ops {
		if plan, err = b.operator(op, plan, sc); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// source binds what starts a pipeline.
func (b *binder) source(src kql.Source, sc *scope) (*tabPlan, error) {
	switch src := src.(type) {
	case *kql.ExprSource:
		return b.tabular(src.X, sc)
	case *kql.DatatableSource:
		return b.datatable(src, sc)
	case *kql.PrintSource:
		return b.print(src, sc)
	case *kql.RangeSource:
		return b.rangeSource(src, sc)
	case *kql.UnionOp:
		return b.union(src, nil, sc)
	}
	return nil, unsupported(src, "this tabular source")
}

// tabular binds an expression that stands for a table.
func (b *binder) tabular(x kql.Expr, sc *scope) (*tabPlan, error) {
	switch x := x.(type) {
	case *kql.NameRef:
		if bd, ok := sc.lookup(x.Name); ok {
			switch {
			case bd.tabular != nil:
				return bd.tabular, nil
			case bd.fn != nil:
				return b.tabularCall(&kql.Call{Span: x.Span, Func: x.Name}, sc)
			}
			return nil, errAt(x, CodeTypeMismatch, "%s is a scalar, not a table", x.Name)
		}
		return b.table(x.Name, x)
	case *kql.TabularExpr:
		return b.pipeline(x.Pipe, sc)
	case *kql.Paren:
		return b.tabular(x.X, sc)
	case *kql.Call:
		return b.tabularCall(x, sc)
	}
	return nil, unsupported(x, "this tabular expression")
}

// tabularCall binds a call of a user function that returns a table, or
// materialize(), which the engine evaluates like its argument.
func (b *binder) tabularCall(call *kql.Call, sc *scope) (*tabPlan, error) {
	if call.Func == "materialize" && len(call.Args) == 1 {
		return b.tabular(call.Args[0], sc)
	}
	if call.Func == "table" && len(call.Args) == 1 {
		if lit, ok := call.Args[0].(*kql.Literal); ok && lit.Kind == kql.LitString {
			return b.table(lit.Value, lit)
		}
	}
	bd, ok := sc.lookup(call.Func)
	if !ok || bd.fn == nil {
		return nil, errAt(call, CodeUnknownName, "function %s is not known to the local engine", call.Func)
	}
	fsc, err := b.bindParams(call, bd, nil, sc)
	if err != nil {
		return nil, err
	}
	defer func() { b.callDepth-- }()
	return b.statements(bd.fn.Body.Statements, fsc, call)
}

// bindParams makes the scope of a user-function call: each parameter bound
// to its argument (or default), compiled in the caller's scope against in.
// With invoke, piped is the input table, bound to the first parameter.
func (b *binder) bindParams(call *kql.Call, bd binding, in []Column, sc *scope, piped ...*tabPlan) (*scope, error) {
	if b.callDepth++; b.callDepth > maxCallDepth {
		return nil, errAt(call, CodeUnsupported, "functions call each other deeper than %d levels", maxCallDepth)
	}
	if b.calls++; b.calls > maxCallBindings {
		return nil, errAt(call, CodeUnsupported, "the query expands to more than %d function calls", maxCallBindings)
	}
	params := bd.fn.Params
	fsc := bd.fnScope.child()
	if len(piped) > 0 {
		if len(params) == 0 || params[0].Columns == nil {
			return nil, errAt(call, CodeBadArgument, "invoke needs a function whose first parameter is a table")
		}
		fsc.names[params[0].Name.Value] = binding{tabular: piped[0]}
		params = params[1:]
	}
	if len(call.Args) > len(params) {
		return nil, errAt(call, CodeBadArgument, "%s takes %d arguments, not %d", call.Func, len(params), len(call.Args))
	}
	for i, p := range params {
		arg, argScope := p.Default, bd.fnScope
		if i < len(call.Args) {
			arg, argScope = call.Args[i], sc
		}
		if arg == nil {
			return nil, errAt(call, CodeBadArgument, "%s needs a value for parameter %s", call.Func, p.Name.Value)
		}
		bound, err := b.bindArg(p, arg, in, argScope)
		if err != nil {
			return nil, err
		}
		fsc.names[p.Name.Value] = bound
	}
	return fsc, nil
}

// bindArg binds one argument of a user function to its parameter.
func (b *binder) bindArg(p *kql.Param, arg kql.Expr, in []Column, sc *scope) (binding, error) {
	if p.Columns != nil {
		t, err := b.tabular(arg, sc)
		return binding{tabular: t}, err
	}
	c, err := b.expr(arg, in, sc)
	if err != nil {
		return binding{}, err
	}
	if t, ok := ParseType(p.Type); ok && c.typ != t && c.typ != typeUnknown {
		c = convertCompiled(c, t)
	}
	return binding{scalar: &c}, nil
}

// invoke binds T | invoke f(args): f called with T as its first argument
// (Microsoft Learn, "invoke operator").
func (b *binder) invoke(op *kql.InvokeOp, in *tabPlan, sc *scope) (*tabPlan, error) {
	call, ok := op.Func.(*kql.Call)
	if !ok {
		ref, isRef := op.Func.(*kql.NameRef)
		if !isRef {
			return nil, unsupported(op, "invoke of this expression")
		}
		call = &kql.Call{Span: ref.Span, Func: ref.Name}
	}
	bd, ok := sc.lookup(call.Func)
	if !ok || bd.fn == nil {
		return nil, errAt(call, CodeUnknownName, "function %s is not known to the local engine", call.Func)
	}
	fsc, err := b.bindParams(call, bd, nil, sc, in)
	if err != nil {
		return nil, err
	}
	defer func() { b.callDepth-- }()
	return b.statements(bd.fn.Body.Statements, fsc, call)
}

// datatable binds datatable(cols)[values], filling rows in column order.
func (b *binder) datatable(src *kql.DatatableSource, sc *scope) (*tabPlan, error) {
	cols, err := declaredColumns(src.Columns)
	if err != nil {
		return nil, err
	}
	if len(src.Values)%len(cols) != 0 {
		return nil, errAt(src, CodeBadArgument, "datatable has %d values, not a multiple of its %d columns", len(src.Values), len(cols))
	}
	vals := make([]compiled, len(src.Values))
	for i, x := range src.Values {
		c, err := b.expr(x, nil, sc)
		if err != nil {
			return nil, err
		}
		vals[i] = convertCompiled(c, cols[i%len(cols)].Type)
	}
	return &tabPlan{cols: cols, run: func(rs *runState) (*Table, error) {
		t := &Table{Columns: cols}
		f := &frame{run: rs}
		for i := 0; i < len(vals); i += len(cols) {
			row := make([]Value, len(cols))
			for j := range cols {
				row[j] = vals[i+j].fn(f)
			}
			t.Rows = append(t.Rows, row)
		}
		return t, rs.checkRows(len(t.Rows))
	}}, nil
}

// declaredColumns converts Name:type declarations into columns.
func declaredColumns(decls []*kql.ColumnDecl) ([]Column, error) {
	cols := make([]Column, 0, len(decls))
	for _, d := range decls {
		if d.Star || d.Name == nil {
			return nil, unsupported(d, "a * column declaration")
		}
		t, ok := ParseType(d.Type)
		if !ok {
			return nil, errAt(d, CodeUnsupported, "column type %q is not supported by the local engine", d.Type)
		}
		cols = append(cols, Column{Name: d.Name.Value, Type: t})
	}
	return cols, nil
}

// print binds print a = x, …: one row computed without input columns.
func (b *binder) print(src *kql.PrintSource, sc *scope) (*tabPlan, error) {
	empty := &tabPlan{cols: nil, run: func(rs *runState) (*Table, error) {
		return &Table{Rows: [][]Value{{}}}, nil
	}}
	return b.extendColumns(src.Columns, empty, sc, "print_")
}

// rangeSource binds range Name from A to B step C: the values from A while
// they have not passed B, counting down when the step is negative.
func (b *binder) rangeSource(src *kql.RangeSource, sc *scope) (*tabPlan, error) {
	var parts [3]compiled
	for i, x := range []kql.Expr{src.From, src.To, src.Step} {
		c, err := b.expr(x, nil, sc)
		if err != nil {
			return nil, err
		}
		parts[i] = c
	}
	typ := parts[0].typ
	cols := []Column{{Name: src.Column.Value, Type: typ}}
	return &tabPlan{cols: cols, run: func(rs *runState) (*Table, error) {
		f := &frame{run: rs}
		from, to, step := parts[0].fn(f), parts[1].fn(f), parts[2].fn(f)
		t := &Table{Columns: cols}
		if from.Null || to.Null || step.Null {
			return t, nil
		}
		dir, ok := compareValues(arith(src, "+", from, step), from)
		if !ok || dir == 0 {
			return nil, errAt(src, CodeBadArgument, "range needs a non-zero step of the type of its bounds")
		}
		for v := from; ; v = arith(src, "+", v, step) {
			if c, ok := compareValues(v, to); !ok || c*dir > 0 {
				break
			}
			t.Rows = append(t.Rows, []Value{v})
			if err := rs.checkRows(len(t.Rows)); err != nil {
				return nil, err
			}
			if err := rs.tick(); err != nil {
				return nil, err
			}
		}
		return t, nil
	}}, nil
}
