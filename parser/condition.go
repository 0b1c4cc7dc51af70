package parser

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/lexer"
)

// Diagnostic codes of the condition parser. Each problem has its own code so that
// tools and tests can tell them apart without reading messages.
const (
	CondEmpty             diag.Code = "empty-condition"           // nothing but white space
	CondTooLong           diag.Code = "condition-too-long"        // longer than MaxConditionLength
	CondTooDeep           diag.Code = "condition-too-deep"        // nested deeper than MaxConditionDepth
	CondInvalidCharacter  diag.Code = "invalid-character"         // a character no token starts with
	CondAggregation       diag.Code = "condition-aggregation"     // the deprecated "| count() ..." syntax
	CondUnexpectedToken   diag.Code = "unexpected-token"          // a token where the grammar allows none of its kind
	CondUnbalancedParen   diag.Code = "unbalanced-parenthesis"    // an unclosed '(' or a stray ')'
	CondBadQuantifier     diag.Code = "invalid-quantifier"        // "2 of x": only 1, any and all exist
	CondUnknownIdentifier diag.Code = "unknown-search-identifier" // a name the detection does not define
	CondPatternNoMatch    diag.Code = "pattern-matches-nothing"   // "1 of x*" or "them" with no search to expand to
)

// Limits that keep a hostile condition from costing unbounded time or stack.
const (
	MaxConditionLength = 8 << 10 // bytes; SigmaHQ's longest condition is a few hundred
	MaxConditionDepth  = 64      // nested parentheses and 'not's
	maxConditionErrors = 10      // the parser stops reporting after this many
)

// ParseCondition parses one Sigma condition against the search identifiers of its
// detection, given in document order. start is the position of the condition's first
// character; every node and diagnostic lies on that line at start.Col plus the byte
// offset into text. Quantifiers are expanded into ir.Of.Names in the order of
// searches; "them" and patterns skip names starting with '_' unless the pattern
// itself starts with '_'. Patterns match whole names ('*' is any run of characters),
// not prefixes as pySigma's regular expression does; no SigmaHQ rule depends on the
// difference. The expression is nil whenever the list holds an error.
func ParseCondition(text string, start diag.Pos, searches []string) (ir.Expr, diag.List) {
	p := &condParser{text: text, start: start, searches: searches}
	switch {
	case len(text) > MaxConditionLength:
		p.errorAt(0, CondTooLong, "condition is %d bytes long; the limit is %d", len(text), MaxConditionLength)
	case strings.TrimSpace(text) == "":
		p.errorAt(0, CondEmpty, "condition is empty")
	default:
		p.tokens = lexer.Lex(text)
		p.parseAll()
	}
	if p.errs.HasErrors() {
		return nil, p.errs
	}
	return p.expr, p.errs
}

// condParser is a recursive-descent parser over the tokens of one condition.
type condParser struct {
	text     string
	start    diag.Pos
	searches []string
	tokens   []lexer.Token
	next     int // index of the current token
	depth    int
	stopped  bool // a syntax error ended parsing
	expr     ir.Expr
	errs     diag.List
}

// parseAll parses the whole condition and rejects anything left over.
func (p *condParser) parseAll() {
	p.expr = p.parseOr()
	if p.stopped {
		return
	}
	if t := p.tok(); t.Kind == lexer.RParen {
		p.syntaxError(t, CondUnbalancedParen, "')' has no matching '('")
	} else if t.Kind != lexer.EOF {
		p.unexpected(t, "'and', 'or' or the end of the condition")
	}
}

// tok returns the current token.
func (p *condParser) tok() lexer.Token { return p.tokens[p.next] }

// advance consumes the current token and returns it; EOF is never consumed.
func (p *condParser) advance() lexer.Token {
	t := p.tokens[p.next]
	if t.Kind != lexer.EOF {
		p.next++
	}
	return t
}

// parseOr parses "and-expr { or and-expr }".
func (p *condParser) parseOr() ir.Expr {
	terms := []ir.Expr{p.parseAnd()}
	for !p.stopped && p.tok().Kind == lexer.Or {
		p.advance()
		terms = append(terms, p.parseAnd())
	}
	if p.stopped || len(terms) == 1 {
		return terms[0]
	}
	return &ir.Or{At: pos(terms[0]), Terms: flatten(terms, func(e ir.Expr) []ir.Expr {
		if or, ok := e.(*ir.Or); ok {
			return or.Terms
		}
		return nil
	})}
}

