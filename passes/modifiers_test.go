package passes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/ir"
)

// lit, star and one build string parts briefly.
func lit(s string) ir.Part { return ir.Part{Kind: ir.Literal, Text: s} }

var (
	star = ir.Part{Kind: ir.AnyChars}
	one  = ir.Part{Kind: ir.OneChar}
)

func str(parts ...ir.Part) *ir.String { return ir.NewString(ir.Pos{}, parts...) }

func mods(kinds ...ir.ModifierKind) []ir.Modifier {
	out := make([]ir.Modifier, len(kinds))
	for i, k := range kinds {
		out[i] = ir.Modifier{Kind: k, Name: k.String()}
	}
	return out
}

// printed renders lowered matches as "field|mods: values" lines for comparison.
func printed(t *testing.T, ms []*ir.FieldMatch) []string {
	t.Helper()
	var out []string
	for _, m := range ms {
		var b strings.Builder
		b.WriteString(m.Field)
		for _, mod := range m.Modifiers {
			b.WriteString("|" + mod.Kind.String())
		}
		b.WriteString(":")
		for _, v := range m.Values {
			b.WriteString(" " + v.String())
		}
		out = append(out, b.String())
	}
	return out
}

func TestLowerMatch(t *testing.T) {
	tests := []struct {
		name   string
		mods   []ir.Modifier
		values []ir.Value
		want   []string
	}{
		{"contains", mods(ir.ModContains), []ir.Value{str(lit("a"))}, []string{`f: "*a*"`}},
		{"contains keeps existing wildcards", mods(ir.ModContains), []ir.Value{str(star, lit("a"), star)}, []string{`f: "*a*"`}},
		{"startswith", mods(ir.ModStartsWith), []ir.Value{str(lit("a"))}, []string{`f: "a*"`}},
		{"endswith", mods(ir.ModEndsWith), []ir.Value{str(lit("a"))}, []string{`f: "*a"`}},
		{"endswith trailing backslash", mods(ir.ModEndsWith), []ir.Value{str(lit(`\`))}, []string{`f: "*\\\\"`}},
		{"contains path with trailing backslash", mods(ir.ModContains), []ir.Value{str(lit(`C:\Windows\`))}, []string{`f: "*C:\\Windows\\\\*"`}},
		{"contains number", mods(ir.ModContains), []ir.Value{&ir.Number{Text: "42", IsInt: true, Int: 42}}, []string{`f: "*42*"`}},
		{"cased kept", mods(ir.ModContains, ir.ModCased), []ir.Value{str(lit("A"))}, []string{`f|cased: "*A*"`}},
		{"all kept", mods(ir.ModContains, ir.ModAll), []ir.Value{str(lit("a")), str(lit("b"))}, []string{`f|all: "*a*" "*b*"`}},
		{"base64", mods(ir.ModBase64), []ir.Value{str(lit("foobar"))}, []string{`f: "Zm9vYmFy"`}},
		{"base64 contains", mods(ir.ModBase64, ir.ModContains), []ir.Value{str(lit("foo"))}, []string{`f: "*Zm9v*"`}},
		{"base64offset", mods(ir.ModBase64Offset), []ir.Value{str(lit("foobar"))}, []string{`f: "Zm9vYmFy" "Zvb2Jhc" "mb29iYX"`}},
		{"base64offset contains", mods(ir.ModBase64Offset, ir.ModContains), []ir.Value{str(lit("/bin/sh"))},
			[]string{`f: "*L2Jpbi9za*" "*9iaW4vc2*" "*vYmluL3No*"`}},
		{"base64offset all splits per value", mods(ir.ModBase64Offset, ir.ModAll), []ir.Value{str(lit("foobar")), str(lit("ab"))},
			[]string{`f: "Zm9vYmFy" "Zvb2Jhc" "mb29iYX"`, `f: "YW" "Fi" "hY"`}},
		{"wide base64offset", mods(ir.ModWide, ir.ModBase64Offset), []ir.Value{str(lit("ab"))},
			[]string{`f: "YQBiA" "EAYg" "hAGIA"`}},
		{"utf16le", mods(ir.ModWide, ir.ModBase64), []ir.Value{str(lit("é"))}, []string{`f: "6QA="`}},
		{"utf16be", mods(ir.ModUTF16BE, ir.ModBase64), []ir.Value{str(lit("é"))}, []string{`f: "AOk="`}},
		{"utf16 has a byte order mark", mods(ir.ModUTF16, ir.ModBase64), []ir.Value{str(lit("a"))}, []string{`f: "//5hAA=="`}},
		{"windash one prefix", mods(ir.ModWindash, ir.ModContains), []ir.Value{str(lit(" -enc "))},
			[]string{`f: "* -enc *" "* /enc *" "* –enc *" "* —enc *" "* ―enc *"`}},
		{"windash ignores inner hyphens", mods(ir.ModWindash), []ir.Value{str(lit("a-b"))}, []string{`f: "a-b"`}},
		{"windash slash at start", mods(ir.ModWindash), []ir.Value{str(lit("/c"))}, []string{`f: "-c" "/c" "–c" "—c" "―c"`}},
		{"regex with contains is unchanged", mods(ir.ModRe, ir.ModContains), []ir.Value{&ir.Regex{Pattern: "a.b"}}, []string{`f|re: /a.b/`}},
		{"no transform is untouched", mods(ir.ModCased), []ir.Value{str(lit("a"))}, []string{`f|cased: "a"`}},
		{"wildcards keep their place under wide", mods(ir.ModWide), []ir.Value{str(lit("a"), star)}, []string{`f: "a\x00*"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &ir.FieldMatch{Field: "f", Modifiers: tt.mods, Values: tt.values}
			got, diags := LowerMatch(m)
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if diff := cmp.Diff(tt.want, printed(t, got)); diff != "" {
				t.Errorf("lowered (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLowerMatchWindashCombinations(t *testing.T) {
	m := &ir.FieldMatch{Field: "f", Modifiers: mods(ir.ModWindash), Values: []ir.Value{str(lit("-a -b"))}}
	got, diags := LowerMatch(m)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if n := len(got[0].Values); n != 25 {
		t.Errorf("got %d variants, want 25", n)
	}
}

func TestLowerMatchErrors(t *testing.T) {
	tests := []struct {
		name   string
		mods   []ir.Modifier
		values []ir.Value
		code   string
	}{
		{"base64 of a wildcard", mods(ir.ModBase64), []ir.Value{str(lit("a"), star)}, string(CodeModifierValue)},
		{"base64offset of a wildcard", mods(ir.ModBase64Offset), []ir.Value{str(one)}, string(CodeModifierValue)},
		{"base64 of a regex", mods(ir.ModBase64), []ir.Value{&ir.Regex{Pattern: "a"}}, string(CodeModifierValue)},
		{"contains on a cidr", mods(ir.ModContains), []ir.Value{&ir.CIDR{}}, string(CodeModifierValue)},
		{"wide of a question mark", mods(ir.ModWide), []ir.Value{str(lit("a"), one)}, string(CodeModifierValue)},
		{"windash explosion", mods(ir.ModWindash), []ir.Value{str(lit(strings.Repeat(" -a", 8)))}, string(CodeModifierValue)},
		{"too many values", mods(ir.ModWindash), manyValues(MaxMatchValues/5+1, " -x"), string(CodeModifierExpansion)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &ir.FieldMatch{Field: "f", Modifiers: tt.mods, Values: tt.values}
			_, diags := LowerMatch(m)
			if len(diags) != 1 || string(diags[0].Code) != tt.code {
				t.Fatalf("diagnostics %v, want one %s", diags, tt.code)
			}
		})
	}
}

func TestLowerModifiersIsIdempotentAndCopies(t *testing.T) {
	m := &ir.FieldMatch{Field: "f", Modifiers: mods(ir.ModContains), Values: []ir.Value{str(lit("a"))}}
	rule := &ir.Rule{Detection: ir.Detection{Searches: []*ir.Search{{Name: "sel", Alternatives: []*ir.Group{{Matches: []*ir.FieldMatch{m}}}}}}}
	once, d1 := LowerModifiers(rule)
	twice, d2 := LowerModifiers(once)
	if len(d1)+len(d2) > 0 {
		t.Fatal(d1, d2)
	}
	got := printed(t, twice.Detection.Searches[0].Alternatives[0].Matches)
	if diff := cmp.Diff([]string{`f: "*a*"`}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(m.Modifiers) != 1 || m.Values[0].String() != `"a"` {
		t.Errorf("input modified: %v %v", m.Modifiers, m.Values)
	}
}

func manyValues(n int, text string) []ir.Value {
	out := make([]ir.Value, n)
	for i := range out {
		out[i] = str(lit(text))
	}
	return out
}
