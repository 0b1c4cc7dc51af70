package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
)

// ruleWith returns a minimal valid rule whose detection is the given YAML lines
// (indented by four spaces); its detection starts on line 7.
func ruleWith(id string, detection ...string) string {
	return "title: Lint test\nid: " + id + "\nstatus: test\nlogsource:\n    product: windows\ndetection:\n    " +
		strings.Join(detection, "\n    ") + "\nlevel: low\n"
}

const id1 = "8f1a5e38-4c7e-4f4c-9f38-6f1d2a0c0a01"

// lintRules parses each source as its own file and returns the lint findings as
// "file:line:col code" lines, failing on any parse error.
func lintRules(t *testing.T, sources ...string) []string {
	t.Helper()
	var files []*ir.File
	for i, src := range sources {
		f, ds := parser.ParseFile(fmt.Sprintf("r%d.yml", i+1), []byte(src))
		if ds.HasErrors() {
			t.Fatalf("rule %d does not parse: %v", i+1, ds)
		}
		files = append(files, f)
	}
	var got []string
	for _, d := range Files(files) {
		got = append(got, fmt.Sprintf("%s %s", d.Pos, d.Code))
	}
	return got
}

func TestLints(t *testing.T) {
	tests := []struct {
		name    string
		sources []string
		want    []string
	}{
		{"clean rule", []string{ruleWith(id1,
			"selection:", "    EventID: 4688", "    Image|endswith: '\\cmd.exe'", "condition: selection")}, nil},
		{"duplicate id across files", []string{
			ruleWith(id1, "sel:", "    EventID: 1", "condition: sel"),
			ruleWith(id1, "sel:", "    EventID: 2", "condition: sel")},
			[]string{"r2.yml:1:1 duplicate-rule-id"}},
		{"unused search", []string{ruleWith(id1,
			"selection:", "    EventID: 1", "filter:", "    User: x", "condition: selection")},
			[]string{"r1.yml:9:5 unused-search"}},
		{"pattern uses searches", []string{ruleWith(id1,
			"sel_a:", "    EventID: 1", "sel_b:", "    EventID: 2", "condition: 1 of sel_*")}, nil},
		{"all of them", []string{ruleWith(id1,
			"sel:", "    EventID: 1", "filter:", "    User: x", "condition: all of them")},
			[]string{"r1.yml:11:16 all-of-them"}},
		{"escaped wildcard in a path", []string{ruleWith(id1,
			"sel:", "    Image: 'C:\\Users\\*\\AppData\\x.exe'", "condition: sel")},
			[]string{"r1.yml:8:16 escaped-wildcard"}},
		{"deliberate escapes", []string{ruleWith(id1,
			"sel:", "    CommandLine|contains:", "        - ' -Filter \\*'", "        - '.php\\?id='",
			"        - '\\\\\\\\\\*\\\\IPC$'", "condition: sel")}, nil},
		{"number as string", []string{ruleWith(id1,
			"sel:", "    EventID: '4688'", "    ProcessId:", "        - '12'", "        - 13", "condition: sel")},
			[]string{"r1.yml:8:18 number-as-string", "r1.yml:10:15 number-as-string"}},
		{"quoted number kept as text", []string{ruleWith(id1,
			"sel:", "    c-useragent: '12345'", "    EventID|contains: '46'", "    LogonType: '007'", "condition: sel")}, nil},
		{"all on a single value", []string{ruleWith(id1,
			"sel:", "    CommandLine|contains|all: 'x'", "condition: sel")},
			[]string{"r1.yml:8:30 all-single-value"}},
		{"all on a list", []string{ruleWith(id1,
			"sel:", "    CommandLine|contains|all:", "        - a", "        - b", "condition: sel")}, nil},
		{"regex that could be plain", []string{ruleWith(id1,
			"sel:", "    CommandLine|re: '.*foo.*'", "condition: sel")},
			[]string{"r1.yml:8:25 regex-could-be-plain"}},
		{"real regex", []string{ruleWith(id1,
			"sel:", "    CommandLine|re: 'a.b'", "condition: sel")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, lintRules(t, tt.sources...)); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlainRegexSuggestion(t *testing.T) {
	tests := []struct {
		name    string
		pattern string
		ignore  bool
		want    string // "" when the regex is not plain
	}{
		{"contains with dot-stars", ".*foo.*", false, "F|contains|cased: 'foo'"},
		{"unanchored is contains", "foo", true, "F|contains: 'foo'"},
		{"inline ignore case", "(?i)foo", false, "F|contains: 'foo'"},
		{"start anchor", "^foo", false, "F|startswith|cased: 'foo'"},
		{"end anchor", "foo$", false, "F|endswith|cased: 'foo'"},
		{"both anchors", "^foo$", true, "F: 'foo'"},
		{"escaped punctuation", `\$a\.b\(`, false, "F|contains|cased: '$a.b('"},
		{"literal star is escaped for Sigma", `a\*b`, false, `F|contains|cased: 'a\*b'`},
		{"escaped dollar is no anchor", `foo\$`, false, "F|contains|cased: 'foo$'"},
		{"quote doubled", "it's", false, "F|contains|cased: 'it''s'"},
		{"dot", "a.b", false, ""},
		{"class", `\d+`, false, ""},
		{"alternation", "a|b", false, ""},
		{"anchor then dot-star", "^.*foo", false, ""},
		{"empty", ".*", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &ir.FieldMatch{Field: "F"}
			ds := plainRegex(m, &ir.Regex{Pattern: tt.pattern, IgnoreCase: tt.ignore})
			got := ""
			if len(ds) == 1 {
				got = ds[0].Suggestions[0]
			}
			if got != tt.want {
				t.Errorf("plainRegex(%q) suggests %q, want %q", tt.pattern, got, tt.want)
			}
		})
	}
}

func TestDoubleEscapes(t *testing.T) {
	tests := []struct {
		raw, want string
		found     bool
	}{
		{`C:\Users\*\AppData`, `C:\Users\\*\AppData`, true},
		{`temp\*.rar\`, `temp\\*.rar\`, true},
		{`\*.bak`, `\*.bak`, false},
		{`\\\\\*\\IPC$`, `\\\\\*\\IPC$`, false},
		{`a\?\?\C:`, `a\\?\?\C:`, true},
		{`plain`, `plain`, false},
	}
	for _, tt := range tests {
		got, found := doubleEscapes(tt.raw)
		if got != tt.want || found != tt.found {
			t.Errorf("doubleEscapes(%q) = %q, %v; want %q, %v", tt.raw, got, found, tt.want, tt.found)
		}
	}
}