// parseAnd parses "not-expr { and not-expr }".
func (p *condParser) parseAnd() ir.Expr {
	terms := []ir.Expr{p.parseNot()}
	for !p.stopped && p.tok().Kind == lexer.And {
		p.advance()
		terms = append(terms, p.parseNot())
	}
	if p.stopped || len(terms) == 1 {
		return terms[0]
	}
	return &ir.And{At: pos(terms[0]), Terms: flatten(terms, func(e ir.Expr) []ir.Expr {
		if and, ok := e.(*ir.And); ok {
			return and.Terms
		}
		return nil
	})}
}

// flatten returns terms with every term that inner unwraps (a parenthesized node
// of the same kind) replaced by its own terms, so that And and Or stay n-ary.
func flatten(terms []ir.Expr, inner func(ir.Expr) []ir.Expr) []ir.Expr {
	flat := make([]ir.Expr, 0, len(terms))
	for _, t := range terms {
		if sub := inner(t); sub != nil {
			flat = append(flat, sub...)
		} else {
			flat = append(flat, t)
		}
	}
	return flat
}

// pos returns the position of e, or the zero position for nil.
func pos(e ir.Expr) diag.Pos {
	if e == nil {
		return diag.Pos{}
	}
	return e.Position()
}

// parseNot parses "not not-expr | primary", bounding the nesting depth.
func (p *condParser) parseNot() ir.Expr {
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	if t := p.tok(); t.Kind == lexer.Not {
		p.advance()
		x := p.parseNot()
		if p.stopped {
			return nil
		}
		return &ir.Not{At: p.posAt(t.Offset), X: x}
	}
	return p.parsePrimary()
}

// enter counts one level of nesting and stops parsing beyond MaxConditionDepth.
func (p *condParser) enter() bool {
	p.depth++
	if p.depth > MaxConditionDepth {
		p.syntaxError(p.tok(), CondTooDeep, "condition is nested deeper than %d levels", MaxConditionDepth)
		return false
	}
	return !p.stopped
}

// parsePrimary parses a parenthesized expression, a quantifier or an identifier.
func (p *condParser) parsePrimary() ir.Expr {
	t := p.tok()
	switch {
	case t.Kind == lexer.LParen:
		return p.parseParen()
	case t.Kind.IsQuantifier():
		return p.parseOf()
	case t.Kind == lexer.Ident && p.tokens[p.next+1].Kind == lexer.Of:
		p.syntaxError(t, CondBadQuantifier, "quantifier %q is not 1, any or all", t.Text)
	case t.Kind == lexer.Ident:
		p.advance()
		return p.resolveIdent(t)
	default:
		p.unexpected(t, "a search identifier, '(', 'not', '1 of', 'any of' or 'all of'")
	}
	return nil
}

// parseParen parses "( expr )".
func (p *condParser) parseParen() ir.Expr {
	open := p.advance()
	x := p.parseOr()
	if p.stopped {
		return nil
	}
	if t := p.tok(); t.Kind != lexer.RParen {
		if t.Kind == lexer.EOF {
			p.syntaxError(open, CondUnbalancedParen, "'(' is never closed")
		} else {
			p.unexpected(t, "'and', 'or' or ')'")
		}
		return nil
	}
	p.advance()
	return x
}

// parseOf parses "quantifier of (them | pattern | identifier)".
func (p *condParser) parseOf() ir.Expr {
	q := p.advance()
	if t := p.tok(); t.Kind != lexer.Of {
		p.unexpected(t, "'of' after the quantifier "+q.Kind.String())
		return nil
	}
	p.advance()
	target := p.tok()
	if target.Kind != lexer.Them && target.Kind != lexer.Pattern && target.Kind != lexer.Ident {
		p.unexpected(target, "'them', a pattern such as selection_* or a search identifier")
		return nil
	}
	p.advance()
	of := &ir.Of{At: p.posAt(q.Offset), Quant: ir.OneOf, Pattern: target.Text}
	if q.Kind == lexer.All {
		of.Quant = ir.AllOf
	}
	of.Names = p.expand(target)
	return of
}

// expand returns the searches that the target of a quantifier names, in document
// order, and reports a target that names none.
func (p *condParser) expand(target lexer.Token) []string {
	var names []string
	for _, s := range p.searches {
		if quantifierMatches(target, s) {
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		if target.Kind == lexer.Ident {
			p.unknownIdent(target)
		} else {
			p.errorAt(target.Offset, CondPatternNoMatch, "%s matches no search identifier", target)
		}
	}
	return names
}

// quantifierMatches reports whether the target of a quantifier covers the search
// name. Names starting with '_' are covered only by a pattern starting with '_'.
func quantifierMatches(target lexer.Token, name string) bool {
	switch target.Kind {
	case lexer.Them:
		return !strings.HasPrefix(name, "_")
	case lexer.Ident:
		return target.Text == name
	}
	if strings.HasPrefix(name, "_") && !strings.HasPrefix(target.Text, "_") {
		return false
	}
	return globMatch(target.Text, name)
}

// globMatch reports whether name matches pattern as a whole, where '*' stands for
// any run of characters. Every other character matches itself.
func globMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == name
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(name) < len(first)+len(last) || !strings.HasPrefix(name, first) || !strings.HasSuffix(name, last) {
		return false
	}
	rest := name[len(first) : len(name)-len(last)]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, mid)
		if i < 0 {
			return false
		}
		rest = rest[i+len(mid):]
	}
	return true
}

