package kql

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/kql")

// TestGolden parses input.kql of each testdata/kql/*.txtar file and compares the
// printed query, the tree shape and the diagnostics with the golden sections.
// A golden print must itself parse and print unchanged.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/kql/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			checkGolden(t, file)
		})
	}
}

func checkGolden(t *testing.T, file string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	input := section(ar, "input.kql")
	q, diags := Parse(input)
	got := map[string]string{}
	if len(diags) > 0 {
		got["diagnostics"] = diags.Error() + "\n"
	}
	if q != nil {
		got["print.kql"] = Print(q) + "\n"
		got["tree"] = dumpTree(q)
		if again, d := Parse(Print(q)); d.HasErrors() || Print(again) != Print(q) {
			t.Errorf("printed query is not stable: %v", d)
		}
	}
	if *update {
		writeGolden(t, file, ar, input, got)
		return
	}
	for _, name := range []string{"print.kql", "tree", "diagnostics"} {
		if diff := cmp.Diff(section(ar, name), got[name]); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
		}
	}
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func writeGolden(t *testing.T, file string, ar *txtar.Archive, input string, got map[string]string) {
	t.Helper()
	out := &txtar.Archive{Comment: ar.Comment, Files: []txtar.File{{Name: "input.kql", Data: []byte(input)}}}
	for _, name := range []string{"print.kql", "tree", "diagnostics"} {
		if got[name] != "" {
			out.Files = append(out.Files, txtar.File{Name: name, Data: []byte(got[name])})
		}
	}
	if err := os.WriteFile(file, txtar.Format(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dumpTree lists the nodes of q, indented by depth, with the fields that say
// what each node is.
func dumpTree(q *Query) string {
	var b strings.Builder
	depth := 0
	Inspect(q, func(n Node) bool {
		if n == nil {
			depth--
			return false
		}
		fmt.Fprintf(&b, "%s%s%s\n", strings.Repeat("  ", depth), reflect.TypeOf(n).Elem().Name(), nodeLabel(n))
		depth++
		return true
	})
	return b.String()
}

func nodeLabel(n Node) string {
	switch n := n.(type) {
	case *NameRef:
		return " " + n.Name
	case *Name:
		return " " + n.Value
	case *NamePattern:
		return " " + n.Value
	case *Literal:
		return fmt.Sprintf(" %s %q", n.Kind, n.Value)
	case *Binary:
		return " " + n.Op
	case *InExpr:
		return " " + n.Op
	case *Unary:
		return " " + n.Op
	case *Call:
		return " " + n.Func
	case *Member:
		return " ." + n.Name
	case *Option:
		return " " + n.Name + "=" + n.Value
	case *ParseItem:
		if n.Star {
			return " *"
		}
		return " " + n.Literal
	case *CommandStmt:
		return " " + n.Name
	}
	return ""
}
