package kql

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types produced by the KQL scanner. Keywords are not a token type of their
// own: KQL lets most keywords double as column names, so the grammar matches
// keywords by their text and the expression parser decides by position.
const (
	tokEOF                      = lexer.EOF
	tokIdent    lexer.TokenType = -(iota + 2) // a name, a keyword, or a hyphenated keyword such as mv-expand
	tokString                                 // any string literal form, raw text kept
	tokNumber                                 // an integer, hex or real number
	tokTimespan                               // a number with a time unit, such as 5m or 1.5d
	tokTypedLit                               // datetime(…), timespan(…), time(…) or guid(…) with raw contents
	tokOp                                     // punctuation and symbolic operators, and negated word operators such as !has
)

var tokenSymbols = map[string]lexer.TokenType{
	"EOF": tokEOF, "Ident": tokIdent, "String": tokString, "Number": tokNumber,
	"Timespan": tokTimespan, "TypedLit": tokTypedLit, "Op": tokOp,
}

// hyphenWords are the operator keywords spelled with hyphens. The scanner joins
// them into one token so that a-b stays a subtraction everywhere else.
var hyphenWords = map[string]bool{
	"project-away": true, "project-keep": true, "project-rename": true, "project-reorder": true,
	"project-by-names": true, "project-smart": true, "mv-expand": true, "mv-apply": true,
	"parse-where": true, "parse-kv": true, "make-series": true, "top-nested": true,
	"top-hitters": true, "sample-distinct": true, "make-graph": true, "graph-match": true,
	"graph-merge": true, "graph-to-table": true, "graph-shortest-paths": true,
	"graph-mark-components": true, "graph-where-nodes": true, "graph-where-edges": true,
	"assert-schema": true, "macro-expand": true, "materialized-view-combine": true,
}

// negatableWords are the word operators that take a leading "!" as one token.
var negatableWords = map[string]bool{
	"has": true, "has_cs": true, "hasprefix": true, "hasprefix_cs": true, "hassuffix": true,
	"hassuffix_cs": true, "contains": true, "contains_cs": true, "startswith": true,
	"startswith_cs": true, "endswith": true, "endswith_cs": true, "in": true, "between": true,
	"like": true, "likecs": true,
}

// rawLiteralWords introduce literals whose contents Kusto reads as raw text, such
// as datetime(2024-01-01 10:00) or guid(…): the scanner takes them whole.
var rawLiteralWords = map[string]bool{"datetime": true, "timespan": true, "time": true, "guid": true, "date": true}

// timeUnits are the suffixes that make a number a timespan literal.
var timeUnits = map[string]bool{
	"d": true, "day": true, "days": true, "h": true, "hr": true, "hrs": true, "hour": true,
	"hours": true, "m": true, "min": true, "minute": true, "minutes": true, "s": true,
	"sec": true, "second": true, "seconds": true, "ms": true, "milli": true, "millis": true,
	"millisecond": true, "milliseconds": true, "microsecond": true, "microseconds": true,
	"tick": true, "ticks": true, "nanosecond": true, "nanoseconds": true,
}

// threeCharOps and twoCharOps are the multi-character punctuation tokens, longest first.
var threeCharOps = []string{"!in~"}
var twoCharOps = []string{"==", "!=", "=~", "!~", "<>", "<=", ">=", "..", "=>", "in~"}

// scanDef is the participle lexer.Definition for KQL.
type scanDef struct{}

func (scanDef) Symbols() map[string]lexer.TokenType { return tokenSymbols }

