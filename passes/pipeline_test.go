package passes_test

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

func parseRule(t testing.TB, src string) *ir.Rule {
	t.Helper()
	f, diags := parser.ParseFile("r.yml", []byte(src))
	if diags.HasErrors() || len(f.Docs) != 1 {
		t.Fatalf("rule does not parse: %v", diags)
	}
	return f.Docs[0].(*ir.Rule)
}

func userPipeline(t testing.TB, src string) *passes.Pipeline {
	t.Helper()
	p, diags := passes.LoadPipeline("p.yml", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("pipeline: %v", diags)
	}
	return p
}

func azureMonitor(t testing.TB) *passes.Pipeline {
	t.Helper()
	p, err := passes.Lookup("azure_monitor")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const processRule = `title: t
logsource: {product: windows, category: process_creation}
detection:
    sel:
        Image|endswith: '\cmd.exe'
        Imphash: '*abc'
        User|expand: '%users%'
    condition: sel
`

func TestApplyLeavesInputUnchanged(t *testing.T) {
	rule := parseRule(t, processRule)
	before := ir.Print(rule)
	plan := azureMonitor(t).Apply(rule, passes.Options{Placeholders: map[string][]string{"users": {"a", "b"}}})
	if after := ir.Print(rule); after != before {
		t.Errorf("Apply modified its input:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if !plan.Supported() {
		t.Fatalf("plan unsupported: %v", plan.Diagnostics)
	}
}

func TestSubfieldWithLeadingWildcardWarns(t *testing.T) {
	plan := azureMonitor(t).Apply(parseRule(t, processRule), passes.Options{Placeholders: map[string][]string{"users": {"a"}}})
	if !hasCode(plan.Diagnostics, passes.CodeApproximateMapping) {
		t.Errorf("diagnostics = %v, want %s", plan.Diagnostics, passes.CodeApproximateMapping)
	}
}

func hasCode(l diag.List, code diag.Code) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestComposeOrdersByPriority(t *testing.T) {
	late := userPipeline(t, "name: late\npriority: 50\nvars: {x: [late]}\n")
	early := userPipeline(t, "name: early\npriority: 5\nvars: {x: [early]}\n")
	p := passes.Compose(late, azureMonitor(t), early)
	if p.Name != "early+azure_monitor+late" {
		t.Errorf("Compose name = %q, want early+azure_monitor+late", p.Name)
	}
	if got := p.Vars["x"]; len(got) != 1 || got[0] != "late" {
		t.Errorf("vars x = %v, want the later pipeline's value", got)
	}
}

func TestFieldMappedToSeveralFieldsSplitsTheGroup(t *testing.T) {
	p := userPipeline(t, `name: split
transformations:
  - type: set_state
    key: query_table
    val: T_CL
  - type: field_name_mapping
    mapping:
      Image: [ProcessPath, ImagePath]
      User: [Account, UserName]
`)
	plan := p.Apply(parseRule(t, processRule), passes.Options{Placeholders: map[string][]string{"users": {"a"}}})
	alts := plan.Rule.Detection.Searches[0].Alternatives
	if len(alts) != 4 {
		t.Fatalf("got %d alternatives, want 4 (2 image fields x 2 user fields):\n%s", len(alts), ir.Print(plan.Rule))
	}
	var pairs []string
	for _, g := range alts {
		pairs = append(pairs, g.Matches[0].Field+"/"+g.Matches[2].Field)
	}
	if got := strings.Join(pairs, " "); got != "ProcessPath/Account ProcessPath/UserName ImagePath/Account ImagePath/UserName" {
		t.Errorf("alternatives = %s", got)
	}
}

func TestPlaceholderExpansionIsBounded(t *testing.T) {
	many := make([]string, 30)
	for i := range many {
		many[i] = "v" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	rule := parseRule(t, `title: t
logsource: {product: windows, service: security}
detection:
    sel:
        TargetUserName|expand: '%a%-%b%'
    condition: sel
`)
	plan := azureMonitor(t).Apply(rule, passes.Options{Placeholders: map[string][]string{"a": many, "b": many}})
	if plan.Supported() || !hasCode(plan.Diagnostics, passes.CodeModifierExpansion) {
		t.Errorf("diagnostics = %v, want %s", plan.Diagnostics, passes.CodeModifierExpansion)
	}
}

// FuzzApply loads a fuzzed user pipeline and applies it with azure_monitor to a
// fixed rule: no input may panic, and an unsupported plan always says why.
func FuzzApply(f *testing.F) {
	f.Add([]byte("transformations:\n  - type: field_name_mapping\n    mapping: {Image: [A, B, C]}\n"))
	f.Add([]byte("transformations:\n  - type: drop_detection_item\n    field_name_conditions: [{type: include_fields, fields: ['.*'], type: re}]\n"))
	f.Add([]byte("vars: {users: [x]}\ntransformations:\n  - type: value_placeholders\n  - type: change_logsource\n    product: linux\n"))
	f.Add([]byte("transformations:\n  - type: query_expression_placeholders\n    expression: '{id}'\n  - type: map_string\n    mapping: {x: [y, z]}\n"))
	rule := parseRule(f, processRule)
	base := azureMonitor(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		p, diags := passes.LoadPipeline("f.yml", src)
		if diags.HasErrors() {
			return
		}
		plan := passes.Compose(base, p).Apply(rule, passes.Options{})
		if !plan.Supported() && len(plan.Diagnostics.Errors()) == 0 {
			t.Fatal("unsupported without a reason")
		}
	})
}

// BenchmarkApplyAzureMonitor measures the pipeline on one process-creation rule.
func BenchmarkApplyAzureMonitor(b *testing.B) {
	rule := parseRule(b, processRule)
	p := azureMonitor(b)
	opts := passes.Options{Placeholders: map[string][]string{"users": {"a", "b"}}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p.Apply(rule, opts)
	}
}

// TestApplyIsSafeForConcurrentUse applies one shared pipeline from several
// goroutines, as the MCP server does; run with -race.
func TestApplyIsSafeForConcurrentUse(t *testing.T) {
	rule := parseRule(t, processRule)
	p := passes.Compose(azureMonitor(t), userPipeline(t, "name: u\npriority: 30\nvars: {users: [a, b]}\n"))
	done := make(chan string)
	for i := 0; i < 4; i++ {
		go func() {
			plan := p.Apply(rule, passes.Options{})
			done <- ir.Print(plan.Rule)
		}()
	}
	first := <-done
	for i := 1; i < 4; i++ {
		if got := <-done; got != first {
			t.Errorf("concurrent plans differ:\n%s\n%s", first, got)
		}
	}
}

func TestFieldFanOutIsBounded(t *testing.T) {
	names := make([]string, 20)
	for i := range names {
		names[i] = "F" + string(rune('a'+i))
	}
	p := userPipeline(t, "name: fan\ntransformations:\n  - type: set_state\n    key: query_table\n    val: T_CL\n  - type: field_name_mapping\n    mapping:\n      A: ["+strings.Join(names, ", ")+"]\n")
	rule := parseRule(t, "title: t\nlogsource: {product: x}\ndetection:\n    sel:\n        A|contains: a\n        A|startswith: b\n        A|endswith: c\n    condition: sel\n")
	plan := p.Apply(rule, passes.Options{})
	if plan.Supported() || !hasCode(plan.Diagnostics, passes.CodeModifierExpansion) {
		t.Errorf("diagnostics = %v, want %s", plan.Diagnostics, passes.CodeModifierExpansion)
	}
}
