package kql

import (
	"math"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

// planFor wraps one field match in a rule whose single search "sel" is the
// condition, read from table T where every field is a string column of its name.
func planFor(t *testing.T, cond ir.Expr, matches ...*ir.FieldMatch) *passes.Plan {
	t.Helper()
	cols := map[string]passes.Column{}
	for _, m := range matches {
		if m.Field != "" {
			cols[m.Field] = passes.Column{Name: m.Field, Type: "string"}
		}
	}
	if cond == nil {
		cond = &ir.Ident{Name: "sel"}
	}
	rule := &ir.Rule{Detection: ir.Detection{
		Searches:   []*ir.Search{{Name: "sel", Alternatives: []*ir.Group{{Matches: matches}}}},
		Conditions: []*ir.Condition{{Expr: cond}},
	}}
	return &passes.Plan{Rule: rule, Table: "T", Columns: cols}
}

func TestConvertErrors(t *testing.T) {
	str := func(parts ...ir.Part) *ir.String { return ir.NewString(ir.Pos{}, parts...) }
	tests := []struct {
		name  string
		plan  func(t *testing.T) *passes.Plan
		code  diag.Code
		inMsg string
	}{
		{"look-ahead regex", func(t *testing.T) *passes.Plan {
			return planFor(t, nil, &ir.FieldMatch{Field: "f", Values: []ir.Value{&ir.Regex{Pattern: "a(?=b)"}}})
		}, CodeUnsupportedRegex, "RE2"},
		{"back-reference", func(t *testing.T) *passes.Plan {
			return planFor(t, nil, &ir.FieldMatch{Field: "f", Values: []ir.Value{&ir.Regex{Pattern: `(a)\1`}}})
		}, CodeUnsupportedRegex, "RE2"},
		{"placeholder inside text", func(t *testing.T) *passes.Plan {
			v := str(ir.Part{Kind: ir.Literal, Text: "x"}, ir.Part{Kind: ir.Placeholder, Text: "p"})
			return planFor(t, nil, &ir.FieldMatch{Field: "f", Values: []ir.Value{v}})
		}, CodeUnresolvedPlaceholder, "%p%"},
		{"infinite number", func(t *testing.T) *passes.Plan {
			p := planFor(t, nil, &ir.FieldMatch{Field: "n", Values: []ir.Value{&ir.Number{Float: math.Inf(1), Text: ".inf"}}})
			p.Columns["n"] = passes.Column{Name: "n", Type: "long"}
			return p
		}, CodeUnsupportedValue, "finite"},
		{"no values", func(t *testing.T) *passes.Plan {
			return planFor(t, nil, &ir.FieldMatch{Field: "f"})
		}, CodeUnsupportedValue, "no value"},
		{"unknown search", func(t *testing.T) *passes.Plan {
			return planFor(t, &ir.Ident{Name: "nope"}, &ir.FieldMatch{Field: "f", Values: []ir.Value{str(ir.Part{Text: "x"})}})
		}, CodeInvalidCondition, "nope"},
		{"empty quantifier", func(t *testing.T) *passes.Plan {
			return planFor(t, &ir.Of{Pattern: "x*"}, &ir.FieldMatch{Field: "f", Values: []ir.Value{str(ir.Part{Text: "x"})}})
		}, CodeInvalidCondition, "matches no search"},
		{"comparison on text", func(t *testing.T) *passes.Plan {
			return planFor(t, nil, &ir.FieldMatch{Field: "f", Modifiers: []ir.Modifier{{Kind: ir.ModGT, Name: "gt"}}, Values: []ir.Value{str(ir.Part{Text: "abc"})}})
		}, CodeUnsupportedValue, "needs a number"},
		{"no rule", func(t *testing.T) *passes.Plan { return &passes.Plan{} }, CodeInvalidCondition, "no rule"},
		{"too many values", func(t *testing.T) *passes.Plan {
			vals := make([]ir.Value, MaxValues+1)
			for i := range vals {
				vals[i] = str(ir.Part{Text: "x"})
			}
			return planFor(t, nil, &ir.FieldMatch{Field: "f", Values: vals})
		}, CodeQueryTooLarge, "more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			queries, diags := Convert(tt.plan(t), Options{})
			if len(queries) != 0 {
				t.Errorf("queries returned for an unsupported rule: %q", queries)
			}
			errs := diags.Errors()
			if len(errs) == 0 || errs[0].Code != tt.code || !strings.Contains(errs[0].Message, tt.inMsg) {
				t.Errorf("diagnostics %v, want %s mentioning %q", diags, tt.code, tt.inMsg)
			}
		})
	}
}

