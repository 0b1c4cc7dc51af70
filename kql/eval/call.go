package eval

import (
	"github.com/sigmakql/sigmakql/kql"
)

// builtin is a scalar function of the engine. ret is its result type
// (typeUnknown, which must be written out: the type of its first argument); fn computes it from argument
// values. Functions needing more than values (lazy arguments, constant
// patterns, the clock) set bind instead.
type builtin struct {
	min, max int // argument counts; max < 0 means any number
	ret      Type
	fn       func(n *kql.Call, a []Value) Value
	bind     func(b *binder, n *kql.Call, args []compiled) (compiled, error)
	// fn1, when set, computes a one-argument function without the argument
	// slice fn needs, which keeps the hot conversions (tostring, tolong, …)
	// free of allocations.
	fn1 func(v Value) Value
}

// call binds a function call: a user function, then a built-in.
func (b *binder) call(x *kql.Call, in []Column, sc *scope) (compiled, error) {
	if x.Receiver != nil {
		return compiled{}, unsupported(x, "a method-style call")
	}
	if bd, ok := sc.lookup(x.Func); ok && bd.fn != nil {
		return b.userCall(x, bd, in, sc)
	}
	switch x.Func {
	case "toscalar":
		return b.toscalar(x, sc)
	case "column_ifexists", "columnifexists":
		return b.columnIfExists(x, in, sc)
	}
	spec, ok := builtins[x.Func]
	if !ok {
		if aggregates[x.Func] != nil {
			return compiled{}, errAt(x, CodeBadArgument, "aggregate %s() is only valid inside summarize", x.Func)
		}
		return compiled{}, errAt(x, CodeUnsupported, "function %s() is not supported by the local engine", x.Func)
	}
	if len(x.Args) < spec.min || (spec.max >= 0 && len(x.Args) > spec.max) {
		return compiled{}, errAt(x, CodeBadArgument, "%s() does not take %d arguments", x.Func, len(x.Args))
	}
	args := make([]compiled, len(x.Args))
	for i, a := range x.Args {
		c, err := b.expr(a, in, sc)
		if err != nil {
			return compiled{}, err
		}
		args[i] = c
	}
	if spec.bind != nil {
		return spec.bind(b, x, args)
	}
	return applyBuiltin(x, spec, args), nil
}

// applyBuiltin evaluates a value function over its arguments, folding it when
// every argument is constant.
func applyBuiltin(x *kql.Call, spec *builtin, args []compiled) compiled {
	ret := spec.ret
	if ret == typeUnknown && len(args) > 0 {
		ret = args[0].typ
	}
	fns := make([]evalFn, len(args))
	konst := true
	for i, a := range args {
		fns[i], konst = a.fn, konst && a.konst
	}
	c := compiled{typ: ret, fn: func(f *frame) Value {
		vals := make([]Value, len(fns))
		for i, fn := range fns {
			vals[i] = fn(f)
		}
		return spec.fn(x, vals)
	}}
	if spec.fn1 != nil && len(fns) == 1 {
		fn0, fn1 := fns[0], spec.fn1
		c.fn = func(f *frame) Value { return fn1(fn0(f)) }
	}
	if konst {
		return constant(c.value())
	}
	return c
}

// userCall binds a call of a let-defined scalar function by binding its body
// with the parameters standing for the arguments.
func (b *binder) userCall(x *kql.Call, bd binding, in []Column, sc *scope) (compiled, error) {
	fsc, err := b.bindParams(x, bd, in, sc)
	if err != nil {
		return compiled{}, err
	}
	defer func() { b.callDepth-- }()
	stmts := bd.fn.Body.Statements
	for i, st := range stmts {
		if let, ok := st.(*kql.LetStmt); ok {
			if err := b.let(let, fsc); err != nil {
				return compiled{}, err
			}
			continue
		}
		es, ok := st.(*kql.ExprStmt)
		if !ok || i != len(stmts)-1 {
			return compiled{}, unsupported(st, "this statement in a function body")
		}
		e, scalar := es.Pipe.Scalar()
		if !scalar {
			return compiled{}, errAt(x, CodeTypeMismatch, "%s returns a table, not a scalar", x.Func)
		}
		body, err := b.expr(e, in, fsc)
		if err != nil || body.konst {
			return body, err
		}
		fn := body.fn
		body.fn = func(f *frame) Value {
			if err := f.run.tick(); err != nil {
				panic(runtimeError{err})
			}
			return fn(f)
		}
		return body, nil
	}
	return compiled{}, errAt(x, CodeBadArgument, "function %s has an empty body", x.Func)
}

