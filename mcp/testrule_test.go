package mcp_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/mcp"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

type testOut struct {
	Passed  bool     `json:"passed"`
	Engines []string `json:"engines"`
	Table   string   `json:"table"`
	Queries []string `json:"queries"`
	Results []struct {
		Index       int             `json:"index"`
		Interpreter bool            `json:"interpreter"`
		KQL         *bool           `json:"kql"`
		Routed      *bool           `json:"routed"`
		Agree       bool            `json:"agree"`
		Pass        bool            `json:"pass"`
		Searches    map[string]bool `json:"searches"`
	} `json:"results"`
}

func TestTestSigmaRule(t *testing.T) {
	s := connect(t, mcp.Options{})
	hit := map[string]any{"Image": `C:\Windows\System32\whoami.exe`, "CommandLine": "whoami /priv"}
	miss := map[string]any{"Image": `C:\Windows\System32\whoami.exe`, "CommandLine": "whoami"}
	windows := map[string]any{"Event": map[string]any{
		"System": map[string]any{"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational",
			"Provider": map[string]any{"#attributes": map[string]any{"Name": "Microsoft-Windows-Sysmon"}}},
		"EventData": map[string]any{"Image": `C:\Windows\System32\WHOAMI.EXE`, "CommandLine": "whoami /all"},
	}}
	// A Security-channel record is stored in SecurityEvent, never in the table
	// the Sysmon rule reads, so the query cannot see it.
	security := map[string]any{"Event": map[string]any{
		"System":    map[string]any{"EventID": 4688, "Channel": "Security"},
		"EventData": map[string]any{"NewProcessName": `C:\Windows\System32\whoami.exe`, "CommandLine": "whoami /all"},
	}}
	tests := []struct {
		name       string
		events     []any
		expect     []bool
		wantMatch  []bool
		wantRouted []bool
		wantPassed bool
	}{
		{"verdicts without expectations", []any{hit, miss}, nil, []bool{true, false}, []bool{true, true}, true},
		{"expectations met", []any{hit, miss, windows}, []bool{true, false, true}, []bool{true, false, true}, []bool{true, true, true}, true},
		{"expectation failed", []any{miss}, []bool{true}, []bool{false}, []bool{true}, false},
		{"event of another table", []any{security}, []bool{false}, []bool{false}, []bool{false}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := map[string]any{"sigma_yaml": whoamiRule, "events": tt.events}
			if tt.expect != nil {
				args["expect"] = tt.expect
			}
			var out testOut
			decode(t, s.call(t, "test_sigma_rule", args), &out)
			if out.Passed != tt.wantPassed || len(out.Results) != len(tt.wantMatch) {
				t.Fatalf("passed=%v with %d results: %+v", out.Passed, len(out.Results), out)
			}
			for i, r := range out.Results {
				if r.Interpreter != tt.wantMatch[i] || r.Index != i {
					t.Errorf("event %d: match=%v, want %v", i, r.Interpreter, tt.wantMatch[i])
				}
				if r.KQL == nil || r.Routed == nil || *r.Routed != tt.wantRouted[i] || !r.Agree {
					t.Errorf("event %d: kql=%v routed=%v agree=%v, want routed=%v and agreement", i, r.KQL, r.Routed, r.Agree, tt.wantRouted[i])
				} else if *r.Routed && *r.KQL != r.Interpreter {
					t.Errorf("event %d: kql=%v but interpreter=%v", i, *r.KQL, r.Interpreter)
				}
				if _, ok := r.Searches["selection"]; !ok {
					t.Errorf("event %d: no per-search verdict", i)
				}
			}
			if len(out.Queries) != 1 || out.Table == "" || !slices.Equal(out.Engines, []string{"interpreter", "kql"}) {
				t.Errorf("the compiled KQL did not run beside the interpreter: %+v", out)
			}
		})
	}
}

func TestTestSigmaRuleErrors(t *testing.T) {
	s := connect(t, mcp.Options{})
	deep := any("leaf")
	for range 70 {
		deep = map[string]any{"x": deep}
	}
	tooDeep := any("leaf")
	for range toolkit.MaxArgumentDepth + 1 {
		tooDeep = []any{tooDeep}
	}
	many := make([]any, toolkit.MaxEvents+1)
	for i := range many {
		many[i] = map[string]any{"Image": "x"}
	}
	ev := []any{map[string]any{"Image": "x"}}
	tests := []struct {
		name string
		args map[string]any
		want toolkit.Code
	}{
		{"no events", map[string]any{"sigma_yaml": whoamiRule, "events": []any{}}, toolkit.InvalidInput},
		{"too many events", map[string]any{"sigma_yaml": whoamiRule, "events": many}, toolkit.LimitExceeded},
		{"expect length", map[string]any{"sigma_yaml": whoamiRule, "events": ev, "expect": []bool{true, false}}, toolkit.InvalidInput},
		{"event not an object", map[string]any{"sigma_yaml": whoamiRule, "events": []any{"text"}}, toolkit.InvalidInput},
		{"event too deep", map[string]any{"sigma_yaml": whoamiRule, "events": []any{deep}}, toolkit.LimitExceeded},
		{"arguments too deep", map[string]any{"sigma_yaml": whoamiRule, "events": []any{map[string]any{"x": tooDeep}}}, toolkit.LimitExceeded},
		{"unparsable rule", map[string]any{"sigma_yaml": badModifierRule, "events": ev}, toolkit.ConversionError},
		{"collection", map[string]any{"sigma_yaml": whoamiRule + "---\n" + whoamiRule, "events": ev}, toolkit.InvalidInput},
		{"unknown target table", map[string]any{"sigma_yaml": whoamiRule, "events": ev, "target_table": "NoSuchTable"}, toolkit.InvalidInput},
		{"unknown pipeline", map[string]any{"sigma_yaml": whoamiRule, "events": ev, "pipeline": "nope"}, toolkit.InvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.call(t, "test_sigma_rule", tt.args)
			if got := errorCode(t, res); got != tt.want {
				t.Errorf("code %q, want %q: %s", got, tt.want, text(res))
			}
		})
	}
}

// TestAuditNeverHoldsEventValues sends events with a recognisable value and checks
// that neither the default nor the full audit log copies it.
func TestAuditNeverHoldsEventValues(t *testing.T) {
	const secret = "ROW-VALUE-3b7e0d21"
	for _, full := range []bool{false, true} {
		s := connect(t, mcp.Options{AuditFull: full})
		s.call(t, "test_sigma_rule", map[string]any{
			"sigma_yaml": whoamiRule,
			"events":     []any{map[string]any{"Image": `C:\` + secret + `\whoami.exe`, "CommandLine": secret}},
		})
		log := s.log.String()
		if strings.Contains(log, secret) {
			t.Errorf("audit-full=%v: an event value appears in the audit log:\n%s", full, log)
		}
		if !strings.Contains(log, `"tool":"test_sigma_rule"`) || !strings.Contains(log, `"count":1`) {
			t.Errorf("audit-full=%v: no audit line with the event count:\n%s", full, log)
		}
		if strings.Contains(log, "Whoami Execution For Tests") != full {
			t.Errorf("audit-full=%v: rule text logged=%v", full, !full)
		}
	}
}
