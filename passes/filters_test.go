package passes_test

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

func parseFilter(t *testing.T, src string) *ir.Filter {
	t.Helper()
	f, diags := parser.ParseFile("f.yml", []byte(src))
	if diags.HasErrors() || len(f.Docs) != 1 {
		t.Fatalf("filter does not parse: %v", diags)
	}
	return f.Docs[0].(*ir.Filter)
}

func TestApplyFilters(t *testing.T) {
	rule := parseRule(t, `title: t
id: 00000000-0000-4000-8000-00000000000a
name: whoami_rule
logsource: {product: windows, category: process_creation}
detection:
    sel:
        Image|endswith: '\whoami.exe'
    condition: sel
`)
	filter := func(ref, category string) string {
		return "title: f\nlogsource: {product: windows, category: " + category + "}\nfilter:\n    rules: [" + ref + "]\n    fp:\n        User: admin\n    condition: not fp\n"
	}
	tests := []struct {
		name, filter, condition string
	}{
		{"by id", filter("00000000-0000-4000-8000-00000000000a", "process_creation"), "sel and not _filter1_fp"},
		{"by name", filter("whoami_rule", "process_creation"), "sel and not _filter1_fp"},
		{"other rule", filter("another_rule", "process_creation"), "sel"},
		{"other logsource", filter("whoami_rule", "file_event"), "sel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, diags := passes.ApplyFilters(rule, []*ir.Filter{parseFilter(t, tt.filter)})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got := out.Detection.Conditions[0].Expr.String(); got != tt.condition {
				t.Errorf("condition = %q, want %q", got, tt.condition)
			}
			if got := rule.Detection.Conditions[0].Expr.String(); got != "sel" {
				t.Errorf("input rule modified: %q", got)
			}
		})
	}
	t.Run("two conditions", func(t *testing.T) {
		src := strings.Replace(filter("whoami_rule", "process_creation"), "    condition: not fp\n", "    condition:\n        - not fp\n        - fp\n", 1)
		_, diags := passes.ApplyFilters(rule, []*ir.Filter{parseFilter(t, src)})
		if !hasCode(diags, passes.CodeFilterCondition) {
			t.Errorf("diags = %v, want %s", diags, passes.CodeFilterCondition)
		}
	})
}
