package eval

import (
	"cmp"
	"math"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// typeClass groups the types Kusto lets one compare with each other: all
// numbers together, every other type only with itself.
func typeClass(t Type) Type {
	if isNumeric(t) {
		return TypeReal
	}
	return t
}

// comparable reports whether values of static types a and b may be compared;
// dynamic and unknown types are decided row by row.
func comparableTypes(a, b Type) bool {
	if a == TypeDynamic || b == TypeDynamic || a == typeUnknown || b == typeUnknown {
		return true
	}
	return typeClass(a) == typeClass(b)
}

// undocumentedEquality reports == or != between values of different type
// classes (a string and a number, a bool and a number, …): the Kusto.Language
// oracle accepts StrCol == 5 and BoolCol == 1 (it rejects <, > and the string
// operators for such operands), yet no Microsoft Learn page says what the
// engine answers.
func undocumentedEquality(op string, a, b Type) bool {
	if op != "==" && op != "!=" && op != "<>" {
		return false
	}
	known := func(t Type) bool { return t != TypeDynamic && t != typeUnknown }
	return known(a) && known(b) && typeClass(a) != typeClass(b)
}

// compareValues orders two values of comparable types; ok is false when either
// is null or the types cannot be compared, which Kusto's comparisons answer
// with null (so where drops the row).
func compareValues(a, b Value) (int, bool) {
	a, b = unwrapDynamic(a), unwrapDynamic(b)
	if a.Null || b.Null || typeClass(a.Type) != typeClass(b.Type) {
		return 0, false
	}
	switch a.Type {
	case TypeString, TypeGuid:
		return strings.Compare(a.S, b.S), true
	case TypeReal, TypeInt, TypeLong:
		if a.Type != TypeReal && b.Type != TypeReal {
			return cmp.Compare(a.N, b.N), true
		}
		x, y := a.float(), b.float()
		if math.IsNaN(x) || math.IsNaN(y) {
			return 0, false
		}
		return cmpFloat(x, y), true
	case TypeBool, TypeDatetime, TypeTimespan:
		return cmp.Compare(a.N, b.N), true
	case TypeDynamic:
		if dynamicJSON(a.D) == dynamicJSON(b.D) {
			return 0, true
		}
	}
	return 0, false
}

// cmpFloat is cmp.Compare for reals, except that a NaN compares as 0 with
// anything instead of ordering first, which this package's callers expect.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareCompiled binds ==, !=, <, <=, >, >= after checking that Kusto would
// accept the operand types.
func compareCompiled(n *kql.Binary, op string, x, y compiled) (compiled, error) {
	if undocumentedEquality(op, x.typ, y.typ) {
		return compiled{}, errAt(n, CodeUnsupported, "comparing %s with %s by %s: Kusto.Language accepts it, but its result is not documented, so the local engine does not guess it", x.typ, y.typ, op)
	}
	if !comparableTypes(x.typ, y.typ) {
		return compiled{}, errAt(n, CodeTypeMismatch, "the operator %s is not defined for %s and %s", op, x.typ, y.typ)
	}
	test := compareTest(op)
	equality := op == "==" || op == "!=" || op == "<>"
	xf, yf := x.fn, y.fn
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		a, b := xf(f), yf(f)
		if equality {
			if v, decided := nullEquality(op, a, b); decided {
				return v
			}
		}
		c, ok := compareValues(a, b)
		if !ok {
			checkDynamicKinds(n, a, b)
			return Null(TypeBool)
		}
		return Bool(test(c))
	}}, nil
}

// nullEquality applies the documented rules for == and != with nulls
// (Microsoft Learn, "Null values" › "Equality and inequality of null values"):
// two nulls give null; a null and a non-null are unequal, so == gives false
// and != gives true.
func nullEquality(op string, a, b Value) (Value, bool) {
	an, bn := unwrapDynamic(a).Null, unwrapDynamic(b).Null
	switch {
	case an && bn:
		return Null(TypeBool), true
	case an || bn:
		return Bool(op != "=="), true
	}
	return Value{}, false
}

// checkDynamicKinds fails when a dynamic operand turns out to hold a value of
// another kind than the other side (dynamic("5") == 5): the type rules that
// refuse such comparisons at bind time cannot see inside dynamic values, and
// no page says what Kusto answers.
func checkDynamicKinds(n kql.Node, a, b Value) {
	if a.Type != TypeDynamic && b.Type != TypeDynamic {
		return
	}
	ua, ub := unwrapDynamic(a), unwrapDynamic(b)
	if ua.Null || ub.Null || typeClass(ua.Type) == typeClass(ub.Type) {
		return
	}
	fail(n, CodeUnsupported, "comparing a dynamic %s with a %s is not supported by the local engine: no page documents the result", typeOfValue(a), typeOfValue(b))
}

func compareTest(op string) func(int) bool {
	switch op {
	case "==":
		return func(c int) bool { return c == 0 }
	case "!=", "<>":
		return func(c int) bool { return c != 0 }
	case "<":
		return func(c int) bool { return c < 0 }
	case "<=":
		return func(c int) bool { return c <= 0 }
	case ">":
		return func(c int) bool { return c > 0 }
	}
	return func(c int) bool { return c >= 0 }
}

// between binds X between (Lo .. Hi), inclusive at both ends; for datetimes
// Hi may be a timespan, the range then ending at Lo + Hi (Microsoft Learn,
// "between operator": "This value can only be of type timespan if expr and
// leftRange are both of type datetime").
func (b *binder) between(x *kql.Between, in []Column, sc *scope) (compiled, error) {
	var parts [3]compiled
	for i, e := range []kql.Expr{x.X, x.Lo, x.Hi} {
		c, err := b.expr(e, in, sc)
		if err != nil {
			return compiled{}, err
		}
		parts[i] = c
	}
	spanEnd := parts[0].typ == TypeDatetime && parts[1].typ == TypeDatetime && parts[2].typ == TypeTimespan
	if !comparableTypes(parts[0].typ, parts[1].typ) || (!spanEnd && !comparableTypes(parts[0].typ, parts[2].typ)) {
		return compiled{}, errAt(x, CodeTypeMismatch, "between needs bounds of the same type as %s", parts[0].typ)
	}
	not := x.Not
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		v, from := parts[0].fn(f), parts[1].fn(f)
		to := parts[2].fn(f)
		if spanEnd {
			to = arith(x, "+", from, to)
		}
		lo, ok1 := compareValues(v, from)
		hi, ok2 := compareValues(v, to)
		if !ok1 || !ok2 {
			return Null(TypeBool)
		}
		return Bool((lo >= 0 && hi <= 0) != not)
	}}, nil
}
