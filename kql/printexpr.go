package kql

import "strings"

// precedence returns the binding level of an expression for deciding parentheses.
func precedence(x Expr) int {
	switch x := x.(type) {
	case *Binary:
		switch {
		case x.Op == "or":
			return levelOr
		case x.Op == "and":
			return levelAnd
		case x.Op == "+" || x.Op == "-":
			return levelAdd
		case x.Op == "*" || x.Op == "/" || x.Op == "%":
			return levelMul
		}
		return levelCompare
	case *InExpr, *Between:
		return levelCompare
	case *Unary:
		return levelUnary
	}
	return levelUnary + 1
}

// expr prints x, parenthesised when it binds looser than min.
func (p *printer) expr(x Expr, min int) {
	if x == nil {
		return
	}
	if precedence(x) < min {
		p.ws("(")
		defer p.ws(")")
	}
	switch x := x.(type) {
	case *NameRef:
		p.nameRef(x.Name)
	case *Literal:
		p.literal(x)
	case *DynamicLit:
		p.ws("dynamic(")
		p.dynamicValue(x.Value)
		p.ws(")")
	case *Call:
		if x.Receiver != nil {
			p.expr(x.Receiver, levelUnary+1)
			p.ws(".")
		}
		p.ws(x.Func, "(")
		p.argList(x.Args)
		p.ws(")")
	case *Binary:
		lvl := precedence(x)
		p.expr(x.X, lvl)
		p.ws(" ", x.Op, " ")
		p.expr(x.Y, lvl+1)
	case *Unary:
		p.ws(x.Op)
		p.expr(x.X, levelUnary)
	case *InExpr:
		p.expr(x.X, levelCompare+1)
		p.ws(" ", x.Op, " (")
		p.argList(x.List)
		p.ws(")")
	case *Between:
		p.expr(x.X, levelCompare+1)
		if x.Not {
			p.ws(" !between (")
		} else {
			p.ws(" between (")
		}
		p.expr(x.Lo, levelAdd)
		p.ws(" .. ")
		p.expr(x.Hi, levelAdd)
		p.ws(")")
	default:
		p.exprPart(x)
	}
}

// argList prints call arguments and in-lists, where a pipeline needs no
// parentheses of its own: toscalar(T | count), x in (T | project y).
func (p *printer) argList(xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			p.ws(", ")
		}
		if t, ok := x.(*TabularExpr); ok {
			p.pipeline(t.Pipe, false)
		} else {
			p.expr(x, levelOr)
		}
	}
}

// nameRef prints a name; a trailing * of a table pattern such as Device* stays bare.
func (p *printer) nameRef(s string) {
	if base, ok := strings.CutSuffix(s, "*"); ok && (base == "" || isPlainName(strings.ReplaceAll(base, "*", "x"))) {
		p.ws(s)
		return
	}
	p.name(s)
}

func (p *printer) exprPart(x Expr) {
	switch x := x.(type) {
	case *Member:
		p.expr(x.X, levelUnary+1)
		if isPlainName(x.Name) {
			p.ws(".", x.Name)
		} else {
			p.ws("[", QuoteString(x.Name), "]")
		}
	case *Index:
		p.expr(x.X, levelUnary+1)
		p.ws("[")
		p.expr(x.Index, levelOr)
		p.ws("]")
	case *Paren:
		p.ws("(")
		p.expr(x.X, levelOr)
		p.ws(")")
	case *Star:
		p.ws("*")
	case *NamedArg:
		p.ws(x.Name, " = ")
		p.expr(x.X, levelOr)
	case *TypedName:
		if x.Name != "" {
			p.ws(x.Name, ":")
		}
		p.ws(x.Type)
	case *TabularExpr:
		p.ws("(")
		p.pipeline(x.Pipe, false)
		p.ws(")")
	}
}

// literal prints a literal as written, or builds source for literals that a
// program constructed without Text.
func (p *printer) literal(l *Literal) {
	if l.Text != "" {
		p.ws(l.Text)
		return
	}
	switch l.Kind {
	case LitString:
		p.ws(QuoteString(l.Value))
	case LitLong, LitReal, LitBool, LitTimespan:
		if l.Null {
			p.ws(l.Kind.String(), "(null)")
		} else {
			p.ws(l.Value)
		}
	case LitNull:
		p.ws("null")
	default:
		p.ws(l.Kind.String(), "(", l.Value, ")")
	}
}

func (p *printer) dynamicValue(v *DynamicValue) {
	switch {
	case v.Scalar != nil:
		p.expr(v.Scalar, levelUnary)
	case v.IsBag:
		p.ws("{")
		for i, f := range v.Bag {
			if i > 0 {
				p.ws(", ")
			}
			p.ws(QuoteString(f.Key), ": ")
			p.dynamicValue(f.Value)
		}
		p.ws("}")
	case v.Array != nil:
		p.ws("[")
		for i, e := range v.Array {
			if i > 0 {
				p.ws(", ")
			}
			p.dynamicValue(e)
		}
		p.ws("]")
	default:
		p.ws("null")
	}
}
