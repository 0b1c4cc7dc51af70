package kql

import "github.com/sigmakql/sigmakql/diag"

// check finishes a parse: it decodes bracketed names, which the grammar captures
// with their quotes, and reports what the grammar cannot express.
func check(q *Query) diag.List {
	var diags diag.List
	Inspect(q, func(n Node) bool {
		switch n := n.(type) {
		case *Name:
			n.Value = unquoteName(n.Value)
		case *NamePattern:
			n.Value = unquoteName(n.Value)
		case *EvaluateOp:
			if _, ok := n.Plugin.(*Call); !ok {
				diags.Errorf(diagPos(n.Plugin.Start()), CodeSyntax, "evaluate needs a plugin call such as bag_unpack(x)")
			}
		}
		return true
	})
	return diags
}

// unquoteName strips the quotes the grammar keeps on a bracketed name.
func unquoteName(s string) string {
	if len(s) > 1 && (s[0] == '\'' || s[0] == '"') {
		return unquote(s)
	}
	return s
}
