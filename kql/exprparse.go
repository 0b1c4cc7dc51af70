package kql

import (
	"errors"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The expression grammar is parsed by precedence climbing (as in participle's
// precedence-climbing example) and plugged into the participle grammar through
// ParseTypeWith: every Expr field of the AST is parsed here, and pipelines that
// appear inside expressions are handed back to participle.

// Binary precedence levels, loosest first.
const (
	levelOr = iota
	levelAnd
	levelCompare
	levelAdd
	levelMul
	levelUnary
)

// compareOps are the operators of the comparison level, which includes every
// string operator; listOps take a parenthesised list on the right.
var compareOps = map[string]bool{
	"==": true, "!=": true, "<>": true, "<": true, ">": true, "<=": true, ">=": true,
	"=~": true, "!~": true, "like": true, "notlike": true, "likecs": true, "notlikecs": true,
	"!like": true, "!likecs": true, ":": true, "contains": true, "notcontains": true, "containscs": true,
	"notcontainscs": true, "matches": true, "between": true, "!between": true,
}

var listOps = map[string]bool{"in": true, "!in": true, "in~": true, "!in~": true, "has_any": true, "has_all": true}

// stringOpWords are the word operators that have _cs and negated (!) forms.
var stringOpWords = []string{"has", "hasprefix", "hassuffix", "contains", "startswith", "endswith"}

func init() {
	for _, w := range stringOpWords {
		for _, v := range []string{w, w + "_cs", "!" + w, "!" + w + "_cs"} {
			compareOps[v] = true
		}
	}
	for op := range listOps {
		compareOps[op] = true
	}
}

// clauseWords separate clauses of operators (summarize by …); an expression
// never starts with one, though KQL lets other keywords name columns.
var clauseWords = map[string]bool{"by": true, "of": true}

// typedLiteralWords introduce typed literals such as long(null) or real(1.5).
var typedLiteralWords = map[string]LitKind{
	"long": LitLong, "int": LitInt, "int64": LitLong, "int32": LitInt, "real": LitReal, "double": LitReal,
	"decimal": LitDecimal, "bool": LitBool, "boolean": LitBool,
}

// maxExprDepth bounds the recursion of the expression parser; Parse checks
// bracket depth before parsing, this is the second line of defence.
const maxExprDepth = 2 * MaxDepth

type exprParser struct {
	lex    *lexer.PeekingLexer
	depth  int
	callee string // the function whose arguments are being parsed
}

// parseExprFrom is the ParseTypeWith hook for Expr.
func parseExprFrom(lex *lexer.PeekingLexer) (Expr, error) {
	if tok := lex.Peek(); !startsExpr(tok) || (tok.Type == tokIdent && clauseWords[tok.Value]) {
		return nil, participle.NextMatch
	}
	p := &exprParser{lex: lex}
	x, err := p.binary(levelOr)
	if err != nil {
		advanceTo(lex, err)
	}
	return x, err
}

// advanceTo moves lex up to the position of err. A nested participle parse
// that fails leaves the lexer where it started; without this, participle would
// think the expression consumed nothing and retry alternatives, which is
// exponential in the nesting depth.
func advanceTo(lex *lexer.PeekingLexer, err error) {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return
	}
	for tok := lex.Peek(); !tok.EOF() && tok.Pos.Offset < perr.Position().Offset; tok = lex.Peek() {
		lex.Next()
	}
}

// startsExpr reports whether tok can begin an expression.
func startsExpr(tok *lexer.Token) bool {
	switch tok.Type {
	case tokIdent, tokString, tokNumber, tokTimespan, tokTypedLit:
		return true
	case tokOp:
		switch tok.Value {
		case "(", "[", "-", "+", "*":
			return true
		}
	}
	return false
}

func (p *exprParser) peek() *lexer.Token { return p.lex.Peek() }
func (p *exprParser) next() *lexer.Token { return p.lex.Next() }

// peekAt returns the token n places ahead of the next one.
func (p *exprParser) peekAt(n int) *lexer.Token {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	for i := 0; i < n; i++ {
		p.lex.Next()
	}
	return p.lex.Peek()
}

func (p *exprParser) errorf(tok *lexer.Token, format string, args ...any) error {
	return participle.Errorf(tok.Pos, format, args...)
}

func (p *exprParser) expect(value string) (*lexer.Token, error) {
	tok := p.peek()
	if tok.Value != value || tok.Type == tokString {
		return nil, p.errorf(tok, "unexpected %s (expected %q)", describe(tok), value)
	}
	return p.next(), nil
}

// describe names a token for an error message.
func describe(tok *lexer.Token) string {
	if tok.EOF() {
		return "end of query"
	}
	return "token " + quoteShort(tok.Value)
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}

// tokenEnd returns the position just after tok.
func tokenEnd(tok *lexer.Token) lexer.Position {
	end := tok.Pos
	end.Offset += len(tok.Value)
	if i := strings.LastIndexByte(tok.Value, '\n'); i >= 0 {
		end.Line += strings.Count(tok.Value, "\n")
		end.Column = len(tok.Value) - i
	} else {
		end.Column += len([]rune(tok.Value))
	}
	return end
}

func span(from lexer.Position, to lexer.Position) Span { return Span{Pos: from, EndPos: to} }

// binaryOp returns the operator at the next token if it belongs to level, and
// how many tokens it spans.
func (p *exprParser) binaryOp(level int) (string, int) {
	tok := p.peek()
	if tok.Type != tokIdent && tok.Type != tokOp {
		return "", 0
	}
	v := tok.Value
	switch level {
	case levelOr:
		if v == "or" {
			return v, 1
		}
	case levelAnd:
		if v == "and" {
			return v, 1
		}
	case levelCompare:
		if v == "matches" {
			if nt := p.peekAt(1); nt.Value == "regex" && nt.Type == tokIdent {
				return "matches regex", 2
			}
			return "", 0
		}
		if v == "in" && p.peekAt(1).Value == "range" {
			return "", 0 // make-series … on X in range(…)
		}
		if v == ":" && isOpTok(p.peekAt(1), "(") {
			return "", 0 // evaluate plugin(…) : (schema)
		}
		if compareOps[v] {
			return v, 1
		}
	case levelAdd:
		if tok.Type == tokOp && (v == "+" || v == "-") {
			return v, 1
		}
	case levelMul:
		if tok.Type == tokOp && (v == "*" || v == "/" || v == "%") {
			return v, 1
		}
	}
	return "", 0
}

// binary parses a left-associative chain of operators at level and above.
func (p *exprParser) binary(level int) (Expr, error) {
	if level == levelUnary {
		return p.unary()
	}
	x, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		op, n := p.binaryOp(level)
		if op == "" {
			return x, nil
		}
		if level == levelMul && op == "*" && p.isWildcardSuffix(x) {
			star := p.next()
			ref := x.(*NameRef)
			ref.Name += "*"
			ref.EndPos = tokenEnd(star)
			continue
		}
		for i := 0; i < n; i++ {
			p.next()
		}
		if x, err = p.rightOperand(level, op, x); err != nil {
			return nil, err
		}
		if level == levelCompare {
			if next, _ := p.binaryOp(level); next != "" {
				return nil, p.errorf(p.peek(), "comparisons do not chain: parenthesise a %s b before %s", op, next)
			}
		}
	}
}

