package passes

import (
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
)

func TestReplacePrefix(t *testing.T) {
	tests := []struct {
		name string
		in   *ir.String
		want string
	}{
		{"abbreviated hive", str(lit(`HKLM\Software\x`)), `"HKEY_LOCAL_MACHINE\\Software\\x"`},
		{"any case", str(lit(`hklm\run`), star), `"HKEY_LOCAL_MACHINE\\run*"`},
		{"leading wildcard unchanged", str(star, lit(`HKLM\x`)), `"*HKLM\\x"`},
		{"other hive unchanged", str(lit(`HKU\x`)), `"HKU\\x"`},
		{"shorter than prefix", str(lit(`HK`)), `"HK"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := replacePrefix(tt.in, `HKLM\`, `HKEY_LOCAL_MACHINE\`).String(); got != tt.want {
				t.Errorf("replacePrefix = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRewriteSubfield(t *testing.T) {
	tests := []struct {
		name  string
		value ir.Value
		want  string
		code  diag.Code
	}{
		{"plain", str(lit("abc")), `"*IMPHASH=abc*"`, ""},
		{"startswith", str(lit("abc"), star), `"*IMPHASH=abc*"`, ""},
		{"leading wildcard", str(star, lit("abc")), `"*IMPHASH=*abc*"`, CodeApproximateMapping},
		{"number", &ir.Number{Text: "123", IsInt: true, Int: 123}, `"*IMPHASH=123*"`, ""},
		{"regex", &ir.Regex{Pattern: "a+"}, "", CodeUnmappedField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &state{unmapped: map[string]bool{}}
			m := &ir.FieldMatch{Field: "Imphash", Values: []ir.Value{tt.value}}
			rewriteSubfield(s, m, subfieldSpec{Field: "Hashes", Prefix: "IMPHASH="})
			if tt.want != "" && (m.Field != "Hashes" || m.Values[0].String() != tt.want) {
				t.Errorf("got %s %s, want Hashes %s", m.Field, m.Values[0], tt.want)
			}
			if got := firstCode(s.diags); got != tt.code {
				t.Errorf("diagnostic code %q, want %q (%v)", got, tt.code, s.diags)
			}
		})
	}
}

func firstCode(l diag.List) diag.Code {
	if len(l) == 0 {
		return ""
	}
	return l[0].Code
}

func TestSigmaString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, `"plain"`},
		{`a*b?c`, `"a*b?c"`},
		{`esc\*aped`, `"esc\\*aped"`},
		{`C:\Windows\`, `"C:\\Windows\\\\"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := sigmaString(diag.Pos{}, tt.in).String(); got != tt.want {
				t.Errorf("sigmaString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestCondGroup(t *testing.T) {
	yes := func(*state, int) bool { return true }
	no := func(*state, int) bool { return false }
	tests := []struct {
		name string
		g    condGroup[int]
		want bool
	}{
		{"empty holds", condGroup[int]{}, true},
		{"and", condGroup[int]{conds: []func(*state, int) bool{yes, no}}, false},
		{"or", condGroup[int]{conds: []func(*state, int) bool{no, yes}, or: true}, true},
		{"not and", condGroup[int]{conds: []func(*state, int) bool{yes, no}, not: true}, true},
		{"or none", condGroup[int]{conds: []func(*state, int) bool{no, no}, or: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.g.ok(nil, 0); got != tt.want {
				t.Errorf("ok = %t, want %t", got, tt.want)
			}
		})
	}
}

func TestPlainEquality(t *testing.T) {
	tests := []struct {
		name string
		m    *ir.FieldMatch
		want bool
	}{
		{"plain strings", &ir.FieldMatch{Values: []ir.Value{str(lit("a")), str(lit("b"))}}, true},
		{"wildcard", &ir.FieldMatch{Values: []ir.Value{str(lit("a"), star)}}, false},
		{"modifier", &ir.FieldMatch{Modifiers: []ir.Modifier{{Kind: ir.ModCased}}, Values: []ir.Value{str(lit("a"))}}, false},
		{"number", &ir.FieldMatch{Values: []ir.Value{&ir.Number{Text: "1"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainEquality(tt.m); got != tt.want {
				t.Errorf("plainEquality = %t, want %t", got, tt.want)
			}
		})
	}
}
