package eval

import (
	"regexp"
	"strings"

	"github.com/sigmakql/sigmakql/kql"
)

// stringOps maps each string operator (without ! and _cs) to its test.
var stringOps = map[string]func(n *needle, h string) bool{
	"==":         (*needle).equal,
	"contains":   (*needle).contains,
	"startswith": (*needle).startsWith,
	"endswith":   (*needle).endsWith,
	"has":        func(n *needle, h string) bool { return n.hasTerm(h, true, true) },
	"hasprefix":  func(n *needle, h string) bool { return n.hasTerm(h, true, false) },
	"hassuffix":  func(n *needle, h string) bool { return n.hasTerm(h, false, true) },
}

// stringOp splits a string operator into its base test, whether it is
// negated, and whether it ignores case.
func stringOp(op string) (base string, negated, fold bool, ok bool) {
	switch op {
	case "=~":
		return "==", false, true, true
	case "!~":
		return "==", true, true, true
	case "containscs":
		return "contains", false, false, true
	case "notcontains":
		return "contains", true, true, true
	case "notcontainscs":
		return "contains", true, false, true
	}
	negated = strings.HasPrefix(op, "!")
	op = strings.TrimPrefix(op, "!")
	fold = !strings.HasSuffix(op, "_cs")
	op = strings.TrimSuffix(op, "_cs")
	_, ok = stringOps[op]
	return op, negated, fold, ok && op != "=="
}

// binary binds a binary operator.
func (b *binder) binary(x *kql.Binary, in []Column, sc *scope) (compiled, error) {
	if _, ok := x.X.(*kql.Star); ok {
		return b.starOp(x, in, sc)
	}
	l, err := b.expr(x.X, in, sc)
	if err != nil {
		return compiled{}, err
	}
	r, err := b.expr(x.Y, in, sc)
	if err != nil {
		return compiled{}, err
	}
	switch x.Op {
	case "and", "or":
		return logical(x, l, r)
	case "+", "-", "*", "/", "%":
		return arithCompiled(x, x.Op, l, r)
	case "==", "!=", "<>", "<", "<=", ">", ">=":
		return compareCompiled(x, x.Op, l, r)
	case "matches regex":
		if err := stringOperands(x, l, r); err != nil {
			return compiled{}, err
		}
		return matchesRegex(x, l, r)
	}
	if base, negated, fold, ok := stringOp(x.Op); ok {
		if err := stringOperands(x, l, r); err != nil {
			return compiled{}, err
		}
		return stringCompiled(x, base, negated, fold, l, r)
	}
	return compiled{}, unsupported(x, "operator "+x.Op)
}

// isStringLike reports whether a static type may be a string operand:
// Kusto.Language (the oracle) accepts string and dynamic operands for the
// string operators and rejects others ("The operator 'has' is not defined for
// the operand types long and string", KS106).
func isStringLike(t Type) bool { return t == TypeString || t == TypeDynamic || t == typeUnknown }

func stringOperands(x *kql.Binary, l, r compiled) error {
	if !isStringLike(l.typ) || !isStringLike(r.typ) {
		return errAt(x, CodeTypeMismatch, "the operator %s is not defined for %s and %s", x.Op, l.typ, r.typ)
	}
	return nil
}

// logical binds and/or with Kusto's three-valued logic: false and null is
// false, true or null is true, other combinations with null are null.
func logical(x *kql.Binary, l, r compiled) (compiled, error) {
	for _, c := range []compiled{l, r} {
		if c.typ != TypeBool && c.typ != typeUnknown && c.typ != TypeDynamic {
			return compiled{}, errAt(x, CodeTypeMismatch, "%s needs bool operands, not %s", x.Op, c.typ)
		}
	}
	lf, rf := l.fn, r.fn
	if x.Op == "and" {
		return compiled{typ: TypeBool, fn: func(f *frame) Value {
			a := toBool(lf(f))
			if !a.Null && a.N == 0 {
				return a
			}
			c := toBool(rf(f))
			if a.Null && (c.Null || c.N != 0) {
				return Null(TypeBool)
			}
			return c
		}}, nil
	}
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		a := toBool(lf(f))
		if a.IsTrue() {
			return a
		}
		c := toBool(rf(f))
		if a.Null && !c.IsTrue() {
			return Null(TypeBool)
		}
		return c
	}}, nil
}

