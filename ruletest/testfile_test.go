package ruletest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/ruletest"
)

func TestParseTestFile(t *testing.T) {
	src := `rule: ../rules/r.yml
cases:
  - name: typed values
    match: true
    event:
      EventID: 4688
      Ratio: 0.5
      Hex: 0x10
      Elevated: true
      Missing: null
      Nested: {List: [1, two]}
  - match: false
    event: {Image: x}
`
	tf, diags := ruletest.ParseTestFile("t.tests.yml", []byte(src))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if tf.Rule != "../rules/r.yml" || len(tf.Cases) != 2 {
		t.Fatalf("file: %+v", tf)
	}
	first, second := tf.Cases[0], tf.Cases[1]
	if first.Name != "typed values" || !first.Match || first.Pos.Line != 3 || first.Pos.Col != 5 {
		t.Errorf("first case: %+v", first)
	}
	want := map[string]any{
		"EventID": json.Number("4688"), "Ratio": json.Number("0.5"), "Hex": json.Number("16"),
		"Elevated": true, "Missing": nil, "Nested": map[string]any{"List": []any{json.Number("1"), "two"}},
	}
	if diff := cmp.Diff(want, first.Events[0].Raw); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	if ev := first.Events[0]; ev.Pos.Line != 6 || ev.Pos.Col != 7 {
		t.Errorf("event position %v, want 6:7", ev.Pos)
	}
	if second.Name != "case 2" || second.Match {
		t.Errorf("second case: %+v", second)
	}
}

func TestParseTestFileErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		pos  string // line:col, or "" when it does not matter
		want string // a fragment of the message
	}{
		{"empty", "", "1:1", "test file is empty"},
		{"not a mapping", "- a\n", "1:1", "test file must be a mapping"},
		{"unknown top-level key", "case: []\n", "1:1", `unknown key "case"`},
		{"cases not a list", "cases: {}\n", "1:8", "cases must be a list"},
		{"no cases", "rule: r.yml\n", "1:1", "test file has no cases"},
		{"case not a mapping", "cases: [x]\n", "1:9", "a case must be a mapping"},
		{"no expectation", "cases:\n  - event: {a: b}\n", "2:5", "case 1 has no match"},
		{"no event", "cases:\n  - match: true\n", "2:5", "case 1 has no event"},
		{"expectation not boolean", "cases:\n  - {match: 1, event: {a: b}}\n", "2:13", "match must be true or false"},
		{"event is a list", "cases:\n  - {match: true, event: [a]}\n", "2:26", "an event must be a mapping"},
		{"infinite number", "cases:\n  - {match: true, event: {a: .inf}}\n", "", "is not a JSON number"},
		{"missing events file", "cases:\n  - {match: true, file: does-not-exist.json}\n", "", "does-not-exist.json"},
		{"yaml syntax", "cases: [\n", "1:1", "yaml:"},
		{"deep event", "cases:\n  - match: true\n    event: " + strings.Repeat("{a: ", 70) + "1" + strings.Repeat("}", 70) + "\n", "", "nests deeper than the limit of 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ruletest.ParseTestFile("t.tests.yml", []byte(tt.src))
			if !diags.HasErrors() {
				t.Fatalf("no error for:\n%s", tt.src)
			}
			got := diags.Errors()[0]
			if pos := fmt.Sprintf("%d:%d", got.Line, got.Col); tt.pos != "" && pos != tt.pos {
				t.Errorf("error at %s, want %s: %v", pos, tt.pos, got)
			}
			if !strings.Contains(got.Message, tt.want) {
				t.Errorf("error %q, want it to contain %q", got.Message, tt.want)
			}
		})
	}
}

func TestParseTestFileTooLarge(t *testing.T) {
	src := "cases: []\n#" + strings.Repeat("x", 9<<20)
	if _, diags := ruletest.ParseTestFile("t.tests.yml", []byte(src)); !diags.HasErrors() || !strings.Contains(diags.Errors()[0].Message, "larger than the limit") {
		t.Errorf("diagnostics: %v", diags)
	}
}

// FuzzParseTestFile checks that no input makes the test-file parser panic or
// hang, and that every error carries a position and the bad-test-file code (or
// an event reader's code for a named file).
func FuzzParseTestFile(f *testing.F) {
	f.Add("cases:\n  - {name: a, match: true, event: {Image: x, EventID: 1}}\n")
	f.Add("rule: r.yml\ncases:\n  - match: false\n    event: {a: [1, {b: c}]}\n")
	f.Add("cases: &a [*a]\n")
	f.Add("cases:\n  - {match: true, event: &e {a: *e}}\n")
	f.Fuzz(func(t *testing.T, src string) {
		tf, diags := ruletest.ParseTestFile("f.tests.yml", []byte(src))
		for _, d := range diags.Errors() {
			if d.File == "" || d.Code == "" {
				t.Errorf("diagnostic without file or code: %v", d)
			}
		}
		if !diags.HasErrors() && (tf == nil || len(tf.Cases) == 0) {
			t.Errorf("no error and no cases for %q", src)
		}
	})
}

// TestParseTestFileAliasBomb checks that aliases nested in aliases cannot
// expand an event exponentially.
func TestParseTestFileAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &x0 [a, a]\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "x%d: &x%d [*x%d, *x%d]\n", i, i, i-1, i-1)
	}
	src := "cases:\n  - match: true\n    event:\n" + indent(b.String(), "      ") + "\n"
	_, diags := ruletest.ParseTestFile("t.tests.yml", []byte(src))
	if !diags.HasErrors() || !strings.Contains(diags.Errors()[0].Message, "more than the limit") {
		t.Errorf("diagnostics: %v", diags)
	}
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}
