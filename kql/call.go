package kql

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// sourceKeywords start a pipeline that is not an expression, such as
// (datatable(…)[…] | …) or toscalar(print 1).
var sourceKeywords = map[string]bool{
	"datatable": true, "externaldata": true, "external_data": true, "print": true,
	"union": true, "evaluate": true, "find": true, "search": true,
}

// call parses the argument list of name(…).
func (p *exprParser) call(name *lexer.Token) (Expr, error) {
	p.next() // (
	c := &Call{Func: name.Value, NamePos: name.Pos}
	outer := p.callee
	p.callee = name.Value
	defer func() { p.callee = outer }()
	if !p.isOp(")") {
		for {
			arg, err := p.nested(p.argument)
			if err != nil {
				return nil, err
			}
			c.Args = append(c.Args, arg)
			if !p.isOp(",") {
				break
			}
			p.next()
		}
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	c.Span = span(name.Pos, tokenEnd(end))
	return c, nil
}

func (p *exprParser) isOp(v string) bool {
	tok := p.peek()
	return tok.Type == tokOp && tok.Value == v
}

// argument parses one call argument: *, Name = X, Name:type, or a value
// (which may be a pipeline, as in toscalar(T | count)).
func (p *exprParser) argument() (Expr, error) {
	tok := p.peek()
	if tok.Type == tokIdent {
		switch next := p.peekAt(1); {
		case next.Type == tokOp && next.Value == "=":
			p.next()
			p.next()
			x, err := p.binary(levelOr)
			if err != nil {
				return nil, err
			}
			return &NamedArg{Span: span(tok.Pos, x.End()), Name: tok.Value, X: x}, nil
		case next.Type == tokOp && next.Value == ":":
			p.next()
			p.next()
			typ := p.peek()
			if typ.Type != tokIdent {
				return nil, p.errorf(typ, "unexpected %s (expected a type name)", describe(typ))
			}
			p.next()
			return &TypedName{Span: span(tok.Pos, tokenEnd(typ)), Name: tok.Value, Type: typ.Value}, nil
		case p.callee == "typeof":
			p.next()
			return &TypedName{Span: span(tok.Pos, tokenEnd(tok)), Type: tok.Value}, nil
		}
	}
	x, err := p.pipelineOrExpr()
	if _, tab := x.(*TabularExpr); tab && !tabularArgFuncs[p.callee] {
		return nil, p.errorf(tok, "a pipeline as an argument must be in parentheses")
	}
	return x, err
}

// tabularArgFuncs take a pipeline as an argument without extra parentheses.
var tabularArgFuncs = map[string]bool{"toscalar": true, "materialize": true}

// pipelineOrExpr parses an expression, or a pipeline where one may stand.
func (p *exprParser) pipelineOrExpr() (Expr, error) {
	tok := p.peek()
	if tok.Type == tokIdent && (sourceKeywords[tok.Value] || (tok.Value == "range" && !isOpTok(p.peekAt(1), "("))) {
		pipe, err := pipelineParser.ParseFromLexer(p.lex, participle.AllowTrailing(true))
		if err != nil {
			return nil, err
		}
		return &TabularExpr{Span: pipe.Span, Pipe: pipe}, nil
	}
	x, err := p.binary(levelOr)
	if err != nil {
		return nil, err
	}
	if !p.isOp("|") {
		return x, nil
	}
	tail, err := tailParser.ParseFromLexer(p.lex, participle.AllowTrailing(true))
	if err != nil {
		return nil, err
	}
	end := tail.Ops[len(tail.Ops)-1].End()
	pipe := &Pipeline{Span: span(x.Start(), end), Source: &ExprSource{Span: span(x.Start(), x.End()), X: x}, Ops: tail.Ops}
	return &TabularExpr{Span: pipe.Span, Pipe: pipe}, nil
}

func isOpTok(tok *lexer.Token, v string) bool { return tok.Type == tokOp && tok.Value == v }

// opsTail is the "| op | op" continuation of a pipeline that began as an expression.
type opsTail struct {
	Ops []Operator `parser:"( '|' @@ )+"`
}

// paren parses ( expression ) or ( pipeline ).
func (p *exprParser) paren() (Expr, error) {
	open := p.next()
	x, err := p.nested(p.pipelineOrExpr)
	if err != nil {
		return nil, err
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	sp := span(open.Pos, tokenEnd(end))
	if t, ok := x.(*TabularExpr); ok {
		t.Span = sp
		return t, nil
	}
	return &Paren{Span: sp, X: x}, nil
}

// parenList parses the ( a, b, … ) list after in, has_any and friends.
func (p *exprParser) parenList() ([]Expr, lexer.Position, error) {
	if _, err := p.expect("("); err != nil {
		return nil, lexer.Position{}, err
	}
	var list []Expr
	for {
		x, err := p.nested(p.pipelineOrExpr)
		if err != nil {
			return nil, lexer.Position{}, err
		}
		list = append(list, x)
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, lexer.Position{}, err
	}
	return list, tokenEnd(end), nil
}
