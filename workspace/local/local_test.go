package local

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql/guard"
)

// TestRunOverSchemaTables runs a detection-shaped query over a WindowsEvent
// table built from JSON objects with the snapshot's columns.
func TestRunOverSchemaTables(t *testing.T) {
	w := New()
	err := w.AddRows("WindowsEvent", []map[string]any{
		{"EventID": 1, "Provider": "Microsoft-Windows-Sysmon", "EventData": map[string]any{"Image": `C:\Windows\System32\cmd.exe`}},
		{"EventID": 1, "Provider": "Microsoft-Windows-Sysmon", "EventData": map[string]any{"Image": `C:\Windows\notepad.exe`}},
		{"EventID": 4688},
	})
	if err != nil {
		t.Fatal(err)
	}
	res, diags := w.Run(context.Background(), `WindowsEvent | where EventID == 1 and tostring(EventData.Image) endswith @'\cmd.exe' | project Provider`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(res.Rows) != 1 || res.Rows[0][0].S != "Microsoft-Windows-Sysmon" {
		t.Errorf("got %s", res.Format())
	}
}

// TestUnknownTableAndEmptyTables checks that a schema table with no rows
// yields an empty result, and an unknown table a diagnostic.
func TestUnknownTableAndEmptyTables(t *testing.T) {
	w := New()
	res, diags := w.Run(context.Background(), "SecurityEvent | where EventID == 4688 | count")
	if diags.HasErrors() || res.Rows[0][0].N != 0 {
		t.Errorf("empty SecurityEvent: %v %v", res, diags)
	}
	if _, diags := w.Run(context.Background(), "NoSuchTable | take 1"); !diags.HasErrors() {
		t.Error("unknown table: no diagnostic")
	}
}

// TestLoadDir reads a JSON array file and a JSON Lines file, and rejects
// data that is not objects.
func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("SecurityEvent.json", `[{"EventID": 4688, "Account": "a"}, {"EventID": "4624", "Account": "b"}]`)
	write("Syslog.jsonl", "{\"SyslogMessage\": \"x\"}\n{\"SyslogMessage\": \"y\"}\n")
	write("notes.txt", "ignored")
	w := New()
	if err := w.LoadDir(dir); err != nil {
		t.Fatal(err)
	}
	res, diags := w.Run(context.Background(), "SecurityEvent | where EventID == 4624 | project Account")
	if diags.HasErrors() || len(res.Rows) != 1 || res.Rows[0][0].S != "b" {
		t.Errorf("SecurityEvent: %v %v", res, diags)
	}
	if n := len(w.Tables["Syslog"].Rows); n != 2 {
		t.Errorf("Syslog has %d rows, want 2", n)
	}
	write("Syslog.jsonl", "[1, 2]")
	if err := New().LoadDir(dir); err == nil {
		t.Error("an array of numbers loaded without error")
	}
}

// TestRunRefusesWhatTheGuardDenies checks that the local workspace applies the
// read-only guard before evaluating, so a dry-run behaves as a live run would.
func TestRunRefusesWhatTheGuardDenies(t *testing.T) {
	tests := []struct {
		name  string
		query string
		code  diag.Code
	}{
		{"management command", ".drop table SecurityEvent", guard.CodeCommand},
		{"external data", `externaldata (x:string) [@"https://example.invalid/x.csv"]`, guard.CodeExternal},
		{"code plugin", `print x = 1 | evaluate python(typeof(*), "result = df")`, guard.CodePlugin},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, diags := New().Run(context.Background(), tc.query)
			if res != nil || !hasCode(diags, tc.code) {
				t.Errorf("got result %v, diagnostics %v; want refusal with %s", res, diags, tc.code)
			}
		})
	}
}

func hasCode(l diag.List, code diag.Code) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}
