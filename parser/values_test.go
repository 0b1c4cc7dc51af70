package parser

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/ir"
	"gopkg.in/yaml.v3"
)

// TestSplitString pins the Sigma string rules: '*' and '?' are wildcards, a
// backslash escapes '*', '?' and itself, and any other backslash is literal.
func TestSplitString(t *testing.T) {
	lit := func(s string) ir.Part { return ir.Part{Kind: ir.Literal, Text: s} }
	star := ir.Part{Kind: ir.AnyChars}
	one := ir.Part{Kind: ir.OneChar}
	ph := func(s string) ir.Part { return ir.Part{Kind: ir.Placeholder, Text: s} }
	tests := []struct {
		name   string
		raw    string
		expand bool
		want   []ir.Part
	}{
		{"empty", ``, false, nil},
		{"plain", `cmd.exe`, false, []ir.Part{lit("cmd.exe")}},
		{"wildcards", `*\cmd?.exe*`, false, []ir.Part{star, lit(`\cmd`), one, lit(".exe"), star}},
		{"escaped star", `a\*b`, false, []ir.Part{lit("a*b")}},
		{"escaped question", `a\?b`, false, []ir.Part{lit("a?b")}},
		{"escaped backslash", `a\\b`, false, []ir.Part{lit(`a\b`)}},
		{"escaped backslash then star", `a\\*`, false, []ir.Part{lit(`a\`), star}},
		{"trailing backslash", `C:\Windows\`, false, []ir.Part{lit(`C:\Windows\`)}},
		{"backslash before letter", `\x`, false, []ir.Part{lit(`\x`)}},
		{"three backslashes and star", `\\\*`, false, []ir.Part{lit(`\*`)}},
		{"percent without expand", `%temp%`, false, []ir.Part{lit("%temp%")}},
		{"placeholder", `%admins%`, true, []ir.Part{ph("admins")}},
		{"placeholder inside", `C:\%user%\\*`, true, []ir.Part{lit(`C:\`), ph("user"), lit(`\`), star}},
		{"unclosed percent", `50%`, true, []ir.Part{lit("50%")}},
		{"empty placeholder", `%%x`, true, []ir.Part{lit("%%x")}},
		{"spaces are no placeholder", `%a b%`, true, []ir.Part{lit("%a b%")}},
		{"multi-byte text", `*ü\*`, false, []ir.Part{star, lit("ü*")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitString(ir.Pos{}, &yaml.Node{Kind: yaml.ScalarNode, Value: tt.raw}, tt.expand)
			if diff := cmp.Diff(tt.want, got.Parts); diff != "" {
				t.Errorf("splitString(%q) parts (-want +got):\n%s", tt.raw, diff)
			}
			if got.Raw != tt.raw {
				t.Errorf("Raw = %q, want %q", got.Raw, tt.raw)
			}
		})
	}
}

// TestStringRoundTrip checks that printing a split string and splitting the print
// again gives the same parts, so golden output is faithful.
func TestStringRoundTrip(t *testing.T) {
	for _, raw := range []string{`a\*b`, `C:\Windows\`, `*\x?\\`, `\\\*`, `\`, `a\\`} {
		s := splitString(ir.Pos{}, &yaml.Node{Value: raw}, false)
		printed := ""
		for _, p := range s.Parts {
			switch p.Kind {
			case ir.Literal:
				printed += ir.EscapeLiteral(p.Text)
			case ir.AnyChars:
				printed += "*"
			case ir.OneChar:
				printed += "?"
			}
		}
		again := splitString(ir.Pos{}, &yaml.Node{Value: printed}, false)
		if diff := cmp.Diff(s.Parts, again.Parts); diff != "" {
			t.Errorf("%q printed as %q reads back differently (-first +second):\n%s", raw, printed, diff)
		}
	}
}
