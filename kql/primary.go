package kql

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// primary parses a literal, name, call, bracketed name, parenthesised
// expression or pipeline, or * .
func (p *exprParser) primary() (Expr, error) {
	tok := p.peek()
	switch tok.Type {
	case tokString:
		return p.stringLiteral(), nil
	case tokNumber:
		p.next()
		return numberLiteral(tok), nil
	case tokTimespan:
		p.next()
		return &Literal{Span: span(tok.Pos, tokenEnd(tok)), Kind: LitTimespan, Text: tok.Value, Value: tok.Value}, nil
	case tokTypedLit:
		p.next()
		return rawTypedLiteral(tok), nil
	case tokIdent:
		return p.identPrimary()
	case tokOp:
		switch tok.Value {
		case "(":
			return p.paren()
		case "[":
			return p.bracketName()
		case "*":
			p.next()
			return &Star{Span: span(tok.Pos, tokenEnd(tok))}, nil
		}
	}
	return nil, p.errorf(tok, "unexpected %s (expected an expression)", describe(tok))
}

// stringLiteral joins adjacent string tokens, which KQL concatenates.
func (p *exprParser) stringLiteral() Expr {
	first := p.next()
	lit := &Literal{Kind: LitString, Text: first.Value, Value: unquote(first.Value)}
	last := first
	for p.peek().Type == tokString {
		last = p.next()
		lit.Text += " " + last.Value
		lit.Value += unquote(last.Value)
	}
	lit.Span = span(first.Pos, tokenEnd(last))
	return lit
}

func numberLiteral(tok *lexer.Token) *Literal {
	kind := LitLong
	v := tok.Value
	if !strings.HasPrefix(v, "0x") && !strings.HasPrefix(v, "0X") && strings.ContainsAny(v, ".eE") {
		kind = LitReal
	}
	return &Literal{Span: span(tok.Pos, tokenEnd(tok)), Kind: kind, Text: v, Value: v}
}

// rawTypedLiteral turns a datetime(…)/timespan(…)/guid(…) token into a literal.
func rawTypedLiteral(tok *lexer.Token) *Literal {
	open := strings.IndexByte(tok.Value, '(')
	word := strings.TrimSpace(tok.Value[:open])
	inner := strings.TrimSpace(tok.Value[open+1 : len(tok.Value)-1])
	kind := LitDatetime
	switch word {
	case "timespan", "time":
		kind = LitTimespan
	case "guid":
		kind = LitGuid
	}
	if len(inner) > 0 && (inner[0] == '"' || inner[0] == '\'') {
		inner = unquote(inner)
	}
	return &Literal{Span: span(tok.Pos, tokenEnd(tok)), Kind: kind, Text: tok.Value, Value: inner, Null: inner == "null"}
}

// identPrimary parses what starts with a word: true/false, typed literals,
// dynamic(…), calls and plain names.
func (p *exprParser) identPrimary() (Expr, error) {
	tok := p.next()
	sp := span(tok.Pos, tokenEnd(tok))
	switch tok.Value {
	case "true", "false":
		return &Literal{Span: sp, Kind: LitBool, Text: tok.Value, Value: tok.Value}, nil
	}
	if next := p.peek(); next.Type == tokOp && next.Value == "(" {
		if tok.Value == "dynamic" {
			return p.dynamic(tok)
		}
		if kind, ok := typedLiteralWords[tok.Value]; ok {
			return p.typedLiteral(tok, kind)
		}
		if tok.Value == "string" {
			return nil, p.errorf(tok, "string(…) is not a literal; use tostring(…) or a quoted string")
		}
		return p.call(tok)
	}
	if reservedRef(tok.Value) {
		return nil, p.errorf(tok, "%q is a keyword; write ['%s'] to use it as a name", tok.Value, tok.Value)
	}
	return &NameRef{Span: sp, Name: tok.Value}, nil
}

// reservedRefWords cannot be bare column references, as in Kusto; declared
// names (extend to = 1) may still use them.
var reservedRefWords = map[string]bool{
	"project": true, "where": true, "by": true, "to": true, "of": true, "as": true, "in": true,
	"set": true, "union": true, "datatable": true, "title": true, "asc": true, "desc": true,
	"first": true, "last": true, "toscalar": true, "materialize": true, "find": true,
	"search": true, "invoke": true, "sample": true, "print": true, "isfuzzy": true,
	"others": true, "long": true, "int": true, "string": true, "dynamic": true,
	"datetime": true, "timespan": true, "real": true, "decimal": true, "externaldata": true,
	"external_data": true, "and": true, "or": true,
}

// reservedRef reports whether a bare word cannot refer to a column: a keyword
// above, a string operator word (has, contains_cs, …) or a hyphenated keyword.
func reservedRef(w string) bool {
	return reservedRefWords[w] || (compareOps[w] && w != "matches") || hyphenWords[w]
}

// bracketName parses ['name'] or ["name"].
func (p *exprParser) bracketName() (Expr, error) {
	open := p.next()
	str := p.peek()
	if str.Type != tokString && str.Type != tokIdent {
		return nil, p.errorf(str, "unexpected %s (expected a quoted name after '[')", describe(str))
	}
	p.next()
	end, err := p.expect("]")
	if err != nil {
		return nil, err
	}
	return &NameRef{Span: span(open.Pos, tokenEnd(end)), Name: unquoteName(str.Value)}, nil
}

// typedLiteral parses long(null), real(1.5), bool(true) and the like.
func (p *exprParser) typedLiteral(word *lexer.Token, kind LitKind) (Expr, error) {
	p.next() // (
	var text strings.Builder
	for {
		tok := p.peek()
		if tok.EOF() {
			return nil, p.errorf(tok, "unexpected end of query in %s literal", word.Value)
		}
		if tok.Value == ")" && tok.Type == tokOp {
			break
		}
		if tok.Type == tokString || (tok.Type == tokOp && tok.Value != "-" && tok.Value != "+" && tok.Value != ".") {
			return nil, p.errorf(tok, "unexpected %s in %s literal", describe(tok), word.Value)
		}
		text.WriteString(p.next().Value)
	}
	end := p.next()
	inner := text.String()
	if inner == "" {
		return nil, p.errorf(end, "empty %s literal", word.Value)
	}
	return &Literal{
		Span: span(word.Pos, tokenEnd(end)), Kind: kind,
		Text: word.Value + "(" + inner + ")", Value: inner, Null: inner == "null",
	}, nil
}
