package match_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
)

// TestConditions pins the condition forms. Source: Sigma rules specification
// ("Condition": and/or, "1/all of them" skipping identifiers that start with '_',
// "1/all of search-identifier-pattern", not, brackets, precedence or < and < not;
// "The condition can be a list ... They are logically linked with OR").
func TestConditions(t *testing.T) {
	const searches = `
sel_a:
    A: 'x'
sel_b:
    B: 'x'
_helper:
    H: 'x'
`
	cases := []struct {
		name, condition, event string
		want                   bool
	}{
		{"and both", "sel_a and sel_b", `{"A": "x", "B": "x"}`, true},
		{"and one", "sel_a and sel_b", `{"A": "x"}`, false},
		{"or one", "sel_a or sel_b", `{"B": "x"}`, true},
		{"not", "not sel_a", `{"A": "y"}`, true},
		{"not binds tighter than and", "not sel_a and sel_b", `{"A": "x", "B": "x"}`, false},
		{"and binds tighter than or", "sel_a or sel_b and _helper", `{"A": "x"}`, true},
		{"brackets", "(sel_a or sel_b) and _helper", `{"A": "x"}`, false},
		{"1 of pattern", "1 of sel_*", `{"B": "x"}`, true},
		{"all of pattern", "all of sel_*", `{"B": "x"}`, false},
		{"all of pattern satisfied", "all of sel_*", `{"A": "x", "B": "x"}`, true},
		{"1 of them skips underscore", "1 of them", `{"H": "x"}`, false},
		{"all of them skips underscore", "all of them", `{"A": "x", "B": "x"}`, true},
		{"underscore by name", "_helper", `{"H": "x"}`, true},
		{"not 1 of", "sel_a and not 1 of sel_b*", `{"A": "x", "B": "y"}`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := compileDetection(t, searches+"condition: "+c.condition, match.Options{})
			if got := m.Match(event(t, c.event)); got != c.want {
				t.Errorf("%s on %s = %v, want %v", c.condition, c.event, got, c.want)
			}
		})
	}
}

