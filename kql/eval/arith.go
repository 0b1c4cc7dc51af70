package eval

import (
	"math"

	"github.com/sigmakql/sigmakql/kql"
)

// arithType gives the static result type of x op y, or ok false when Kusto
// does not define the operation for those types.
func arithType(op string, x, y Type) (Type, bool) {
	if x == typeUnknown || y == typeUnknown || x == TypeDynamic || y == TypeDynamic {
		return typeUnknown, true
	}
	switch {
	case isNumeric(x) && isNumeric(y):
		if x == TypeReal || y == TypeReal {
			return TypeReal, true
		}
		if x == TypeInt && y == TypeInt {
			return TypeInt, true
		}
		return TypeLong, true
	case x == TypeDatetime && y == TypeDatetime && op == "-":
		return TypeTimespan, true
	case x == TypeDatetime && y == TypeTimespan && (op == "+" || op == "-"):
		return TypeDatetime, true
	case x == TypeTimespan && y == TypeDatetime && op == "+":
		return TypeDatetime, true
	case x == TypeTimespan && y == TypeTimespan:
		if op == "/" {
			return TypeReal, true
		}
		return TypeTimespan, op == "+" || op == "-" || op == "%"
	case x == TypeTimespan && isNumeric(y) && (op == "*" || op == "/"):
		return TypeTimespan, true
	case isNumeric(x) && y == TypeTimespan && op == "*":
		return TypeTimespan, true
	}
	return 0, false
}

// arithCompiled binds an arithmetic operator.
func arithCompiled(n kql.Node, op string, x, y compiled) (compiled, error) {
	t, ok := arithType(op, x.typ, y.typ)
	if !ok {
		return compiled{}, errAt(n, CodeTypeMismatch, "operator %s is not defined for %s and %s", op, x.typ, y.typ)
	}
	xf, yf := x.fn, y.fn
	c := compiled{typ: t, fn: func(f *frame) Value { return arith(n, op, xf(f), yf(f)) }}
	if x.konst && y.konst {
		return constant(c.value()), nil
	}
	return c, nil
}

// arith computes x op y with Kusto's result types; a null operand gives a
// null result, and so does an integer division by zero.
func arith(n kql.Node, op string, x, y Value) Value {
	x, y = unwrapDynamic(x), unwrapDynamic(y)
	t, ok := arithType(op, x.Type, y.Type)
	if !ok {
		fail(n, CodeTypeMismatch, "operator %s is not defined for %s and %s", op, x.Type, y.Type)
	}
	if x.Null || y.Null {
		return Null(t)
	}
	switch {
	case t == TypeReal && isNumeric(x.Type):
		return Real(realOp(op, x.float(), y.float()))
	case t == TypeInt || t == TypeLong:
		r, ok := intOp(op, x.N, y.N)
		if !ok {
			return Null(t)
		}
		if t == TypeInt {
			return Int(int32(r))
		}
		return Long(r)
	}
	return timeArith(op, t, x, y)
}

func realOp(op string, a, b float64) float64 {
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	case "/":
		return a / b
	}
	return math.Mod(a, b)
}

func intOp(op string, a, b int64) (int64, bool) {
	switch op {
	case "+":
		return a + b, true
	case "-":
		return a - b, true
	case "*":
		return a * b, true
	}
	if b == 0 {
		return 0, false
	}
	if op == "/" {
		return a / b, true
	}
	return a % b, true
}

// timeArith handles datetime and timespan operands.
func timeArith(op string, t Type, x, y Value) Value {
	switch {
	case t == TypeReal: // timespan / timespan
		return Real(float64(x.N) / float64(y.N))
	case isNumeric(y.Type): // timespan * or / number
		if op == "*" {
			return Timespan(int64(float64(x.N) * y.float()))
		}
		if y.float() == 0 {
			return Null(TypeTimespan)
		}
		return Timespan(int64(float64(x.N) / y.float()))
	case isNumeric(x.Type): // number * timespan
		return Timespan(int64(x.float() * float64(y.N)))
	}
	r, ok := intOp(op, x.N, y.N)
	if !ok {
		return Null(t)
	}
	return Value{Type: t, N: r}
}
