package lexer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tok is a compact expected token for the tables below.
func tok(k Kind, text string, off int) Token { return Token{Kind: k, Text: text, Offset: off} }

func TestLex(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Token
	}{
		{"empty", "", []Token{tok(EOF, "", 0)}},
		{"spaces only", " \t\r\n", []Token{tok(EOF, "", 4)}},
		{"identifier", "selection", []Token{tok(Ident, "selection", 0), tok(EOF, "", 9)}},
		{"identifier characters", "sel_1-a.b", []Token{tok(Ident, "sel_1-a.b", 0), tok(EOF, "", 9)}},
		{"pattern", "filter_*", []Token{tok(Pattern, "filter_*", 0), tok(EOF, "", 8)}},
		{"star alone", "*", []Token{tok(Pattern, "*", 0), tok(EOF, "", 1)}},
		{"keywords", "and or not of them all any 1", []Token{
			tok(And, "and", 0), tok(Or, "or", 4), tok(Not, "not", 7), tok(Of, "of", 11),
			tok(Them, "them", 14), tok(All, "all", 19), tok(Any, "any", 23), tok(One, "1", 27),
			tok(EOF, "", 28)}},
		{"keywords are case-sensitive", "AND Not", []Token{
			tok(Ident, "AND", 0), tok(Ident, "Not", 4), tok(EOF, "", 7)}},
		{"keyword prefix is an identifier", "android notes 10", []Token{
			tok(Ident, "android", 0), tok(Ident, "notes", 8), tok(Ident, "10", 14), tok(EOF, "", 16)}},
		{"parentheses need no spaces", "(a or b)and c", []Token{
			tok(LParen, "(", 0), tok(Ident, "a", 1), tok(Or, "or", 3), tok(Ident, "b", 6),
			tok(RParen, ")", 7), tok(And, "and", 8), tok(Ident, "c", 12), tok(EOF, "", 13)}},
		{"quantifier", "1 of sel*", []Token{
			tok(One, "1", 0), tok(Of, "of", 2), tok(Pattern, "sel*", 5), tok(EOF, "", 9)}},
		{"pipe", "sel | count() > 5", []Token{
			tok(Ident, "sel", 0), tok(Pipe, "|", 4), tok(Ident, "count", 6), tok(LParen, "(", 11),
			tok(RParen, ")", 12), tok(Invalid, ">", 14), tok(Ident, "5", 16), tok(EOF, "", 17)}},
		{"invalid rune kept whole", "a é", []Token{
			tok(Ident, "a", 0), tok(Invalid, "é", 2), tok(EOF, "", 4)}},
		{"invalid UTF-8 byte", "a\xffb", []Token{
			tok(Ident, "a", 0), tok(Invalid, "\xff", 1), tok(Ident, "b", 2), tok(EOF, "", 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Lex(tt.in)); diff != "" {
				t.Errorf("Lex(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestTokenString(t *testing.T) {
	tests := []struct {
		tok  Token
		want string
	}{
		{tok(Ident, "sel", 0), `identifier "sel"`},
		{tok(Pattern, "s*", 0), `pattern "s*"`},
		{tok(And, "and", 0), `'and'`},
		{tok(EOF, "", 3), "end of condition"},
		{tok(Invalid, "=", 0), `invalid character "="`},
	}
	for _, tt := range tests {
		if got := tt.tok.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.tok, got, tt.want)
		}
	}
}

// checkTokens asserts the invariants every scan must keep: one final EOF, increasing
// offsets, token text equal to the input at its offset, and only white space between.
func checkTokens(t *testing.T, in string, toks []Token) {
	t.Helper()
	if n := len(toks); n == 0 || toks[n-1].Kind != EOF || toks[n-1].Offset != len(in) {
		t.Fatalf("Lex(%q) does not end with EOF at %d: %v", in, len(in), toks)
	}
	prev := 0
	for _, tk := range toks {
		if tk.Offset < prev || tk.End() > len(in) || in[tk.Offset:tk.End()] != tk.Text {
			t.Fatalf("Lex(%q): token %+v out of place", in, tk)
		}
		if gap := in[prev:tk.Offset]; strings.Trim(gap, " \t\r\n") != "" {
			t.Fatalf("Lex(%q): skipped %q before %+v", in, gap, tk)
		}
		if tk.Kind != EOF && tk.Text == "" {
			t.Fatalf("Lex(%q): empty token %+v", in, tk)
		}
		prev = tk.End()
	}
}

func FuzzLex(f *testing.F) {
	for _, s := range []string{"", "sel and not 1 of filter_*", "(a or b", "x | count() by y", "é\xff*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkTokens(t, in, Lex(in))
	})
}

func BenchmarkLex(b *testing.B) {
	in := strings.Repeat("selection_img and not (1 of filter_* or all of them) ", 20)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Lex(in)
	}
}
