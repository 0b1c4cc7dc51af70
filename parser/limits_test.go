package parser

import (
	"strconv"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
)

// aliasBomb builds the "billion laughs" document: each level refers to the
// previous one ten times.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < levels; i++ {
		prev := "*a" + strconv.Itoa(i-1)
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n")
	}
	return b.String()
}

func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// TestInputLimits checks that hostile or malformed input yields one clear
// diagnostic with its own code at the right place, and no documents.
func TestInputLimits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opts Options
		code diag.Code
		pos  string
	}{
		{"empty", "", Options{}, CodeEmptyFile, "f.yml:1:1"},
		{"blank", " \n\t\n", Options{}, CodeEmptyFile, "f.yml:1:1"},
		{"only separators", "---\n---\n", Options{}, CodeEmptyFile, "f.yml:1:1"},
		{"nul byte", "title: a\ndetection: b\x00c\n", Options{}, CodeNulByte, "f.yml:2:13"},
		{"invalid utf8", "title: ok\nname: \xff\xfe\n", Options{}, CodeInvalidUTF8, "f.yml:2:7"},
		{"file too large", "title: " + strings.Repeat("a", 100) + "\n", Options{MaxFileSize: 64}, CodeFileTooLarge, "f.yml:1:1"},
		{"alias bomb", "title: bomb\n" + aliasBomb(9), Options{}, CodeYAMLAliases, ""},
		{"nesting", "title: " + nested(100) + "\n", Options{}, CodeYAMLDepth, "f.yml:1:"},
		{"nesting small limit", "a: {b: {c: {d: 1}}}\n", Options{MaxDepth: 3}, CodeYAMLDepth, "f.yml:1:"},
		{"value too long", "title: " + strings.Repeat("v", 300) + "\n", Options{MaxValueLen: 256}, CodeValueTooLong, "f.yml:1:8"},
		{"too many documents", strings.Repeat("title: a\n---\n", 5), Options{MaxDocuments: 3}, CodeTooManyDocs, ""},
		{"top-level list", "- title: x\n", Options{}, CodeNotMapping, "f.yml:1:1"},
		{"syntax error", "title: [x\nlevel: high\n", Options{}, CodeYAMLSyntax, "f.yml:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ds := ParseFileOptions("f.yml", []byte(tt.src), tt.opts)
			if len(f.Docs) != 0 {
				t.Errorf("got %d documents, want none", len(f.Docs))
			}
			d := findCode(ds, tt.code)
			if d == nil {
				t.Fatalf("no [%s] diagnostic; got:\n%v", tt.code, ds)
			}
			if d.Severity != diag.Error || !strings.HasPrefix(d.Pos.String(), tt.pos) {
				t.Errorf("got %v, want an error at %s", d, tt.pos)
			}
		})
	}
}

func findCode(ds diag.List, code diag.Code) *diag.Diagnostic {
	for i := range ds {
		if ds[i].Code == code {
			return &ds[i]
		}
	}
	return nil
}

// TestDefaultOptions guards the documented defaults: ParseFile and a zero Options
// apply the same limits.
func TestDefaultOptions(t *testing.T) {
	got := Options{}.withDefaults()
	if got != DefaultOptions() {
		t.Errorf("zero Options resolve to %+v, want %+v", got, DefaultOptions())
	}
	if got.MaxFileSize != 1<<20 {
		t.Errorf("MaxFileSize = %d, want 1 MiB", got.MaxFileSize)
	}
}
