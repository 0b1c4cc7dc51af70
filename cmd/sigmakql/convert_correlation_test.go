package main

import (
	"strings"
	"testing"
)

// TestConvertCorrelationOption checks -O correlation: windows (the default)
// and bins are accepted, anything else is a usage error naming both.
func TestConvertCorrelationOption(t *testing.T) {
	tests := []struct {
		name  string
		value string
		code  int
		want  string // in stdout for accepted values, in stderr otherwise
	}{
		{"windows", "correlation=windows", exitOK, "SigmaWindowStart"},
		{"bins", "correlation=bins", exitOK, "bin(TimeGenerated, 300s)"},
		{"unknown", "correlation=sliding", exitUsage, "want windows or bins"},
	}
	const rules = `title: Failed logon
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
---
title: Many failed logons
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - TargetUserName
    timespan: 5m
    condition:
        gte: 10
`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, rules, "convert", "-O", tt.value, "-")
			out := stdout
			if tt.code != exitOK {
				out = stderr
			}
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d with %q", code, stdout, stderr, tt.code, tt.want)
			}
		})
	}
}
