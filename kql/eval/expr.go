package eval

import (
	"math"
	"strconv"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// evalFn computes a scalar for one row. Runtime errors abort the run through
// fail, since a closure per node has no room for an error result.
type evalFn func(f *frame) Value

// frame is what an expression sees: the current row and the run.
type frame struct {
	row []Value
	run *runState
}

// compiled is a bound expression with its static type (typeUnknown when only
// the values can tell) and whether it is a constant.
type compiled struct {
	fn    evalFn
	typ   Type
	konst bool
}

func constant(v Value) compiled {
	return compiled{fn: func(*frame) Value { return v }, typ: v.Type, konst: true}
}

// value returns a constant's value.
func (c compiled) value() Value { return c.fn(&frame{}) }

// convertCompiled converts an expression's values to type t.
func convertCompiled(c compiled, t Type) compiled {
	if c.typ == t {
		return c
	}
	fn := c.fn
	out := compiled{fn: func(f *frame) Value { return convertTo(fn(f), t) }, typ: t, konst: c.konst}
	if c.konst {
		return constant(out.value())
	}
	return out
}

// expr binds a scalar expression against the input columns in.
func (b *binder) expr(x kql.Expr, in []Column, sc *scope) (compiled, error) {
	switch x := x.(type) {
	case *kql.Literal:
		return literal(x)
	case *kql.DynamicLit:
		d, err := dynamicLiteral(x.Value)
		if err != nil {
			return compiled{}, err
		}
		return constant(Dynamic(d)), nil
	case *kql.NameRef:
		return b.nameRef(x, in, sc)
	case *kql.Paren:
		return b.expr(x.X, in, sc)
	case *kql.Unary:
		return b.unary(x, in, sc)
	case *kql.Binary:
		return b.binary(x, in, sc)
	case *kql.InExpr:
		return b.inExpr(x, in, sc)
	case *kql.Between:
		return b.between(x, in, sc)
	case *kql.Member:
		return b.member(x, in, sc)
	case *kql.Index:
		return b.index(x, in, sc)
	case *kql.Call:
		return b.call(x, in, sc)
	case *kql.TabularExpr:
		return compiled{}, errAt(x, CodeTypeMismatch, "a table is used where a scalar is expected (use toscalar())")
	}
	return compiled{}, unsupported(x, "this expression")
}

// nameRef resolves a name: a column of the input first, then a let binding.
func (b *binder) nameRef(x *kql.NameRef, in []Column, sc *scope) (compiled, error) {
	for i, c := range in {
		if c.Name == x.Name {
			return compiled{fn: func(f *frame) Value { return f.row[i] }, typ: c.Type}, nil
		}
	}
	if bd, ok := sc.lookup(x.Name); ok {
		switch {
		case bd.scalar != nil:
			return *bd.scalar, nil
		case bd.tabular != nil:
			return compiled{}, errAt(x, CodeTypeMismatch, "%s is a table, not a scalar", x.Name)
		}
		// A function is called by its bare name as if with no arguments.
		return b.userCall(&kql.Call{Span: x.Span, Func: x.Name}, bd, in, sc)
	}
	return compiled{}, errAt(x, CodeUnknownName, "unknown column or name %s", x.Name)
}

// literal converts a literal to a constant of its type.
func literal(x *kql.Literal) (compiled, error) {
	kind := map[kql.LitKind]Type{
		kql.LitString: TypeString, kql.LitLong: TypeLong, kql.LitInt: TypeInt, kql.LitReal: TypeReal,
		kql.LitBool: TypeBool, kql.LitTimespan: TypeTimespan, kql.LitDatetime: TypeDatetime, kql.LitGuid: TypeGuid,
	}
	if x.Kind == kql.LitNull {
		return constant(Dynamic(nil)), nil
	}
	t, ok := kind[x.Kind]
	if !ok {
		return compiled{}, unsupported(x, "a "+x.Kind.String()+" literal")
	}
	if x.Null {
		return constant(Null(t)), nil
	}
	v, ok := literalValue(t, x.Value)
	if !ok {
		return compiled{}, errAt(x, CodeBadArgument, "invalid %s literal %s", t, x.Text)
	}
	return constant(v), nil
}

func literalValue(t Type, text string) (Value, bool) {
	switch t {
	case TypeString:
		return String(text), true
	case TypeLong, TypeInt:
		n, err := strconv.ParseInt(text, 0, 64)
		if err != nil {
			return Value{}, false
		}
		if t == TypeInt {
			if n < math.MinInt32 || n > math.MaxInt32 {
				return Value{}, false
			}
			return Int(int32(n)), true
		}
		return Long(n), true
	case TypeReal:
		f, err := strconv.ParseFloat(text, 64)
		return Real(f), err == nil
	case TypeBool:
		b, err := strconv.ParseBool(strings.ToLower(text))
		return Bool(b), err == nil
	case TypeTimespan:
		ts, ok := parseTimespan(text)
		return Timespan(ts), ok
	case TypeDatetime:
		dt, ok := parseDatetime(text)
		return Datetime(dt), ok
	case TypeGuid:
		return Guid(text), isGuidText(text)
	}
	return Value{}, false
}

// dynamicLiteral converts the value of dynamic(…) to dynamic form.
func dynamicLiteral(v *kql.DynamicValue) (any, error) {
	switch {
	case v == nil:
		return nil, nil
	case v.Scalar != nil:
		c, err := (&binder{}).expr(v.Scalar, nil, &scope{})
		if err != nil || !c.konst {
			return nil, errAt(v, CodeBadArgument, "a dynamic literal holds constants only")
		}
		return dynamicOf(c.value()), nil
	case v.IsBag:
		m := make(map[string]any, len(v.Bag))
		for _, f := range v.Bag {
			x, err := dynamicLiteral(f.Value)
			if err != nil {
				return nil, err
			}
			m[f.Key] = x
		}
		return m, nil
	case v.Array != nil:
		arr := make([]any, len(v.Array))
		for i, e := range v.Array {
			x, err := dynamicLiteral(e)
			if err != nil {
				return nil, err
			}
			arr[i] = x
		}
		return arr, nil
	}
	return nil, nil
}

// unary binds -X and +X.
func (b *binder) unary(x *kql.Unary, in []Column, sc *scope) (compiled, error) {
	c, err := b.expr(x.X, in, sc)
	if err != nil || x.Op == "+" {
		return c, err
	}
	zero := constant(Long(0))
	if c.typ == TypeReal {
		zero = constant(Real(0))
	}
	return arithCompiled(x, "-", zero, c)
}

// member binds X.Name on a dynamic value; a missing member is a dynamic null.
func (b *binder) member(x *kql.Member, in []Column, sc *scope) (compiled, error) {
	c, err := b.expr(x.X, in, sc)
	if err != nil {
		return compiled{}, err
	}
	if c.typ != TypeDynamic && c.typ != typeUnknown {
		return compiled{}, errAt(x, CodeTypeMismatch, "member .%s needs a dynamic value, not %s", x.Name, c.typ)
	}
	name, fn := x.Name, c.fn
	return compiled{fn: func(f *frame) Value { return memberOf(fn(f), name) }, typ: TypeDynamic}, nil
}

func memberOf(v Value, name string) Value {
	if v.Type != TypeDynamic {
		return Dynamic(nil)
	}
	if m, ok := v.D.(map[string]any); ok {
		return Dynamic(m[name])
	}
	return Dynamic(nil)
}

// index binds X[i]: a bag member by string, an array element by position
// (negative positions count from the end); anything missing is null.
func (b *binder) index(x *kql.Index, in []Column, sc *scope) (compiled, error) {
	c, err := b.expr(x.X, in, sc)
	if err != nil {
		return compiled{}, err
	}
	i, err := b.expr(x.Index, in, sc)
	if err != nil {
		return compiled{}, err
	}
	if c.typ != TypeDynamic && c.typ != typeUnknown {
		return compiled{}, errAt(x, CodeTypeMismatch, "indexing needs a dynamic value, not %s", c.typ)
	}
	cf, idx := c.fn, i.fn
	return compiled{fn: func(f *frame) Value { return indexOf(cf(f), unwrapDynamic(idx(f))) }, typ: TypeDynamic}, nil
}

func indexOf(v Value, i Value) Value {
	if v.Type != TypeDynamic || i.Null {
		return Dynamic(nil)
	}
	switch d := v.D.(type) {
	case map[string]any:
		if i.Type == TypeString {
			return Dynamic(d[i.S])
		}
	case []any:
		if i.Type == TypeInt || i.Type == TypeLong {
			n := i.N
			if n < 0 {
				n += int64(len(d))
			}
			if n >= 0 && n < int64(len(d)) {
				return Dynamic(d[n])
			}
		}
	}
	return Dynamic(nil)
}
