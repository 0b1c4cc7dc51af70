package match_test

import (
	"testing"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
)

// FuzzMatch parses arbitrary rules and events and matches them: whatever the parser
// accepts, Compile must either reject with diagnostics or produce a matcher that
// decides every event without panicking.
func FuzzMatch(f *testing.F) {
	seeds := [][2]string{
		{"sel:\n    A|contains|windash: ' -x'\ncondition: sel", `{"A": "a /x"}`},
		{"sel:\n    A|wide|base64offset|contains: 'ping'\ncondition: sel", `{"A": "cABpAG4AZw"}`},
		{"sel:\n    A|re|i|m|s: '^a.b$'\ncondition: sel", `{"A": ["x", "A\nB"]}`},
		{"sel:\n    A|cidr: '10.0.0.0/8'\n    B|gt: 3\n    C|hour: 5\ncondition: sel", `{"A": "10.1.1.1", "B": "4", "C": "2026-01-01 05:00:00"}`},
		{"sel:\n    - 'kw*x?'\n    - 5\ncondition: not sel", `{"a": {"b": [1, null, true]}}`},
		{"sel:\n    A|fieldref|contains: B\n    C: null\n    D|exists: false\ncondition: 1 of them", `{"A": "xyz", "B": "Y"}`},
		{"sel:\n    A|utf16|base64: 'x'\n    B|utf16be|contains: 'y'\ncondition: all of them", `{}`},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, detection, eventJSON string) {
		if len(detection) > 2048 || len(eventJSON) > 4096 {
			return
		}
		src := "title: fuzz\nlogsource:\n    product: fuzz\ndetection:\n" + indent(detection)
		file, diags := parser.ParseFile("fuzz.yml", []byte(src))
		if diags.HasErrors() || len(file.Docs) == 0 {
			return
		}
		rule, ok := file.Docs[0].(*ir.Rule)
		if !ok {
			return
		}
		m, err := match.Compile(rule, match.Options{EmptyIsNull: len(eventJSON)%2 == 0})
		if err != nil {
			return
		}
		evs, _ := events.Read("fuzz.json", []byte(eventJSON), events.Limits{MaxBytes: 1 << 13, MaxEvents: 8, MaxDepth: 16})
		for _, ev := range evs {
			m.Explain(ev)
		}
	})
}

func indent(s string) string {
	out := "    "
	for _, r := range s {
		out += string(r)
		if r == '\n' {
			out += "    "
		}
	}
	return out + "\n"
}
