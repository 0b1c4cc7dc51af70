package mcp_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/mcp"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

type validateOut struct {
	Valid        bool `json:"valid"`
	SyntaxErrors []struct {
		Line int    `json:"line"`
		Code string `json:"code"`
	} `json:"syntax_errors"`
	UnknownTables  []unknownName `json:"unknown_tables"`
	UnknownColumns []unknownName `json:"unknown_columns"`
}

type unknownName struct {
	Name        string   `json:"name"`
	Table       string   `json:"table"`
	Line        int      `json:"line"`
	Col         int      `json:"col"`
	Suggestions []string `json:"suggestions"`
}

func TestValidateKQL(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name       string
		args       map[string]any
		valid      bool
		syntax     bool
		table      string // an unknown table expected
		column     string // an unknown column expected
		suggestion string // among the column's or table's suggestions
		line, col  int    // of the unknown name
	}{
		{name: "valid", args: map[string]any{"query": "SecurityEvent\n| where EventID == 4688\n| project TimeGenerated, Computer"}, valid: true},
		{name: "fragment with table", args: map[string]any{"query": "| where EventID == 4688", "table": "SecurityEvent"}, valid: true},
		{name: "unknown column", args: map[string]any{"query": "SecurityEvent\n| where EventId == 4688"}, column: "EventId", suggestion: "EventID", line: 2, col: 9},
		{name: "unknown table", args: map[string]any{"query": "SecurityEvents | take 1"}, table: "SecurityEvents", suggestion: "SecurityEvent", line: 1, col: 1},
		{name: "column after project", args: map[string]any{"query": "SecurityEvent\n| project Computer\n| where EventID == 1"}, column: "EventID", line: 3, col: 9},
		{name: "syntax error", args: map[string]any{"query": "SecurityEvent | where ("}, syntax: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out validateOut
			decode(t, s.call(t, "validate_kql_against_schema", tt.args), &out)
			if out.Valid != tt.valid || (len(out.SyntaxErrors) > 0) != tt.syntax {
				t.Fatalf("valid=%v syntax=%v: %+v", out.Valid, out.SyntaxErrors, out)
			}
			check := func(kind, want string, got []unknownName) {
				if want == "" {
					if len(got) > 0 {
						t.Errorf("unexpected unknown %s: %+v", kind, got)
					}
					return
				}
				for _, u := range got {
					if u.Name == want && u.Line == tt.line && u.Col == tt.col &&
						(tt.suggestion == "" || slices.Contains(u.Suggestions, tt.suggestion)) {
						return
					}
				}
				t.Errorf("no unknown %s %q at %d:%d suggesting %q: %+v", kind, want, tt.line, tt.col, tt.suggestion, got)
			}
			check("table", tt.table, out.UnknownTables)
			check("column", tt.column, out.UnknownColumns)
		})
	}
}

func TestValidateKQLErrors(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name string
		args map[string]any
		want toolkit.Code
	}{
		{"empty", map[string]any{"query": " "}, toolkit.InvalidInput},
		{"too long", map[string]any{"query": "SecurityEvent | take 1 //" + strings.Repeat("x", toolkit.MaxKQLChars)}, toolkit.LimitExceeded},
		{"unknown table argument", map[string]any{"query": "| take 1", "table": "Securityevent"}, toolkit.InvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorCode(t, s.call(t, "validate_kql_against_schema", tt.args)); got != tt.want {
				t.Errorf("code %q, want %q", got, tt.want)
			}
		})
	}
}

// TestConvertedQueriesValidate closes the loop the workflow prompt describes: the
// KQL convert_sigma_to_kql emits validates against the schema of its table.
func TestConvertedQueriesValidate(t *testing.T) {
	s := connect(t, mcp.Options{})
	var conv convertOut
	decode(t, s.call(t, "convert_sigma_to_kql", map[string]any{"sigma_yaml": whoamiRule}), &conv)
	for _, q := range conv.Rules[0].Queries {
		var out validateOut
		decode(t, s.call(t, "validate_kql_against_schema", map[string]any{"query": q}), &out)
		if !out.Valid {
			t.Errorf("converted query does not validate: %+v\n%s", out, q)
		}
	}
}