func (d scanDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

func (scanDef) LexString(filename string, src string) (lexer.Lexer, error) {
	return &scanner{src: src, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}, nil
}

// scanner is a hand-written KQL tokenizer: KQL's string forms, raw typed
// literals and hyphenated keywords are beyond a regular-expression lexer.
type scanner struct {
	src string
	pos lexer.Position // position of src[pos.Offset]
}

// Next returns the next token, skipping whitespace and // comments.
func (s *scanner) Next() (lexer.Token, error) {
	s.skipSpace()
	start := s.pos
	if s.pos.Offset >= len(s.src) {
		return lexer.EOFToken(start), nil
	}
	typ, n, err := s.scanToken()
	if err != nil {
		return lexer.Token{}, err
	}
	text := s.src[start.Offset : start.Offset+n]
	s.advance(n)
	return lexer.Token{Type: typ, Value: text, Pos: start}, nil
}

func (s *scanner) skipSpace() {
	for s.pos.Offset < len(s.src) {
		rest := s.src[s.pos.Offset:]
		switch c := rest[0]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.advance(1)
		case strings.HasPrefix(rest, "//"):
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
			s.advance(end)
		case c >= utf8.RuneSelf && isUnicodeSpace(rest):
			_, n := utf8.DecodeRuneInString(rest)
			s.advance(n)
		default:
			return
		}
	}
}

// advance moves the position n bytes forward, counting lines and columns.
func (s *scanner) advance(n int) {
	for _, c := range s.src[s.pos.Offset : s.pos.Offset+n] {
		if c == '\n' {
			s.pos.Line++
			s.pos.Column = 1
		} else {
			s.pos.Column++
		}
	}
	s.pos.Offset += n
}

// scanToken classifies the token at the current offset and returns its length.
func (s *scanner) scanToken() (lexer.TokenType, int, error) {
	rest := s.src[s.pos.Offset:]
	c := rest[0]
	switch {
	case c == '\'' || c == '"' || strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~"):
		return s.stringToken(rest, 0)
	case (c == '@' || c == 'h' || c == 'H') && len(rest) > 1 && isStringStart(rest[1:]):
		return s.stringToken(rest, 1)
	case (c == 'h' || c == 'H') && len(rest) > 2 && rest[1] == '@' && isStringStart(rest[2:]):
		return s.stringToken(rest, 2)
	case isDigit(c):
		return s.numberToken(rest)
	case isIdentStart(c):
		return s.identToken(rest)
	case c == '!' && len(rest) > 1 && isIdentStart(rest[1]):
		if n := identLen(rest[1:]); negatableWords[rest[1:1+n]] {
			if rest[1:1+n] == "in" && strings.HasPrefix(rest[1+n:], "~") {
				return tokOp, n + 2, nil
			}
			return tokOp, n + 1, nil
		}
	}
	for _, op := range threeCharOps {
		if strings.HasPrefix(rest, op) {
			return tokOp, len(op), nil
		}
	}
	for _, op := range twoCharOps {
		if strings.HasPrefix(rest, op) {
			return tokOp, len(op), nil
		}
	}
	if c < utf8.RuneSelf {
		return tokOp, 1, nil
	}
	_, n := utf8.DecodeRuneInString(rest)
	return 0, 0, s.errorf("unexpected character %q", rest[:n])
}

func (s *scanner) errorf(format string, args ...any) error {
	return &lexer.Error{Msg: sprintf(format, args...), Pos: s.pos}
}

// escapeLen returns the length of the escape sequence at the start of s (which
// begins with a backslash), accepting the escapes Kusto accepts.
func escapeLen(s string) (int, bool) {
	if len(s) < 2 {
		return 1, true // the unclosed string is reported instead
	}
	switch c := s[1]; {
	case strings.IndexByte(`abfnrtv\'"`, c) >= 0:
		return 2, true
	case c >= '0' && c <= '7':
		return 2, true
	case c == 'x':
		return 2, true
	case c == 'u':
		return 6, len(s) >= 6 && isHex(s[2:6])
	}
	return 0, false
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return true
}

// isUnicodeSpace reports whether s starts with a non-ASCII space or an
// invisible character that editors leave in pasted queries.
func isUnicodeSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

func isStringStart(s string) bool {
	return s[0] == '\'' || s[0] == '"' || strings.HasPrefix(s, "```")
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) }

func identLen(s string) int {
	n := 0
	for n < len(s) && isIdentChar(s[n]) {
		n++
	}
	return n
}

