package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunCommand dry-runs queries over a data directory of sample rows.
func TestRunCommand(t *testing.T) {
	dir := t.TempDir()
	rows := `{"EventID": 1, "Provider": "Microsoft-Windows-Sysmon", "EventData": {"Image": "C:\\Windows\\System32\\cmd.exe"}}
{"EventID": 1, "Provider": "Microsoft-Windows-Sysmon", "EventData": {"Image": "C:\\Windows\\notepad.exe"}}
`
	if err := os.WriteFile(filepath.Join(dir, "WindowsEvent.jsonl"), []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	query := `WindowsEvent | where tostring(EventData.Image) endswith @'\cmd.exe' | project EventID, Image = tostring(EventData.Image)`
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string
		stderrs string
	}{
		{"text", []string{"run", "--data", dir, query}, exitOK, "EventID:int\tImage:string\n1\tC:\\Windows\\System32\\cmd.exe\n", ""},
		{"json", []string{"run", "--data", dir, "-f", "json", query}, exitOK,
			`{"columns":[{"name":"EventID","type":"int"},{"name":"Image","type":"string"}],"rows":[[1,"C:\\Windows\\System32\\cmd.exe"]]}` + "\n", ""},
		{"empty schema table", []string{"run", "SecurityEvent | count"}, exitOK, "Count:long\n0\n", ""},
		{"unsupported", []string{"run", "print hash_md5('a')"}, exitFindings, "", "query:1:7: error: function hash_md5() is not supported by the local engine [eval-unsupported]"},
		{"syntax", []string{"run", "T | where"}, exitFindings, "", "[kql-syntax]"},
		{"usage", []string{"run"}, exitUsage, "", "give exactly one of QUERY or --file FILE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tc.args...)
			if code != tc.code || stdout != tc.stdout || !strings.Contains(stderr, tc.stderrs) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q", code, stdout, stderr, tc.code, tc.stdout, tc.stderrs)
			}
		})
	}
}