func TestConvertKeepsPipelineErrors(t *testing.T) {
	p := planFor(t, nil, &ir.FieldMatch{Field: "f", Values: []ir.Value{&ir.Null{}}})
	p.Diagnostics.Errorf(diag.Pos{File: "r.yml", Line: 3}, "unsupported-logsource", "no table")
	queries, diags := Convert(p, Options{})
	if len(queries) != 0 || len(diags) != 1 || diags[0].Code != "unsupported-logsource" {
		t.Errorf("queries %q, diagnostics %v; want only the pipeline's error", queries, diags)
	}
}

func TestNegate(t *testing.T) {
	col := columnExpr{name: "F", text: true}
	num := columnExpr{name: "N"}
	tests := []struct {
		name string
		in   expr
		want string
	}{
		{"equality", binaryExpr{left: col, op: "=~", right: stringLit("a")}, `F !~ "a"`},
		{"list", inExpr{left: col, op: "in~", items: []expr{stringLit("a")}}, `F !in~ ("a")`},
		{"contains", binaryExpr{left: col, op: "contains_cs", right: stringLit("a")}, `F !contains_cs "a"`},
		{"empty", call("isempty", col), `isnotempty(F)`},
		{"double negation", notExpr{x: call("f", col)}, `f(F)`},
		{"regex has no negated operator", binaryExpr{left: col, op: "matches regex", right: stringLit("a")}, `(not(F matches regex "a"))`},
		{"comparison", binaryExpr{left: col, op: ">", right: numberLit("1")}, `(not(F > 1))`},
		{"nullable number", binaryExpr{left: num, op: "==", right: numberLit("1")}, `(not(coalesce(N == 1, false)))`},
		{"ip range", call("ipv4_is_in_range", col, stringLit("10.0.0.0/8")), `(not(coalesce(ipv4_is_in_range(F, "10.0.0.0/8"), false)))`},
		{"whole row", binaryExpr{left: rowExpr{}, op: "contains", right: stringLit("x")}, `(not(* contains "x"))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printExpr(negate(tt.in)); got != tt.want {
				t.Errorf("negate = %s, want %s", got, tt.want)
			}
		})
	}
}

// FuzzConvert feeds arbitrary rule text through the parser and the backend with
// every field read as a string column: nothing may panic, and a supported rule
// yields one non-empty query per condition.
func FuzzConvert(f *testing.F) {
	f.Add("title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    Image|endswith: '\\\\a.exe'\n    CommandLine|contains|all: [a, 'b*c']\n  condition: sel\n")
	f.Add("title: t\nlogsource: {product: windows}\ndetection:\n  k: ['x', '*y?']\n  s: {F|re|i: 'a.b', G|cidr: ['::1/128', '10.0.0.0/8'], H: null, I|exists: false}\n  condition: 1 of them and not k\n")
	f.Add("title: t\nlogsource: {product: windows}\ndetection:\n  s:\n    F|windash|base64offset|contains: ' -e'\n    N|gt: 5\n    D|minute: 3\n  condition: all of s*\n")
	f.Fuzz(func(t *testing.T, src string) {
		file, _ := parser.ParseFile("fuzz.yml", []byte(src))
		for _, doc := range file.Docs {
			rule, ok := doc.(*ir.Rule)
			if !ok {
				continue
			}
			plan := &passes.Plan{Rule: rule, Table: "T", Columns: map[string]passes.Column{}}
			if len(src)%2 == 0 { // keywords in a dynamic bag's values, else the whole row
				plan.Keywords = []passes.Column{{Name: "EventData", Type: "dynamic"}}
			}
			for _, s := range rule.Detection.Searches {
				for _, g := range s.Alternatives {
					for _, m := range g.Matches {
						plan.Columns[m.Field] = passes.Column{Name: m.Field, Type: "string"}
					}
				}
			}
			queries, diags := Convert(plan, Options{Header: true, Project: true})
			if !diags.HasErrors() && len(queries) != len(rule.Detection.Conditions) {
				t.Fatalf("%d queries for %d conditions", len(queries), len(rule.Detection.Conditions))
			}
		}
	})
}

func TestHeaderCannotEndTheComment(t *testing.T) {
	rule := &ir.Rule{Meta: ir.Meta{Title: "a\r\nb\u2028c\x00d", ID: "x\ny"}}
	got := header(rule)
	want := []string{"a b cd", "id: x y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("header = %q, want %q", got, want)
	}
}