// toscalar binds toscalar(T): the first column of T's first row, computed
// once per run; an empty T gives null.
func (b *binder) toscalar(x *kql.Call, sc *scope) (compiled, error) {
	if len(x.Args) != 1 {
		return compiled{}, errAt(x, CodeBadArgument, "toscalar() takes one argument")
	}
	t, err := b.tabular(x.Args[0], sc)
	if err != nil {
		return compiled{}, err
	}
	typ := typeUnknown
	if len(t.cols) > 0 {
		typ = t.cols[0].Type
	}
	return compiled{typ: typ, fn: func(f *frame) Value {
		res, err := f.run.sub(t)
		if err != nil {
			panic(runtimeError{err})
		}
		if len(res.Rows) == 0 || len(res.Rows[0]) == 0 {
			return Null(typ)
		}
		return res.Rows[0][0]
	}}, nil
}

// columnIfExists binds column_ifexists("Name", default) by looking the column
// up at bind time.
func (b *binder) columnIfExists(x *kql.Call, in []Column, sc *scope) (compiled, error) {
	if len(x.Args) != 2 {
		return compiled{}, errAt(x, CodeBadArgument, "column_ifexists() takes two arguments")
	}
	lit, ok := x.Args[0].(*kql.Literal)
	if !ok || lit.Kind != kql.LitString {
		return compiled{}, errAt(x, CodeBadArgument, "column_ifexists() needs a constant column name")
	}
	for i, c := range in {
		if c.Name == lit.Value {
			return compiled{fn: func(f *frame) Value { return f.row[i] }, typ: c.Type}, nil
		}
	}
	return b.expr(x.Args[1], in, sc)
}

// lazyBuiltins evaluate only the arguments they need.
func init() {
	builtins["iff"] = &builtin{min: 3, max: 3, bind: bindIff}
	builtins["iif"] = builtins["iff"]
	builtins["case"] = &builtin{min: 3, max: -1, bind: bindCase}
	builtins["coalesce"] = &builtin{min: 1, max: -1, bind: bindCoalesce}
	builtins["now"] = &builtin{min: 0, max: 1, bind: bindNow}
	builtins["ago"] = &builtin{min: 1, max: 1, bind: bindAgo}
}

func bindIff(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	cond, yes, no := a[0].fn, a[1].fn, a[2].fn
	return compiled{typ: a[1].typ, fn: func(f *frame) Value {
		if toBool(cond(f)).IsTrue() {
			return yes(f)
		}
		return no(f)
	}}, nil
}

func bindCase(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	if len(a)%2 == 0 {
		return compiled{}, errAt(x, CodeBadArgument, "case() needs predicate/value pairs and a final else value")
	}
	return compiled{typ: a[1].typ, fn: func(f *frame) Value {
		for i := 0; i+1 < len(a); i += 2 {
			if toBool(a[i].fn(f)).IsTrue() {
				return a[i+1].fn(f)
			}
		}
		return a[len(a)-1].fn(f)
	}}, nil
}

// bindCoalesce returns the first argument that is not null (nor, for strings,
// empty): Microsoft Learn, "coalesce()".
func bindCoalesce(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	return compiled{typ: a[0].typ, fn: func(f *frame) Value {
		var v Value
		for _, c := range a {
			if v = c.fn(f); !v.Null && !(v.Type == TypeString && v.S == "") {
				return v
			}
		}
		return v
	}}, nil
}

func bindNow(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	return compiled{typ: TypeDatetime, fn: func(f *frame) Value {
		v := Datetime(f.run.now)
		if len(a) == 1 {
			return arith(x, "+", v, a[0].fn(f))
		}
		return v
	}}, nil
}

func bindAgo(_ *binder, x *kql.Call, a []compiled) (compiled, error) {
	if a[0].typ != TypeTimespan && a[0].typ != typeUnknown {
		return compiled{}, errAt(x, CodeTypeMismatch, "ago() takes a timespan, not %s", a[0].typ)
	}
	return compiled{typ: TypeDatetime, fn: func(f *frame) Value {
		return arith(x, "-", Datetime(f.run.now), a[0].fn(f))
	}}, nil
}
