// Package lexer scans Sigma condition expressions such as
// "selection and not 1 of filter_*" into tokens that carry their byte offsets, so
// that the condition parser can report every problem at the exact column.
//
// Keywords are matched case-sensitively and only in lower case, as pySigma does
// (its pyparsing grammar uses case-sensitive literals): "AND" is an identifier, and
// the parser then reports it as an unknown search identifier with "and" as the
// suggestion. Identifiers are runs of ASCII letters, digits, '_', '-' and '.'; a
// run that also contains '*' is a pattern for the "1 of" and "all of" quantifiers.
package lexer

import (
	"fmt"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind int

const (
	EOF     Kind = iota // end of the input
	Invalid             // a character that cannot start a token; Text holds it
	Pipe                // '|', the deprecated aggregation syntax (now correlation rules)
	Ident               // a search identifier such as selection_img
	Pattern             // an identifier containing '*', such as filter_*
	LParen              // '('
	RParen              // ')'
	And                 // the keyword "and"
	Or                  // the keyword "or"
	Not                 // the keyword "not"
	Of                  // the keyword "of"
	Them                // the keyword "them": every search not starting with '_'
	All                 // the quantifier "all"
	Any                 // the quantifier "any", a synonym of "1"
	One                 // the quantifier "1"
)

var kindNames = [...]string{
	EOF: "end of condition", Invalid: "invalid character", Pipe: "'|'",
	Ident: "identifier", Pattern: "pattern", LParen: "'('", RParen: "')'",
	And: "'and'", Or: "'or'", Not: "'not'", Of: "'of'", Them: "'them'",
	All: "'all'", Any: "'any'", One: "'1'",
}

// String describes the kind for error messages.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// IsQuantifier reports whether k can start a quantified "of" expression.
func (k Kind) IsQuantifier() bool { return k == All || k == Any || k == One }

// keywords maps the exact lower-case spelling of each keyword to its kind.
var keywords = map[string]Kind{
	"and": And, "or": Or, "not": Not, "of": Of, "them": Them,
	"all": All, "any": Any, "1": One,
}

// punctuation maps each one-byte token to its kind; other bytes map to EOF.
var punctuation = [256]Kind{'(': LParen, ')': RParen, '|': Pipe}

// Token is one lexical element of a condition.
type Token struct {
	Kind   Kind
	Text   string // the source text of the token; empty for EOF
	Offset int    // byte offset of the token's first character in the condition
}

// End returns the byte offset just past the token.
func (t Token) End() int { return t.Offset + len(t.Text) }

// String describes the token for error messages, quoting its text.
func (t Token) String() string {
	switch t.Kind {
	case EOF:
		return t.Kind.String()
	case Ident, Pattern, Invalid:
		return fmt.Sprintf("%s %q", t.Kind, t.Text)
	}
	return t.Kind.String()
}

// Lex scans the whole condition and returns its tokens, always ending with exactly
// one EOF token. It never fails: a character it cannot read becomes an Invalid token
// and scanning goes on, so the parser decides how to report it.
func Lex(text string) []Token {
	l := &lexer{input: text, tokens: make([]Token, 0, len(text)/4+1)}
	for state := lexSpace; state != nil; {
		state = state(l)
	}
	return l.tokens
}

// lexer holds the scanning state; the state functions advance pos through input.
type lexer struct {
	input  string
	start  int // where the current token starts
	pos    int // the next byte to read
	tokens []Token
}

// stateFn is one state of the scanner, returning the next state or nil at the end.
type stateFn func(*lexer) stateFn

// emit appends the token input[start:pos] of kind k.
func (l *lexer) emit(k Kind) {
	l.tokens = append(l.tokens, Token{Kind: k, Text: l.input[l.start:l.pos], Offset: l.start})
	l.start = l.pos
}

// lexSpace skips white space and dispatches on the next character.
func lexSpace(l *lexer) stateFn {
	for l.pos < len(l.input) && isSpace(l.input[l.pos]) {
		l.pos++
	}
	l.start = l.pos
	if l.pos == len(l.input) {
		l.emit(EOF)
		return nil
	}
	c := l.input[l.pos]
	switch {
	case isWordByte(c):
		return lexWord
	case punctuation[c] != EOF:
		l.pos++
		l.emit(punctuation[c])
	default:
		_, size := utf8.DecodeRuneInString(l.input[l.pos:])
		l.pos += size
		l.emit(Invalid)
	}
	return lexSpace
}

// lexWord scans an identifier, a pattern or a keyword.
func lexWord(l *lexer) stateFn {
	kind := Ident
	for l.pos < len(l.input) && isWordByte(l.input[l.pos]) {
		if l.input[l.pos] == '*' {
			kind = Pattern
		}
		l.pos++
	}
	if k, ok := keywords[l.input[l.start:l.pos]]; ok {
		kind = k
	}
	l.emit(kind)
	return lexSpace
}

// isSpace reports whether c separates tokens; YAML block scalars bring newlines.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isWordByte reports whether c may appear in an identifier or pattern.
func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == '*'
}
