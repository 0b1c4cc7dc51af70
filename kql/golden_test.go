package kql

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

// TestGolden parses input.kql of each testdata/kql/*.txtar file and compares the
// printed query, the tree shape and the diagnostics with the golden sections.
// A golden print must itself parse and print unchanged.
func TestGolden(t *testing.T) {
	golden.Run(t, "../testdata/kql/*.txtar", checkGolden)
}

func checkGolden(t *testing.T, f *golden.File) {
	q, diags := Parse(f.Section("input.kql"))
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
	for _, name := range []string{"print.kql", "tree", "diagnostics"} {
		f.Compare(t, name, got[name])
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