// isWildcardSuffix reports whether a * right after the name x, followed by
// the end of a list, makes x a table or column pattern such as Device*.
func (p *exprParser) isWildcardSuffix(x Expr) bool {
	ref, ok := x.(*NameRef)
	if !ok || p.peek().Pos.Offset != ref.EndPos.Offset {
		return false
	}
	after := p.peekAt(1)
	switch {
	case after.EOF():
		return true
	case after.Type == tokOp:
		return after.Value == "," || after.Value == "|" || after.Value == ")" || after.Value == ";"
	}
	return false
}

// rightOperand parses what follows op and combines it with x.
func (p *exprParser) rightOperand(level int, op string, x Expr) (Expr, error) {
	switch {
	case listOps[op]:
		list, end, err := p.parenList()
		if err != nil {
			return nil, err
		}
		return &InExpr{Span: span(x.Start(), end), Op: op, X: x, List: list}, nil
	case op == "between" || op == "!between":
		return p.between(op, x)
	}
	y, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	return &Binary{Span: span(x.Start(), y.End()), Op: op, X: x, Y: y}, nil
}

// between parses (Lo .. Hi) after between.
func (p *exprParser) between(op string, x Expr) (Expr, error) {
	if _, err := p.expect("("); err != nil {
		return nil, err
	}
	lo, err := p.binary(levelAdd)
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(".."); err != nil {
		return nil, err
	}
	hi, err := p.binary(levelAdd)
	if err != nil {
		return nil, err
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	return &Between{Span: span(x.Start(), tokenEnd(end)), Not: op == "!between", X: x, Lo: lo, Hi: hi}, nil
}

// unary parses prefix signs and then a postfix expression.
func (p *exprParser) unary() (Expr, error) {
	tok := p.peek()
	if tok.Type == tokOp && (tok.Value == "-" || tok.Value == "+") {
		p.next()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Unary{Span: span(tok.Pos, x.End()), Op: tok.Value, X: x}, nil
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	return p.postfix(x)
}

// postfix parses .member and [index] accessors after x.
func (p *exprParser) postfix(x Expr) (Expr, error) {
	var err error
	for {
		tok := p.peek()
		if tok.Type != tokOp {
			return x, nil
		}
		switch tok.Value {
		case ".":
			if isOpTok(p.peekAt(1), "[") {
				p.next()
				continue
			}
			p.next()
			name := p.peek()
			if name.Type != tokIdent {
				return nil, p.errorf(name, "unexpected %s after '.' (expected a name)", describe(name))
			}
			p.next()
			if x, err = p.memberOrCall(x, name); err != nil {
				return nil, err
			}
		case "[":
			p.next()
			idx, err := p.nested(func() (Expr, error) { return p.binary(levelOr) })
			if err != nil {
				return nil, err
			}
			end, err := p.expect("]")
			if err != nil {
				return nil, err
			}
			x = &Index{Span: span(x.Start(), tokenEnd(end)), X: x, Index: idx}
		default:
			return x, nil
		}
	}
}

// memberOrCall builds x.name, or x.name(args) for database("d").f(…) style calls.
func (p *exprParser) memberOrCall(x Expr, name *lexer.Token) (Expr, error) {
	if !p.isOp("(") {
		return &Member{Span: span(x.Start(), tokenEnd(name)), X: x, Name: name.Value}, nil
	}
	call, err := p.call(name)
	if err != nil {
		return nil, err
	}
	c := call.(*Call)
	c.Receiver = x
	c.Pos = x.Start()
	return c, nil
}

// nested runs f one level deeper, failing cleanly on absurd nesting.
func (p *exprParser) nested(f func() (Expr, error)) (Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth {
		return nil, p.errorf(p.peek(), "expression nested too deeply")
	}
	return f()
}
