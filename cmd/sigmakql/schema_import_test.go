package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSchemaImportWritesUsableFile imports an export with -o and validates a
// query against the written file, as a user would next.
func TestSchemaImportWritesUsableFile(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "tables.json")
	out := filepath.Join(dir, "workspace.json")
	writeFile(t, export, `{"value": [{"name": "Door_CL", "properties": {"schema": {"name": "Door_CL",
		"columns": [{"name": "Door_s", "type": "string"}], "standardColumns": [{"name": "TimeGenerated", "type": "dateTime"}]}}}]}`)
	if code, stdout, stderr := runCLI(t, "", "schema", "import", "-o", out, export); code != exitOK || stdout != "" {
		t.Fatalf("import: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ := runCLI(t, "", "validate", "--add-schema", out, "--query", "Door_CL | where Doors == 'x'")
	if code != exitFindings || !strings.Contains(stdout, `did you mean "Door_s"?`) {
		t.Errorf("validate against the imported schema: exit %d, %s", code, stdout)
	}
}

// TestSchemaImportFailureWritesNothing checks that a bad export leaves no
// output file behind.
func TestSchemaImportFailureWritesNothing(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "bad.json")
	out := filepath.Join(dir, "out.json")
	writeFile(t, export, `{"value": [{"name": "X_CL", "properties": {"schema": {"columns": [{"name": "A", "type": "varchar"}]}}}]}`)
	if code, _, stderr := runCLI(t, "", "schema", "import", "-o", out, export); code != exitFindings || !strings.Contains(stderr, "varchar") {
		t.Errorf("exit %d, stderr %q; want 1 and the bad type named", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output file exists after a failed import: %v", err)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
