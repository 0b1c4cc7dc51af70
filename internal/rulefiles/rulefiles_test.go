package rulefiles

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIsRule(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"rule.yml", true},
		{"rule.yaml", true},
		{"RULE.YML", true},
		{"rule.tests.yml", false},
		{"rule.tests.yaml", false},
		{"rule.Tests.YML", false},
		{"rule.kql", false},
		{"notes.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRule(tt.name); got != tt.want {
				t.Errorf("IsRule(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{
		"b.yml", "a.yaml", "a.tests.yml", "a.kql",
		"sub/c.yml", "sub/c.tests.yaml", ".hidden/d.yml",
	} {
		writeFile(t, filepath.Join(dir, name))
	}
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"directory", []string{dir}, []string{"a.yaml", "b.yml", "sub/c.yml"}},
		{"named test file is kept", []string{filepath.Join(dir, "a.tests.yml")}, []string{"a.tests.yml"}},
		{"argument order, each once", []string{filepath.Join(dir, "sub"), dir}, []string{"sub/c.yml", "a.yaml", "b.yml"}},
		{"named hidden directory", []string{filepath.Join(dir, ".hidden")}, []string{".hidden/d.yml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Collect(tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i], _ = filepath.Rel(dir, got[i])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Collect (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCollectMissingPath(t *testing.T) {
	if _, err := Collect([]string{filepath.Join(t.TempDir(), "absent")}); err == nil {
		t.Error("Collect of a missing path: no error")
	}
}

func writeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("title: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}
