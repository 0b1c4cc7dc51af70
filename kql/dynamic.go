package kql

import "github.com/alecthomas/participle/v2/lexer"

// dynamic parses dynamic(value) where value is JSON-like.
func (p *exprParser) dynamic(word *lexer.Token) (Expr, error) {
	p.next() // (
	v, err := p.dynamicValue()
	if err != nil {
		return nil, err
	}
	end, err := p.expect(")")
	if err != nil {
		return nil, err
	}
	return &DynamicLit{Span: span(word.Pos, tokenEnd(end)), Value: v}, nil
}

// dynamicValue parses one value of a dynamic literal.
func (p *exprParser) dynamicValue() (*DynamicValue, error) {
	p.depth++
	defer func() { p.depth-- }()
	tok := p.peek()
	if p.depth > maxExprDepth {
		return nil, p.errorf(tok, "dynamic value nested too deeply")
	}
	switch {
	case isOpTok(tok, "["):
		return p.dynamicArray()
	case isOpTok(tok, "{"):
		return p.dynamicBag()
	case tok.Type == tokIdent && tok.Value == "null":
		p.next()
		return &DynamicValue{Span: span(tok.Pos, tokenEnd(tok))}, nil
	case tok.Type == tokIdent && !dynamicScalarWord(tok.Value):
		return nil, p.errorf(tok, "unexpected %s in dynamic literal", describe(tok))
	}
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &DynamicValue{Span: span(x.Start(), x.End()), Scalar: x}, nil
}

func (p *exprParser) dynamicArray() (*DynamicValue, error) {
	open := p.next()
	v := &DynamicValue{}
	for len(v.Array) > 0 || !p.isOp("]") {
		item, err := p.dynamicValue()
		if err != nil {
			return nil, err
		}
		v.Array = append(v.Array, item)
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	end, err := p.expect("]")
	if err != nil {
		return nil, err
	}
	if v.Array == nil {
		v.Array = []*DynamicValue{}
	}
	v.Span = span(open.Pos, tokenEnd(end))
	return v, nil
}

func (p *exprParser) dynamicBag() (*DynamicValue, error) {
	open := p.next()
	v := &DynamicValue{IsBag: true}
	for len(v.Bag) > 0 || !p.isOp("}") {
		key := p.peek()
		if key.Type != tokString {
			return nil, p.errorf(key, "unexpected %s (expected a quoted key)", describe(key))
		}
		p.next()
		if _, err := p.expect(":"); err != nil {
			return nil, err
		}
		val, err := p.dynamicValue()
		if err != nil {
			return nil, err
		}
		v.Bag = append(v.Bag, &DynamicField{Span: span(key.Pos, val.End()), Key: unquote(key.Value), Value: val})
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	end, err := p.expect("}")
	if err != nil {
		return nil, err
	}
	v.Span = span(open.Pos, tokenEnd(end))
	return v, nil
}

// dynamicScalarWord reports whether a word may start a scalar inside dynamic(…).
func dynamicScalarWord(w string) bool {
	_, typed := typedLiteralWords[w]
	return typed || w == "true" || w == "false"
}