// resolveIdent returns the identifier node, reporting a name that no search has.
func (p *condParser) resolveIdent(t lexer.Token) ir.Expr {
	for _, s := range p.searches {
		if s == t.Text {
			return &ir.Ident{At: p.posAt(t.Offset), Name: t.Text}
		}
	}
	p.unknownIdent(t)
	return &ir.Ident{At: p.posAt(t.Offset), Name: t.Text}
}

// unknownIdent reports an undefined search identifier with the closest defined
// names as suggestions, or the keyword it was meant to be.
func (p *condParser) unknownIdent(t lexer.Token) {
	msg := fmt.Sprintf("unknown search identifier %q", t.Text)
	suggestions := closestNames(t.Text, p.searches)
	if kw := strings.ToLower(t.Text); isKeyword(kw) {
		msg += "; condition keywords are lower-case"
		suggestions = append([]string{kw}, suggestions...)
	}
	if len(suggestions) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", suggestions[0])
	}
	d := diag.Errorf(p.posAt(t.Offset), CondUnknownIdentifier, "%s", msg)
	d.Suggestions = suggestions
	p.add(d)
}

// isKeyword reports whether s is spelled exactly like a condition keyword.
func isKeyword(s string) bool {
	toks := lexer.Lex(s)
	return len(toks) == 2 && toks[0].Kind != lexer.Ident && toks[0].Kind != lexer.Pattern
}

// closestNames returns up to three search names within a small edit distance of
// name, closest first and in document order among equals.
func closestNames(name string, searches []string) []string {
	type scored struct {
		name string
		dist int
	}
	limit := max(2, len(name)/3)
	var near []scored
	for _, s := range searches {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(s)); d <= limit {
			near = append(near, scored{s, d})
		}
	}
	sort.SliceStable(near, func(i, j int) bool { return near[i].dist < near[j].dist })
	var out []string
	for i := 0; i < len(near) && i < 3; i++ {
		out = append(out, near[i].name)
	}
	return out
}

// unexpected reports t where the grammar wanted what describes, with a code that
// names the real problem when the token itself is one.
func (p *condParser) unexpected(t lexer.Token, want string) {
	switch t.Kind {
	case lexer.Invalid:
		p.syntaxError(t, CondInvalidCharacter, "invalid character %q in condition", t.Text)
	case lexer.Pipe:
		p.syntaxError(t, CondAggregation, "the '|' aggregation syntax is deprecated; write a correlation rule instead")
	case lexer.RParen:
		p.syntaxError(t, CondUnbalancedParen, "unexpected ')', expected %s", want)
	case lexer.Ident:
		if kw := strings.ToLower(t.Text); isKeyword(kw) {
			d := diag.Errorf(p.posAt(t.Offset), CondUnexpectedToken,
				"unexpected %s; condition keywords are lower-case: did you mean %q?", t, kw)
			d.Suggestions = []string{kw}
			p.add(d)
			p.stopped = true
			return
		}
		fallthrough
	default:
		p.syntaxError(t, CondUnexpectedToken, "unexpected %s, expected %s", t, want)
	}
}

// syntaxError reports an error at t and stops parsing: after a syntax error the
// rest of the condition has no reliable structure.
func (p *condParser) syntaxError(t lexer.Token, code diag.Code, format string, args ...any) {
	p.errorAt(t.Offset, code, format, args...)
	p.stopped = true
}

// errorAt reports an error at a byte offset into the condition.
func (p *condParser) errorAt(offset int, code diag.Code, format string, args ...any) {
	p.add(diag.Errorf(p.posAt(offset), code, format, args...))
}

// add records d unless the error limit is reached, which stops parsing.
func (p *condParser) add(d diag.Diagnostic) {
	if len(p.errs) >= maxConditionErrors {
		p.stopped = true
		return
	}
	p.errs.Add(d)
}

// posAt converts a byte offset into the condition to a file position.
func (p *condParser) posAt(offset int) diag.Pos {
	at := p.start
	at.Col += offset
	return at
}
