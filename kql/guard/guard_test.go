package guard

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
)

func TestCheckReadOnly(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  diag.Code // "" means allowed
	}{
		{"plain query", "SecurityEvent | where EventID == 4625", ""},
		{"drop inside a string", `SecurityEvent | extend x = ".drop table SecurityEvent"`, ""},
		{"alter inside a verbatim string", `T | where Cmd has @".alter table x"`, ""},
		{"command word as a column", "T | project drop = 1, alter = 2", ""},
		{"let and query", "let x = 5; T | take x", ""},
		{"read-only plugin", "T | evaluate bag_unpack(Props)", ""},
		{"dot in a string after a semicolon", "let s = \";.drop\"; T | where x == s", ""},
		{"comment mentioning a command", "// .drop table T\nT | take 1", ""},
		{"member access across lines", "T | extend a = b\n.show", ""},
		{"drop table", ".drop table SecurityEvent", CodeCommand},
		{"spaced dot", ". drop table SecurityEvent", CodeCommand},
		{"dot after newline and spaces", "\n   \t.alter table T policy retention", CodeCommand},
		{"set command", ".set T <| print 1", CodeCommand},
		{"after a comment", "// harmless\n.drop table T", CodeCommand},
		{"after a block of comments", "// a\n// b\n  . delete table T records", CodeCommand},
		{"after a semicolon", "T | take 1; .drop table T", CodeCommand},
		{"after let", "let x = 1;\n.drop table T", CodeCommand},
		{"show command", ".show tables", CodeCommand},
		{"after a no-break space", "\u00a0.drop table T", CodeCommand},
		{"after a zero-width space", "\u200b.drop table T", CodeCommand},
		{"after a byte-order mark", "\ufeff.drop table T", CodeCommand},
		{"fullwidth dot", "\uff0edrop table T", CodeNotQuery},
		{"command inside a function body", "let f = () { .drop table T }; f()", CodeNotQuery},
		{"plugin in a join", "T | join (U | evaluate python(typeof(*), \"x\")) on a", CodePlugin},
		{"plugin in toscalar", "print toscalar(T | evaluate r(typeof(*), \"x\"))", CodePlugin},
		{"externaldata in a function", "let f = () { externaldata(a:string) [\"https://x\"] }; f()", CodeExternal},
		{"external_table in a union", "union T, external_table(\"x\")", CodeExternal},
		{"plugin name is case-sensitive", "T | evaluate Python(typeof(*), \"x\")", CodeUnknownPlug},
		{"externaldata", `externaldata(a:string) ["https://example.com/x.csv"]`, CodeExternal},
		{"externaldata in let", "let E = externaldata(a:string) [@\"https://x\"];\nE", CodeExternal},
		{"external_table", `external_table("logs") | take 1`, CodeExternal},
		{"python plugin", `T | evaluate python(typeof(*), "result = df")`, CodePlugin},
		{"r plugin", `T | evaluate r(typeof(*), "result <- df")`, CodePlugin},
		{"http plugin unpiped", `evaluate http_request("https://example.com")`, CodePlugin},
		{"sql plugin", `evaluate sql_request("Server=x", "select 1")`, CodePlugin},
		{"unknown plugin", "T | evaluate my_new_plugin(x)", CodeUnknownPlug},
		{"syntax error", "T | where", CodeNotQuery},
		{"command after pipe", "T | .drop table T", CodeNotQuery},
		{"no query", "let x = 1;", CodeNotQuery},
		{"too long", "T | where x == \"" + strings.Repeat("a", MaxQueryBytes) + "\"", CodeTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diags := CheckReadOnly(tt.query)
			if tt.want == "" {
				if len(diags) > 0 {
					t.Fatalf("rejected a read-only query: %v", diags)
				}
				return
			}
			if !hasCode(diags, tt.want) {
				t.Fatalf("want a %s diagnostic, got %v", tt.want, diags)
			}
			for _, d := range diags {
				if d.Line < 1 || d.Col < 1 {
					t.Errorf("diagnostic without a position: %v", d)
				}
			}
		})
	}
}

func hasCode(diags diag.List, code diag.Code) bool {
	for _, d := range diags {
		if d.Code == code {
			return true
		}
	}
	return false
}
