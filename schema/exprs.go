package schema

import (
	"strings"
	"unicode/utf8"

	"github.com/sigmakql/sigmakql/kql"
)

// rowCtx is what names in a scalar expression can refer to: the columns of the
// current rows, the names bound in scope, and in join conditions the two sides.
type rowCtx struct {
	rows        *rowSet
	sc          *scope
	left, right *rowSet
}

func (c *checker) ctx(rows *rowSet, sc *scope) *rowCtx { return &rowCtx{rows: rows, sc: sc} }

// expr checks every name in x and returns x's type, "" when unknown.
func (c *checker) expr(x kql.Expr, ctx *rowCtx) string {
	switch x := x.(type) {
	case *kql.NameRef:
		return c.nameRef(x, ctx)
	case *kql.Literal:
		if x.Kind == kql.LitNull {
			return ""
		}
		return x.Kind.String()
	case *kql.DynamicLit:
		return "dynamic"
	case *kql.Call:
		return c.call(x, ctx)
	case *kql.Binary:
		return c.binary(x, ctx)
	case *kql.Unary:
		return c.expr(x.X, ctx)
	case *kql.InExpr:
		c.expr(x.X, ctx)
		for _, item := range x.List {
			c.listItem(item, ctx)
		}
		return "bool"
	case *kql.Between:
		c.expr(x.X, ctx)
		c.expr(x.Lo, ctx)
		c.expr(x.Hi, ctx)
		return "bool"
	case *kql.Member:
		return c.member(x, ctx)
	case *kql.Index:
		c.expr(x.X, ctx)
		c.expr(x.Index, ctx)
		return "dynamic"
	case *kql.Paren:
		return c.expr(x.X, ctx)
	case *kql.NamedArg:
		return c.expr(x.X, ctx)
	case *kql.TabularExpr:
		c.tabular(x, ctx.sc)
	}
	return ""
}

// nameRef resolves a bare name: a column of the rows, then a bound name, then a
// table (as in x in (T)). Anything else is an unknown column unless the rows are
// open.
func (c *checker) nameRef(x *kql.NameRef, ctx *rowCtx) string {
	if strings.EqualFold(x.Name, "true") || strings.EqualFold(x.Name, "false") {
		return "bool"
	}
	if col, ok := ctx.rows.column(x.Name); ok {
		return col.Type
	}
	if b, ok := ctx.sc.lookup(x.Name); ok {
		return b.typ
	}
	if ctx.rows.open {
		return ""
	}
	if _, ok := c.schema.Table(x.Name); ok {
		return ""
	}
	c.unknownColumn(x, ctx.rows, ctx.sc)
	return ""
}

func (c *checker) unknownColumn(x *kql.NameRef, rows *rowSet, sc *scope) {
	cands := rows.names()
	for s := sc; s != nil; s = s.parent {
		for n, b := range s.names {
			if b.kind == bindScalar {
				cands = append(cands, n)
			}
		}
	}
	c.report(&c.an.UnknownColumns, x.Name, rows.table, x.Pos, cands)
}

// listItem checks an element of an in (…) list, which may name a table.
func (c *checker) listItem(x kql.Expr, ctx *rowCtx) {
	if ref, ok := x.(*kql.NameRef); ok {
		if _, col := ctx.rows.column(ref.Name); !col && c.isTabularExpr(ref, ctx.sc) {
			return
		}
	}
	c.expr(x, ctx)
}

// member checks X.Name: a property of a dynamic value (never a column itself),
// or $left.A / $right.B in a join condition.
func (c *checker) member(x *kql.Member, ctx *rowCtx) string {
	if ref, ok := x.X.(*kql.NameRef); ok && (ref.Name == "$left" || ref.Name == "$right") {
		side := ctx.left
		if ref.Name == "$right" {
			side = ctx.right
		}
		if side == nil {
			return ""
		}
		return c.nameRef(memberName(x), &rowCtx{rows: side, sc: newScope(nil)})
	}
	if isDatabaseCall(x.X) {
		return ""
	}
	c.expr(x.X, ctx)
	return "dynamic"
}

// call checks a function's arguments. A few built-ins take names or types rather
// than values, and toscalar/materialize take a table.
func (c *checker) call(x *kql.Call, ctx *rowCtx) string {
	fn := strings.ToLower(x.Func)
	switch fn {
	case "typeof":
		return "type"
	case "column_ifexists", "columnifexists":
		for _, a := range x.Args[min(1, len(x.Args)):] {
			c.expr(a, ctx)
		}
		return ""
	case "toscalar", "materialize":
		for _, a := range x.Args {
			c.tabular(a, ctx.sc)
		}
		return ""
	}
	c.checkFunctionName(x, ctx.sc)
	var first string
	for i, a := range x.Args {
		t := c.expr(a, ctx)
		if i == 0 {
			first = t
		}
	}
	if t, ok := callTypes[fn]; ok {
		return t
	}
	if namedByFirstArg[fn] || fn == "min" || fn == "max" || fn == "sum" {
		return first
	}
	return ""
}

// binary checks both operands and warns when a string operator is applied to a
// column whose type is not string.
func (c *checker) binary(x *kql.Binary, ctx *rowCtx) string {
	lt := c.expr(x.X, ctx)
	c.expr(x.Y, ctx)
	op := strings.ToLower(x.Op)
	switch op {
	case "+", "-", "*", "/", "%":
		return lt
	}
	if isStringOp(op) && nonString[lt] {
		if ref, ok := x.X.(*kql.NameRef); ok {
			c.an.Warnings.Warnf(diagPos(ref.Pos), CodeTypeMismatch,
				"%s on column %s of type %s compares its text form", x.Op, ref.Name, lt)
		}
	}
	return "bool"
}

// nonString lists the column types a string operator is suspect on.
var nonString = map[string]bool{"int": true, "long": true, "real": true, "decimal": true, "bool": true, "datetime": true, "timespan": true}

func isStringOp(op string) bool {
	op = strings.TrimPrefix(strings.TrimSuffix(op, "_cs"), "!")
	switch op {
	case "contains", "has", "hasprefix", "hassuffix", "startswith", "endswith", "matches regex", "like":
		return true
	}
	return false
}

// memberName returns the Name of X.Name as a name reference positioned on the
// name itself, as Kusto reports it.
func memberName(x *kql.Member) *kql.NameRef {
	pos := x.EndPos
	pos.Offset -= len(x.Name)
	pos.Column -= utf8.RuneCountInString(x.Name)
	return &kql.NameRef{Span: kql.Span{Pos: pos, EndPos: x.EndPos}, Name: x.Name}
}
