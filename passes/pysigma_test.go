package passes_test

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/passes"
)

func TestLoadPipelineErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // "line:col code" of the first error
		msg  string // a fragment of its message
	}{
		{"not yaml", "name: [x\n", "1:0 bad-pipeline", "not valid YAML"},
		{"not a mapping", "- a\n- b\n", "1:1 bad-pipeline", "must be a mapping"},
		{"unknown key", "name: x\ntransforms: []\n", "2:1 bad-pipeline", `unknown pipeline key "transforms"`},
		{"bad priority", "priority: high\n", "1:11 bad-pipeline", "expected an integer"},
		{"no type", "transformations:\n  - id: a\n", "2:5 bad-pipeline", "has no type"},
		{"unknown type", "transformations:\n  - type: field_name_maping\n", "2:11 bad-pipeline", `did you mean "field_name_mapping"`},
		{"missing parameter", "transformations:\n  - type: field_name_mapping\n", "2:5 bad-pipeline", `needs "mapping"`},
		{"unknown parameter", "transformations:\n  - type: rule_failure\n    message: m\n    colour: red\n", "4:13 bad-pipeline", `no parameter "colour"`},
		{"bad regex", "transformations:\n  - type: replace_string\n    regex: '('\n    replacement: x\n", "3:12 bad-pipeline", "invalid regular expression"},
		{"unknown condition", "transformations:\n  - type: rule_failure\n    message: m\n    rule_conditions:\n      - type: logsauce\n", "5:15 bad-pipeline", `unknown condition type "logsauce"`},
		{"bad cond op", "transformations:\n  - type: rule_failure\n    message: m\n    rule_cond_op: xor\n", "4:19 bad-pipeline", "and or or"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, diags := passes.LoadPipeline("p.yml", []byte(tt.src))
			if p != nil || !diags.HasErrors() {
				t.Fatalf("LoadPipeline accepted %q", tt.src)
			}
			d := diags.Errors()[0]
			got := positionCode(d)
			if got != tt.want || d.File != "p.yml" || !strings.Contains(d.Message, tt.msg) {
				t.Errorf("first error = %v (%s), want %s containing %q", d, got, tt.want, tt.msg)
			}
		})
	}
}

func positionCode(d diag.Diagnostic) string {
	return itoa(d.Line) + ":" + itoa(d.Col) + " " + string(d.Code)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func TestLoadPipelineTooLarge(t *testing.T) {
	src := "name: x\n" + strings.Repeat("#", passes.MaxPipelineBytes)
	_, diags := passes.LoadPipeline("big.yml", []byte(src))
	if !diags.HasErrors() || !strings.Contains(diags[0].Message, "limit") {
		t.Fatalf("diags = %v, want a size-limit error", diags)
	}
}

func TestLoadPipelineIgnoresFinalizersWithWarning(t *testing.T) {
	p, diags := passes.LoadPipeline("p.yml", []byte("name: x\npriority: 5\nfinalizers: []\n"))
	if p == nil || diags.HasErrors() || len(diags) != 1 || diags[0].Severity != diag.Warning {
		t.Fatalf("LoadPipeline = %v, %v; want the pipeline and one warning", p, diags)
	}
	if p.Name != "x" || p.Priority != 5 {
		t.Errorf("name, priority = %q, %d", p.Name, p.Priority)
	}
}

// FuzzLoadPipeline checks that no pipeline file makes the loader panic or hang,
// and that a rejected file always says why.
func FuzzLoadPipeline(f *testing.F) {
	f.Add([]byte("name: x\npriority: 10\ntransformations:\n  - type: field_name_mapping\n    mapping: {a: b}\n"))
	f.Add([]byte("transformations:\n  - type: add_condition\n    conditions: {EventID: [1, 2], x: 'a*b'}\n    rule_conditions: [{type: logsource, product: windows}]\n"))
	f.Add([]byte("transformations:\n  - type: replace_string\n    regex: 'a(b'\n"))
	f.Add([]byte("vars: {a: [1, 2]}\ntransformations: [{type: value_placeholders, include: [a]}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, diags := passes.LoadPipeline("f.yml", src)
		if p == nil && !diags.HasErrors() {
			t.Fatalf("rejected without an error: %q", src)
		}
		if p != nil && diags.HasErrors() {
			t.Fatalf("accepted with errors: %v", diags)
		}
	})
}
