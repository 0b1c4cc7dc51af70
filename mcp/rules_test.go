package mcp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/mcp"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
)

// whoamiRule is a typical process-creation rule, written for these tests.
const whoamiRule = `title: Whoami Execution For Tests
id: 0f2a0b6e-8a53-4c1e-9d4e-1b2c3d4e5f60
status: test
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\whoami.exe'
        CommandLine|contains:
            - '/all'
            - '/priv'
    condition: selection
level: medium
`

// badModifierRule uses a modifier that does not exist.
const badModifierRule = `title: Bad Modifier
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswitch: '\whoami.exe'
    condition: selection
`

// unsupportedRule has a logsource no built-in pipeline maps to a table.
const unsupportedRule = `title: Unknown Product For Tests
logsource:
    product: no_such_product_xyz
    service: nothing
detection:
    selection:
        Field: value
    condition: selection
`

type convertOut struct {
	Pipeline string `json:"pipeline"`
	Rules    []struct {
		ID          string   `json:"id"`
		OK          bool     `json:"ok"`
		Table       string   `json:"table"`
		Queries     []string `json:"queries"`
		Diagnostics []struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Line     int    `json:"line"`
		} `json:"diagnostics"`
	} `json:"rules"`
}

func TestConvert(t *testing.T) {
	s := connect(t, mcp.Options{})
	var out convertOut
	decode(t, s.call(t, "convert_sigma_to_kql", map[string]any{"sigma_yaml": whoamiRule}), &out)
	if out.Pipeline != "azure_monitor" || len(out.Rules) != 1 {
		t.Fatalf("unexpected output: %+v", out)
	}
	r := out.Rules[0]
	if !r.OK || r.Table == "" || len(r.Queries) != 1 {
		t.Fatalf("rule not converted: %+v", r)
	}
	for _, want := range []string{r.Table, `endswith`, `whoami.exe`, `/priv`} {
		if !strings.Contains(r.Queries[0], want) {
			t.Errorf("query lacks %q:\n%s", want, r.Queries[0])
		}
	}
}

func TestConvertErrors(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name string
		args map[string]any
		want toolkit.Code
	}{
		{"no rule", map[string]any{}, toolkit.InvalidInput},
		{"both sources", map[string]any{"sigma_yaml": whoamiRule, "sigma_path": "x.yml"}, toolkit.InvalidInput},
		{"path without rules dir", map[string]any{"sigma_path": "x.yml"}, toolkit.InvalidInput},
		{"unknown pipeline", map[string]any{"sigma_yaml": whoamiRule, "pipeline": "azure_monitr"}, toolkit.InvalidInput},
		{"unknown target table", map[string]any{"sigma_yaml": whoamiRule, "target_table": "NoSuchTable"}, toolkit.InvalidInput},
		{"rule too large", map[string]any{"sigma_yaml": whoamiRule + "#" + strings.Repeat("x", toolkit.MaxSigmaChars)}, toolkit.LimitExceeded},
		{"not yaml", map[string]any{"sigma_yaml": "title: [unclosed"}, toolkit.ConversionError},
		{"bad modifier", map[string]any{"sigma_yaml": badModifierRule}, toolkit.ConversionError},
		{"unsupported logsource", map[string]any{"sigma_yaml": unsupportedRule}, toolkit.UnsupportedRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.call(t, "convert_sigma_to_kql", tt.args)
			if got := errorCode(t, res); got != tt.want {
				t.Errorf("code %q, want %q: %s", got, tt.want, text(res))
			}
		})
	}
}

func TestConvertReportsPositionsOfParseErrors(t *testing.T) {
	s := connect(t, mcp.Options{})
	res := s.call(t, "convert_sigma_to_kql", map[string]any{"sigma_yaml": badModifierRule})
	if !strings.Contains(text(res), "rule.yml:7:") {
		t.Errorf("no file:line:col for the bad modifier: %s", text(res))
	}
}

func TestSigmaPathIsConfined(t *testing.T) {
	allowed := t.TempDir()
	outside := t.TempDir()
	writeFile(t, filepath.Join(allowed, "win", "whoami.yml"), whoamiRule)
	writeFile(t, filepath.Join(outside, "secret.yml"), whoamiRule)
	if err := os.Symlink(filepath.Join(outside, "secret.yml"), filepath.Join(allowed, "link.yml")); err != nil {
		t.Fatal(err)
	}
	s := connect(t, mcp.Options{RulesDirs: []string{allowed}})
	tests := []struct {
		name string
		path string
		ok   bool
	}{
		{"relative", "win/whoami.yml", true},
		{"absolute inside", filepath.Join(allowed, "win", "whoami.yml"), true},
		{"absolute outside", filepath.Join(outside, "secret.yml"), false},
		{"dot dot", "../" + filepath.Base(outside) + "/secret.yml", false},
		{"symlink out", "link.yml", false},
		{"directory", "win", false},
		{"missing", "nope.yml", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.call(t, "convert_sigma_to_kql", map[string]any{"sigma_path": tt.path})
			if tt.ok {
				var out convertOut
				decode(t, res, &out)
				return
			}
			if code := errorCode(t, res); code != toolkit.InvalidInput {
				t.Errorf("code %q, want invalid_input: %s", code, text(res))
			}
		})
	}
}

func TestCheckSigmaRule(t *testing.T) {
	s := connect(t, mcp.Options{})
	tests := []struct {
		name      string
		rule      string
		valid     bool
		wantCode  string
		wantLine  int
		wantError bool
	}{
		{name: "clean", rule: whoamiRule, valid: true},
		{name: "bad modifier", rule: badModifierRule, valid: false, wantCode: "unknown-modifier", wantLine: 7, wantError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				Valid       bool `json:"valid"`
				Errors      int  `json:"errors"`
				Diagnostics []struct {
					Code string `json:"code"`
					Line int    `json:"line"`
					Col  int    `json:"col"`
				} `json:"diagnostics"`
			}
			decode(t, s.call(t, "check_sigma_rule", map[string]any{"sigma_yaml": tt.rule}), &out)
			if out.Valid != tt.valid || (out.Errors > 0) != tt.wantError {
				t.Errorf("valid=%v errors=%d: %+v", out.Valid, out.Errors, out)
			}
			if tt.wantCode == "" {
				return
			}
			for _, d := range out.Diagnostics {
				if d.Code == tt.wantCode && d.Line == tt.wantLine && d.Col > 0 {
					return
				}
			}
			t.Errorf("no %s at line %d: %+v", tt.wantCode, tt.wantLine, out.Diagnostics)
		})
	}
}

func TestListPipelines(t *testing.T) {
	s := connect(t, mcp.Options{})
	var out struct {
		Pipelines []struct {
			Name       string `json:"name"`
			Logsources []struct {
				Category string   `json:"category"`
				Tables   []string `json:"tables"`
			} `json:"logsources"`
		} `json:"pipelines"`
	}
	decode(t, s.call(t, "list_pipelines", map[string]any{}), &out)
	for _, p := range out.Pipelines {
		if p.Name == "azure_monitor" {
			if len(p.Logsources) == 0 {
				t.Error("azure_monitor lists no logsources")
			}
			return
		}
	}
	t.Errorf("azure_monitor not listed: %+v", out)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
