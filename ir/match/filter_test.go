package match_test

import (
	"testing"

	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
)

const filteredRule = `title: Example rar compression
id: 6f3e2987-0000-4000-8000-000000000001
name: example_rar
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\rar.exe'
    condition: selection
`

// parseFilter reads a meta filter document.
func parseFilter(t *testing.T, src string) *ir.Filter {
	t.Helper()
	f, diags := parser.ParseFile("filter.yml", []byte(src))
	if diags.HasErrors() {
		t.Fatalf("parse filter: %v", diags)
	}
	return f.Docs[0].(*ir.Filter)
}

func filterDoc(logsource, rules string) string {
	return "title: Example filter\nlogsource:\n" + logsource + "filter:\n    rules:\n" + rules +
		"    admins:\n        User|startswith: 'adm_'\n    condition: not admins\n"
}

// TestFilters pins meta filters: an applicable filter's condition is AND-ed onto the
// rule's (Sigma filters specification; pySigma SigmaFilter.apply_on_rule), and a
// filter applies when its logsource covers the rule's and its rules name the rule.
func TestFilters(t *testing.T) {
	windowsProc := "    category: process_creation\n    product: windows\n"
	cases := []struct {
		name      string
		filter    string
		event     string
		want      bool
		wantApply bool
	}{
		{"filter by id suppresses", filterDoc(windowsProc, "        - 6f3e2987-0000-4000-8000-000000000001\n"),
			`{"Image": "C:\\rar.exe", "User": "adm_bob"}`, false, true},
		{"filter by id keeps others", filterDoc(windowsProc, "        - 6f3e2987-0000-4000-8000-000000000001\n"),
			`{"Image": "C:\\rar.exe", "User": "bob"}`, true, true},
		{"filter by name", filterDoc("    product: windows\n", "        - example_rar\n"),
			`{"Image": "C:\\rar.exe", "User": "adm_bob"}`, false, true},
		{"filter for another rule", filterDoc(windowsProc, "        - some-other-rule\n"),
			`{"Image": "C:\\rar.exe", "User": "adm_bob"}`, true, false},
		{"filter for another logsource", filterDoc("    category: file_event\n    product: windows\n", "        - example_rar\n"),
			`{"Image": "C:\\rar.exe", "User": "adm_bob"}`, true, false},
	}
	rule := parseRule(t, writeTemp(t, "rule.yml", filteredRule))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := match.Options{Filters: []*ir.Filter{parseFilter(t, c.filter)}}
			m, err := match.Compile(rule, opts)
			if err != nil {
				t.Fatal(err)
			}
			r := m.Explain(event(t, c.event))
			if r.Matched != c.want || (len(r.Filters) == 1) != c.wantApply {
				t.Errorf("Explain = %+v, want matched %v, filter applied %v", r, c.want, c.wantApply)
			}
			if m.Match(event(t, c.event)) != r.Matched {
				t.Errorf("Match and Explain disagree")
			}
		})
	}
}
