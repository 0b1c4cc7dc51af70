package mcp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sigmakql/sigmakql/mcp"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

func TestEveryToolIsTypedAndReadOnly(t *testing.T) {
	s := connect(t, mcp.Options{})
	res, err := s.cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if tool.Annotations == nil || !tool.Annotations.ReadOnlyHint {
			t.Errorf("%s: not annotated read-only", tool.Name)
		}
		if tool.InputSchema == nil || tool.OutputSchema == nil {
			t.Errorf("%s: missing input or output schema", tool.Name)
		}
		if tool.Description == "" {
			t.Errorf("%s: no description", tool.Name)
		}
	}
	if want := mcp.ToolNames(); !slices.Equal(names, want) {
		t.Errorf("tools/list = %v, registered %v", names, want)
	}
}

func TestListTables(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name     string
		args     map[string]any
		wantIn   string // a table that must be listed
		wantOut  string // a table that must not be listed
		truncate bool
	}{
		{name: "name search", args: map[string]any{"search": "securityevent"}, wantIn: "SecurityEvent", wantOut: "Syslog"},
		{name: "column search", args: map[string]any{"column": "ProcessCommandLine"}, wantIn: "DeviceProcessEvents", wantOut: "Syslog"},
		{name: "both", args: map[string]any{"search": "Device", "column": "InitiatingProcessCommandLine"}, wantIn: "DeviceProcessEvents", wantOut: "SecurityEvent"},
		{name: "limit", args: map[string]any{"limit": 1}, truncate: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				Tables []struct {
					Name string `json:"name"`
				} `json:"tables"`
				Total     int  `json:"total"`
				Truncated bool `json:"truncated"`
			}
			decode(t, s.call(t, "list_tables", tt.args), &out)
			var names []string
			for _, tb := range out.Tables {
				names = append(names, tb.Name)
			}
			if tt.wantIn != "" && !slices.Contains(names, tt.wantIn) {
				t.Errorf("%s not listed in %v", tt.wantIn, names)
			}
			if tt.wantOut != "" && slices.Contains(names, tt.wantOut) {
				t.Errorf("%s listed in %v", tt.wantOut, names)
			}
			if out.Truncated != tt.truncate || (tt.truncate && len(out.Tables) != 1) {
				t.Errorf("truncated=%v with %d of %d tables", out.Truncated, len(out.Tables), out.Total)
			}
		})
	}
}

func TestGetTableSchema(t *testing.T) {
	s := connect(t, mcp.Options{})
	var out struct {
		Table   string `json:"table"`
		Columns []struct{ Name, Type string }
	}
	decode(t, s.call(t, "get_table_schema", map[string]any{"table": "SecurityEvent"}), &out)
	if out.Table != "SecurityEvent" || !slices.ContainsFunc(out.Columns, func(c struct{ Name, Type string }) bool {
		return c.Name == "EventID" && c.Type == "int"
	}) {
		t.Errorf("SecurityEvent schema lacks EventID:int: %+v", out)
	}
	res := s.call(t, "get_table_schema", map[string]any{"table": "securityevent"})
	if code := errorCode(t, res); code != toolkit.InvalidInput {
		t.Errorf("code %q, want invalid_input", code)
	}
	if !strings.Contains(text(res), "SecurityEvent") {
		t.Errorf("no suggestion of the right spelling: %s", text(res))
	}
}

func TestErrorsAreCodedToolResults(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name string
		tool string
		args any
		want toolkit.Code
	}{
		{"missing required argument", "get_table_schema", map[string]any{}, toolkit.InvalidInput},
		{"unknown argument", "get_table_schema", map[string]any{"table": "Syslog", "tabel": "x"}, toolkit.InvalidInput},
		{"wrong type", "list_tables", map[string]any{"limit": "ten"}, toolkit.InvalidInput},
		{"limit out of range", "list_tables", map[string]any{"limit": 100000}, toolkit.InvalidInput},
		{"name too long", "get_table_schema", map[string]any{"table": strings.Repeat("T", toolkit.MaxNameChars+1)}, toolkit.LimitExceeded},
		{"arguments too large", "list_tables", map[string]any{"search": strings.Repeat("x", toolkit.MaxArgumentBytes)}, toolkit.LimitExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errorCode(t, s.call(t, tt.tool, tt.args)); got != tt.want {
				t.Errorf("code %q, want %q", got, tt.want)
			}
			// One bad call never affects the next.
			var out struct{ Total int }
			decode(t, s.call(t, "list_tables", map[string]any{"search": "Syslog"}), &out)
			if out.Total == 0 {
				t.Error("a good call after a bad one found nothing")
			}
		})
	}
}

func TestUnknownToolIsAProtocolError(t *testing.T) {
	s := connect(t, mcp.Options{})
	_, err := s.cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "rm_rf", Arguments: map[string]any{}})
	if err == nil {
		t.Fatal("calling an unknown tool succeeded")
	}
}

func TestConcurrentCalls(t *testing.T) {
	s := connect(t, mcp.Options{})
	calls := []struct {
		tool    string
		args    map[string]any
		isError bool
	}{
		{"get_table_schema", map[string]any{"table": "SecurityEvent"}, false},
		{"get_table_schema", map[string]any{"table": "NoSuchTable"}, true},
		{"convert_sigma_to_kql", map[string]any{"sigma_yaml": whoamiRule}, false},
		{"convert_sigma_to_kql", map[string]any{"sigma_yaml": unsupportedRule}, true},
		{"check_sigma_rule", map[string]any{"sigma_yaml": badModifierRule}, false},
		{"test_sigma_rule", map[string]any{"sigma_yaml": whoamiRule, "events": []any{map[string]any{"Image": "x"}}}, false},
		{"list_tables", map[string]any{"column": "CommandLine"}, false},
		{"list_pipelines", map[string]any{}, false},
	}
	const rounds = 8
	var wg sync.WaitGroup
	errs := make(chan error, rounds*len(calls))
	for i := range rounds * len(calls) {
		c := calls[i%len(calls)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.cs.CallTool(context.Background(), &sdk.CallToolParams{Name: c.tool, Arguments: c.args})
			switch {
			case err != nil:
				errs <- fmt.Errorf("%s: %v", c.tool, err)
			case res.IsError != c.isError:
				errs <- fmt.Errorf("%s %v: isError=%v", c.tool, c.args, res.IsError)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := strings.Count(s.log.String(), `"method":"tools/call"`); n != rounds*len(calls) {
		t.Errorf("%d audit lines for %d calls", n, rounds*len(calls))
	}
}

func TestAuditLog(t *testing.T) {
	const secret = "EVENTVALUE-7f3a9c"
	s := connect(t, mcp.Options{})
	s.call(t, "list_tables", map[string]any{"search": "Syslog"})
	s.call(t, "get_table_schema", map[string]any{"table": secret})
	var entries []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.log.String()), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("audit line is not JSON: %q", line)
		}
		entries = append(entries, e)
	}
	if len(entries) != 2 {
		t.Fatalf("%d audit lines, want 2:\n%s", len(entries), s.log.String())
	}
	ok, failed := entries[0], entries[1]
	for _, key := range []string{"time", "tool", "params", "duration_ms", "outcome", "counts"} {
		if _, has := ok[key]; !has {
			t.Errorf("audit entry lacks %q: %v", key, ok)
		}
	}
	if ok["outcome"] != "ok" || failed["outcome"] != "error" || failed["error_code"] != "invalid_input" {
		t.Errorf("outcomes: %v / %v", ok, failed)
	}
}