// identToken scans a name, joining hyphenated keywords, in~, and raw typed literals.
func (s *scanner) identToken(rest string) (lexer.TokenType, int, error) {
	n := identLen(rest)
	for n < len(rest) && rest[n] == '-' {
		m := identLen(rest[n+1:])
		if m == 0 || !hyphenPrefix(rest[:n+1+m]) {
			break
		}
		n += 1 + m
	}
	word := rest[:n]
	if word == "in" && strings.HasPrefix(rest[n:], "~") {
		return tokOp, n + 1, nil
	}
	if rawLiteralWords[word] {
		if m, ok := rawLiteralLen(rest[n:]); ok {
			return tokTypedLit, n + m, nil
		}
	}
	return tokIdent, n, nil
}

// hyphenPrefix reports whether w is a hyphenated keyword or the start of one.
func hyphenPrefix(w string) bool {
	for k := range hyphenWords {
		if strings.HasPrefix(k, w) && (len(k) == len(w) || k[len(w)] == '-') {
			return true
		}
	}
	return false
}

// rawLiteralLen measures "(contents)" after datetime and friends, allowing spaces
// before the parenthesis. Contents that start with a quote stay raw too.
func rawLiteralLen(s string) (int, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) || s[i] != '(' {
		return 0, false
	}
	end := strings.IndexAny(s[i:], ")\n")
	if end < 0 || s[i+end] != ')' {
		return 0, false
	}
	return i + end + 1, true
}

// numberToken scans integers, hex, reals with exponents, and timespans like 5m.
func (s *scanner) numberToken(rest string) (lexer.TokenType, int, error) {
	if strings.HasPrefix(rest, "0x") || strings.HasPrefix(rest, "0X") {
		n := 2
		for n < len(rest) && isHexDigit(rest[n]) {
			n++
		}
		return tokNumber, n, nil
	}
	n := digits(rest, 0)
	whole := n
	if n < len(rest) && rest[n] == '.' && !strings.HasPrefix(rest[n:], "..") && !(n+1 < len(rest) && isIdentStart(rest[n+1])) {
		n = digits(rest, n+1)
	}
	if n < len(rest) && (rest[n] == 'e' || rest[n] == 'E') {
		m := n + 1
		if m < len(rest) && (rest[m] == '+' || rest[m] == '-') {
			m++
		}
		if m < len(rest) && isDigit(rest[m]) {
			n = digits(rest, m)
		}
	}
	if u := identLen(rest[n:]); u > 0 {
		if timeUnits[rest[n:n+u]] {
			return tokTimespan, n + u, nil
		}
		if rest[n:n+u] == "L" || rest[n:n+u] == "l" {
			return tokNumber, n + u, nil
		}
		if n == whole {
			return tokIdent, n + u, nil // KQL names may start with digits: 3rdPartyApp
		}
		return 0, 0, s.errorf("malformed number %q", rest[:n+u])
	}
	return tokNumber, n, nil
}

func digits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isHexDigit(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

// stringToken scans a string literal whose quote starts after prefix bytes
// (@ for verbatim, h for obfuscated, h@ for both).
func (s *scanner) stringToken(rest string, prefix int) (lexer.TokenType, int, error) {
	body := rest[prefix:]
	verbatim := strings.Contains(rest[:prefix], "@")
	if strings.HasPrefix(body, "```") || strings.HasPrefix(body, "~~~") {
		end := strings.Index(body[3:], body[:3])
		if end < 0 {
			return 0, 0, s.errorf("multi-line string is not closed")
		}
		return tokString, prefix + 3 + end + 3, nil
	}
	q := body[0]
	for i := 1; i < len(body); i++ {
		switch c := body[i]; {
		case c == '\n':
			return 0, 0, s.errorf("string literal is not closed before the end of the line")
		case c == '\\' && !verbatim:
			n, ok := escapeLen(body[i:])
			if !ok {
				return 0, 0, s.errorf("unknown escape sequence %q in string literal", body[i:min(i+2, len(body))])
			}
			i += n - 1
		case c == q && verbatim && i+1 < len(body) && body[i+1] == q:
			i++
		case c == q:
			return tokString, prefix + i + 1, nil
		}
	}
	return 0, 0, s.errorf("string literal is not closed")
}
