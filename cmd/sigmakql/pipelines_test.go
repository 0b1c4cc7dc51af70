package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPipelinesCommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		contains []string
	}{
		{"text", []string{"pipelines"}, exitOK, []string{"azure_monitor (priority 20)", "process_creation = sysmon | security", "product=windows category=process_creation", "WindowsEvent, SecurityEvent", "unsupported: "}},
		{"named", []string{"pipelines", "azure_monitor"}, exitOK, []string{"product=aws service=cloudtrail", "AWSCloudTrail"}},
		{"unknown", []string{"pipelines", "azure_monitr"}, exitUsage, nil},
		{"bad format", []string{"pipelines", "-f", "xml"}, exitUsage, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			for _, want := range tt.contains {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestPipelinesJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "pipelines", "-f", "json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var infos []struct {
		Name       string `json:"name"`
		Logsources []struct {
			Tables []string `json:"tables"`
		} `json:"logsources"`
	}
	if err := json.Unmarshal([]byte(out), &infos); err != nil || len(infos) == 0 || infos[0].Name != "azure_monitor" || len(infos[0].Logsources) < 50 {
		t.Fatalf("json = %.300s (err %v)", out, err)
	}
}
