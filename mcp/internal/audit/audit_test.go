package audit

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	const rule = "title: secret rule text"
	const eventValue = "C:\\Users\\alice\\payload.exe"
	args := json.RawMessage(`{
		"sigma_yaml": ` + quote(rule) + `,
		"pipeline": "azure_monitor",
		"events": [{"Image": ` + quote(eventValue) + `}],
		"placeholders": {"admins": ["alice"]},
		"limit": 5
	}`)
	tests := []struct {
		name      string
		full      bool
		wantRule  bool // rule text appears verbatim
		forbidden []string
	}{
		{name: "default", full: false, wantRule: false, forbidden: []string{rule, eventValue, "alice"}},
		{name: "full", full: true, wantRule: true, forbidden: []string{eventValue, "alice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(Sanitize(args, tt.full))
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			if strings.Contains(got, quote(rule)) != tt.wantRule {
				t.Errorf("rule text verbatim=%v, want %v: %s", !tt.wantRule, tt.wantRule, got)
			}
			for _, f := range tt.forbidden {
				if strings.Contains(got, strings.Trim(quote(f), `"`)) {
					t.Errorf("audit params hold %q: %s", f, got)
				}
			}
			for _, want := range []string{`"pipeline":"azure_monitor"`, `"limit":5`, `"count":1`, `"sha256":"`} {
				if !strings.Contains(got, want) {
					t.Errorf("audit params lack %s: %s", want, got)
				}
			}
		})
	}
}

func TestSanitizeOddArguments(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"empty", ``, `null`},
		{"not an object", `[1,2]`, `"_unparsed"`},
		{"long name", `{"table":"` + strings.Repeat("T", maxVerbatim+1) + `"}`, `"chars":257`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := json.Marshal(Sanitize(json.RawMessage(tt.raw), false))
			if !strings.Contains(string(b), tt.want) {
				t.Errorf("got %s, want it to contain %s", b, tt.want)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	got := Counts(json.RawMessage(`{"rules":[1,2],"valid":true,"diagnostics":[],"table":"T"}`))
	if len(got) != 2 || got["rules"] != 2 || got["diagnostics"] != 0 {
		t.Errorf("Counts = %v", got)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
