package resources

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/ir"
)

// TestEveryModifierIsDocumented fails when ir gains a modifier the reference does
// not explain, so the resource never silently falls behind the parser.
func TestEveryModifierIsDocumented(t *testing.T) {
	ref := modifierReference()
	for _, name := range ir.ModifierNames() {
		k := ir.LookupModifier(name)
		if d, ok := modifierDocs[k]; !ok || d.meaning == "" || d.kql == "" {
			t.Errorf("modifier %q (%s) has no reference entry", name, k)
		}
		if !strings.Contains(ref, "`"+name+"`") {
			t.Errorf("reference does not mention the spelling %q", name)
		}
	}
}