// stringCompiled binds a string operator. Both sides are read as strings
// (tostring() semantics: a null or missing value is ""). A constant right-hand
// side is prepared once.
func stringCompiled(x *kql.Binary, base string, negated, fold bool, l, r compiled) (compiled, error) {
	test := stringOps[base]
	if base == "has" || base == "hasprefix" || base == "hassuffix" {
		if r.konst && toStringValue(r.value()) == "" {
			return compiled{}, errAt(x, CodeUnsupported, "%s with an empty string has no documented meaning; the local engine does not guess it", x.Op)
		}
	}
	lf := l.fn
	if r.konst {
		n := newNeedle(toStringValue(r.value()), fold)
		return compiled{typ: TypeBool, fn: func(f *frame) Value {
			return Bool(test(n, toStringValue(lf(f))) != negated)
		}}, nil
	}
	rf := r.fn
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		n := newNeedle(toStringValue(rf(f)), fold)
		return Bool(test(n, toStringValue(lf(f))) != negated)
	}}, nil
}

// starOp binds * op "x": true when any column of the row, read as a string,
// satisfies the operator (Microsoft Learn, "search operator": search "err"
// is where * has "err", over all columns). String columns and dynamic
// scalars are searched by their text; a dynamic bag or array as its JSON text
// where that text is certain (see containerSearch); a row whose answer would
// depend on an undocumented case is refused (see starColumn).
func (b *binder) starOp(x *kql.Binary, in []Column, sc *scope) (compiled, error) {
	base, negated, fold, ok := stringOp(x.Op)
	if !ok || negated || base == "==" {
		return compiled{}, unsupported(x, "* with operator "+x.Op)
	}
	r, err := b.expr(x.Y, in, sc)
	if err != nil {
		return compiled{}, err
	}
	if !r.konst {
		return compiled{}, unsupported(x.Y, "a non-constant search term after *")
	}
	n, test := newNeedle(toStringValue(r.value()), fold), stringOps[base]
	var searched []int
	for i, c := range in {
		if c.Name != RowIDColumn {
			searched = append(searched, i)
		}
	}
	return compiled{typ: TypeBool, fn: func(f *frame) Value {
		unsure := false
		for _, i := range searched {
			hit, certain := starColumn(f.row[i], n, test)
			if hit && certain {
				return Bool(true)
			}
			unsure = unsure || !certain
		}
		if unsure {
			fail(x, CodeUnsupported, "* op %q is not supported by the local engine for this row: it matches only a column whose searching Kusto does not document (a number, date or other non-string value, or a dynamic bag or array where the JSON text, values and keys disagree)", n.text)
		}
		return Bool(false)
	}}, nil
}

// starColumn searches one column for *: strings and dynamic scalars by their
// text; bags and arrays as containerSearch says. Whether * searches columns
// of other types (numbers, datetimes, …) no page says, so a match there is
// uncertain: it decides nothing unless another column matches for sure.
func starColumn(v Value, n *needle, test func(*needle, string) bool) (hit, certain bool) {
	switch {
	case isContainer(v):
		h, ok := containerSearch(v.D, n.text, func(s string) bool { return test(n, s) })
		return h && ok, ok
	case v.Type == TypeString || v.Type == TypeDynamic:
		return test(n, toStringValue(v)), true
	case v.Null:
		return false, true
	}
	return false, !test(n, toStringValue(v))
}

// isContainer reports whether v is a dynamic bag or array.
func isContainer(v Value) bool {
	if v.Type != TypeDynamic {
		return false
	}
	switch v.D.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

// matchesRegex binds X matches regex P with RE2 (Go's regexp), as Kusto does:
// an unanchored search ("matches regex: LHS contains a match for RHS",
// Microsoft Learn, "String operators"; syntax: "RE2 syntax"). A constant
// pattern compiles once.
func matchesRegex(x *kql.Binary, l, r compiled) (compiled, error) {
	if !r.konst {
		return compiled{}, unsupported(x.Y, "a non-constant regular expression")
	}
	re, err := regexp.Compile(toStringValue(r.value()))
	if err != nil {
		return compiled{}, errAt(x.Y, CodeBadArgument, "invalid regular expression: %v", err)
	}
	lf := l.fn
	return compiled{typ: TypeBool, fn: func(f *frame) Value { return Bool(re.MatchString(toStringValue(lf(f)))) }}, nil
}
