package kql

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuoteString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "cmd.exe", `"cmd.exe"`},
		{"empty", "", `""`},
		{"backslashes read verbatim", `C:\Windows\`, `@'C:\Windows\'`},
		{"lone trailing backslash", `\`, `@'\'`},
		{"double quote", `say "hi"`, `"say \"hi\""`},
		{"single quote", `it's`, `"it's"`},
		{"backslash and single quote", `it's C:\x`, `"it's C:\\x"`},
		{"backslash and double quote", `C:\"x"`, `@'C:\"x"'`},
		{"tab newline return", "a\tb\nc\rd", `"a\tb\nc\rd"`},
		{"backslash and newline", "a\\\nb", `"a\\\nb"`},
		{"unicode", "日本 ✓ é", `"日本 ✓ é"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := quoteString(tt.in)
			if got != tt.want {
				t.Errorf("quoteString(%q) = %s, want %s", tt.in, got, tt.want)
			}
			if back, ok := unquoteKQL(got); !ok || back != tt.in {
				t.Errorf("literal %s reads back as %q (ok=%v)", got, back, ok)
			}
		})
	}
}

func TestQuoteName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CommandLine", "CommandLine"},
		{"_ResourceId", "_ResourceId"},
		{"type", `["type"]`},
		{"title", `["title"]`},
		{"Some Name", `["Some Name"]`},
		{"sc-status", `["sc-status"]`},
		{"1stField", `["1stField"]`},
		{"", `[""]`},
	}
	for _, tt := range tests {
		if got := quoteName(tt.in); got != tt.want {
			t.Errorf("quoteName(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestLiteralProblem(t *testing.T) {
	tests := []struct {
		in      string
		problem bool
	}{
		{"plain", false},
		{"tab\there", false},
		{"bell\a", true},
		{"nul\x00", true},
		{"\xff\xfe", true},
	}
	for _, tt := range tests {
		if got := literalProblem(tt.in) != ""; got != tt.problem {
			t.Errorf("literalProblem(%q) reports %v, want %v", tt.in, got, tt.problem)
		}
	}
}

// unquoteKQL reads one KQL string literal by the rules Microsoft documents:
// @'…' and @"…" are verbatim with the quote doubled; '…' and "…" take the
// backslash escapes \\ \' \" \t \n \r. It is the test's independent reader.
func unquoteKQL(lit string) (string, bool) {
	if strings.HasPrefix(lit, "@") {
		if len(lit) < 3 {
			return "", false
		}
		q := lit[1:2]
		body := lit[2 : len(lit)-1]
		if lit[len(lit)-1:] != q || strings.Contains(strings.ReplaceAll(body, q+q, ""), q) {
			return "", false
		}
		return strings.ReplaceAll(body, q+q, q), true
	}
	if len(lit) < 2 || (lit[0] != '"' && lit[0] != '\'') || lit[len(lit)-1] != lit[0] {
		return "", false
	}
	var b strings.Builder
	body := lit[1 : len(lit)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == lit[0] || c == '\n' || c == '\r' {
			return "", false
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(body) {
			return "", false
		}
		esc, ok := map[byte]byte{'\\': '\\', '\'': '\'', '"': '"', 't': '\t', 'n': '\n', 'r': '\r'}[body[i]]
		if !ok {
			return "", false
		}
		b.WriteByte(esc)
	}
	return b.String(), true
}

// FuzzQuoteString checks that every text the backend accepts as a literal is
// written so that KQL reads back exactly that text.
func FuzzQuoteString(f *testing.F) {
	for _, s := range []string{"", `\`, `C:\Windows\`, `it's "x"`, "a\tb\nc", "日本", `\'`, `'\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || literalProblem(s) != "" {
			return
		}
		lit := quoteString(s)
		back, ok := unquoteKQL(lit)
		if !ok || back != s {
			t.Fatalf("quoteString(%q) = %s reads back as %q (ok=%v)", s, lit, back, ok)
		}
	})
}