// TestConditionList checks that a rule with several conditions matches when any
// does, and that Explain reports each condition and search.
func TestConditionList(t *testing.T) {
	m := compileDetection(t, `
sel_a:
    A: 'x'
sel_b:
    B: 'x'
condition:
    - sel_a
    - sel_b`, match.Options{})
	got := m.Explain(event(t, `{"B": "x"}`))
	want := match.Result{
		Matched:    true,
		Conditions: []bool{false, true},
		Searches:   map[string]bool{"sel_a": false, "sel_b": true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Explain (-want +got):\n%s", diff)
	}
}

// TestKeywords pins keyword searches: values without a field are found anywhere in
// the event (Sigma rules specification, "Keywords search": "searching for keywords
// across an entire event"; a list is OR, '|all' is AND).
func TestKeywords(t *testing.T) {
	runMatchCases(t, []matchCase{
		{name: "keyword in some field", detection: `
keywords:
    - 'event::clear'
    - 'event::drop'
condition: keywords`, event: `{"a": "x", "b": "mimikatz EVENT::DROP"}`, want: true},
		{name: "keyword absent", detection: `
keywords:
    - 'event::clear'
condition: keywords`, event: `{"a": "event:clear"}`, want: false},
		{name: "keyword in nested value", detection: `
keywords:
    - 'secret'
condition: keywords`, event: `{"a": {"b": ["x", "top-secret"]}}`, want: true},
		{name: "keyword in number text", detection: `
keywords:
    - '4688'
condition: keywords`, event: `{"EventID": 4688}`, want: true},
		{name: "keyword with wildcard", detection: `
keywords:
    - 'net * user'
condition: keywords`, event: `{"c": "cmd /c net localgroup user x"}`, want: true},
		{name: "keywords all in different fields", detection: `
keywords:
    '|all':
        - 'OabVirtualDirectory'
        - ' -ExternalUrl '
condition: keywords`, event: `{"a": "Set-OabVirtualDirectory", "b": "x -ExternalUrl y"}`, want: true},
		{name: "keywords all missing one", detection: `
keywords:
    '|all':
        - 'OabVirtualDirectory'
        - ' -ExternalUrl '
condition: keywords`, event: `{"a": "Set-OabVirtualDirectory"}`, want: false},
		{name: "keyword not in field names", detection: `
keywords:
    - 'CommandLine'
condition: keywords`, event: `{"CommandLine": "x"}`, want: false},
	})
}

// TestCompileErrors checks that rules the interpreter cannot decide are rejected with
// a located diagnostic instead of a guess. The parser rejects most of these too; the
// IR is built by hand so the interpreter's own checks are exercised.
func TestCompileErrors(t *testing.T) {
	at := ir.Pos{File: "t.yml", Line: 7, Col: 9}
	str := func(parts ...ir.Part) *ir.String { return ir.NewString(at, parts...) }
	lit := func(s string) ir.Part { return ir.Part{Kind: ir.Literal, Text: s} }
	mods := func(kinds ...ir.ModifierKind) []ir.Modifier {
		var out []ir.Modifier
		for _, k := range kinds {
			out = append(out, ir.Modifier{Pos: at, Kind: k, Name: k.String()})
		}
		return out
	}
	cases := []struct {
		name string
		fm   *ir.FieldMatch
		code diag.Code
	}{
		{"regex RE2 cannot run", &ir.FieldMatch{Pos: at, Field: "A", Modifiers: mods(ir.ModRe),
			Values: []ir.Value{&ir.Regex{At: at, Pattern: "(?<=x)y"}}}, match.CodeUnsupportedRegex},
		{"base64 of a wildcard", &ir.FieldMatch{Pos: at, Field: "A", Modifiers: mods(ir.ModBase64),
			Values: []ir.Value{str(lit("a"), ir.Part{Kind: ir.AnyChars}, lit("b"))}}, match.CodeInvalidValue},
		{"base64offset of nothing", &ir.FieldMatch{Pos: at, Field: "A", Modifiers: mods(ir.ModBase64Offset, ir.ModContains),
			Values: []ir.Value{str()}}, match.CodeInvalidValue},
		{"unresolved placeholder", &ir.FieldMatch{Pos: at, Field: "A", Modifiers: mods(ir.ModExpand),
			Values: []ir.Value{str(ir.Part{Kind: ir.Placeholder, Text: "x"})}}, match.CodeUnresolvedPlaceholder},
		{"exists with a string", &ir.FieldMatch{Pos: at, Field: "A", Modifiers: mods(ir.ModExists),
			Values: []ir.Value{str(lit("yes"))}}, match.CodeInvalidValue},
		{"no values", &ir.FieldMatch{Pos: at, Field: "A"}, match.CodeInvalidValue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := match.Compile(handRule(at, c.fm, &ir.Ident{At: at, Name: "sel"}), match.Options{})
			wantCode(t, err, c.code)
		})
	}
	okMatch := &ir.FieldMatch{Pos: at, Field: "A", Values: []ir.Value{str(lit("x"))}}
	t.Run("undefined search", func(t *testing.T) {
		_, err := match.Compile(handRule(at, okMatch, &ir.Ident{At: at, Name: "nope"}), match.Options{})
		wantCode(t, err, match.CodeUndefinedSearch)
	})
	t.Run("of without names", func(t *testing.T) {
		_, err := match.Compile(handRule(at, okMatch, &ir.Of{At: at, Pattern: "x*"}), match.Options{})
		wantCode(t, err, match.CodeEmptySearch)
	})
}

// handRule builds a rule with one search "sel" holding fm, and one condition.
func handRule(at ir.Pos, fm *ir.FieldMatch, cond ir.Expr) *ir.Rule {
	return &ir.Rule{Detection: ir.Detection{
		Pos: at,
		Searches: []*ir.Search{{Pos: at, Name: "sel", Alternatives: []*ir.Group{
			{Pos: at, Matches: []*ir.FieldMatch{fm}},
		}}},
		Conditions: []*ir.Condition{{Pos: at, Source: cond.String(), Expr: cond}},
	}}
}

// TestConcurrentMatch checks the documented promise that one Matcher may serve many
// goroutines (run with -race).
func TestConcurrentMatch(t *testing.T) {
	m := compileDetection(t, "sel:\n    A|contains: 'x'\ncondition: sel", match.Options{})
	ev := event(t, `{"A": "axb"}`)
	done := make(chan bool)
	for range 4 {
		go func() {
			ok := true
			for range 100 {
				ok = ok && m.Match(ev)
			}
			done <- ok
		}()
	}
	for range 4 {
		if !<-done {
			t.Error("a concurrent Match returned false")
		}
	}
}
